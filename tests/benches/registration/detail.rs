//! One request's page at the queue's size: a request raised and walked to "identity
//! verified" through the portal (so its timeline holds its audit entries), then the three
//! reads the page needs (the request, the person's devices, its timeline) run directly,
//! against the server function and the whole page over HTTP.

use ra_db::{
    Db,
    repo::{
        audit::{self, Subject},
        enrolment, registration,
    },
};
use ra_domain::RequestId;
use ra_portal_tests::{Browser, TestPortal, journey::identity_verified, median, ms};

use crate::RUNS;

pub async fn run(portal: &TestPortal, db: &Db, officer: &Browser, manager: &Browser) {
    let (name, email) = ("Page Bench", "page.bench@meadowbank-care.org.uk");
    let id = identity_verified(officer, manager, email, name).await;
    let request = RequestId::parse(&id).unwrap();
    let mut entries = 0;
    let raw = median!(RUNS, {
        let row = registration::find(db, request).await.unwrap().unwrap();
        enrolment::devices_of(db, &row.email).await.unwrap();
        entries = audit::for_subject(db, Subject::RegistrationRequest, &id)
            .await
            .unwrap()
            .len();
    });
    let via_fn = median!(RUNS, {
        let (status, body) = officer
            .call("registration/get", &[("id", id.as_str())])
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["summary"]["person_name"], name);
        assert_eq!(body["timeline"].as_array().map(Vec::len), Some(entries));
    });
    let via_page = median!(RUNS, {
        let page = officer.get(&portal.url(&format!("/requests/{id}"))).await;
        assert_eq!(page.status, 200);
        assert!(page.has_text(name) && page.has_text("Identity verified"));
    });
    println!(
        "| one request's page ({entries} audit entries; its three reads) | {} | {} | {} |",
        ms(raw),
        ms(via_fn),
        ms(via_page)
    );
}

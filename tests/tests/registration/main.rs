//! Registration requests through the real portal, with emails caught by a real SMTP
//! catcher, on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::{
    Backend, Browser, TestPortal, both, caught_mail, caught_mail_to, request_fields, totp_now,
};
use serde_json::Value;

mod bulk;
mod enrolment;
mod lifecycle;
mod queue;

/// The id of the allow-list entry for `domain`.
async fn entry_id(officer: &Browser, domain: &str) -> String {
    let (_, list) = officer.call("allow-list/list", &[("q", domain)]).await;
    list["entries"][0]["id"].as_str().unwrap().to_owned()
}

/// What suspending or removing the domain's entry would affect.
async fn impact_of(officer: &Browser, domain: &str) -> Value {
    let id = entry_id(officer, domain).await;
    let (code, impact) = officer.call("allow-list/impact", &[("id", &id)]).await;
    assert_eq!(code, 200, "{impact}");
    impact
}

async fn state_of(b: &Browser, id: &str) -> String {
    let (code, body) = b.call("registration/get", &[("id", id)]).await;
    assert_eq!(code, 200, "{body}");
    body["summary"]["state"].as_str().unwrap().to_owned()
}

async fn step(b: &Browser, id: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let mut all = vec![("id", id)];
    all.extend_from_slice(fields);
    b.call("registration/step", &all).await
}

/// The newest message caught for `to` whose subject contains `subject`.
async fn latest_mail(to: &str, subject: &str) -> Value {
    caught_mail_to(to, subject)
        .await
        .pop()
        .unwrap_or_else(|| panic!("no mail to {to} about {subject:?}"))
}

/// Takes a request to "identity verified" and returns its id.
async fn verified_request(
    portal: &TestPortal,
    officer: &Browser,
    manager: &Browser,
    email: &str,
    name: &str,
) -> String {
    officer
        .allow_domain("meadowbank-care.org.uk", "VMB01")
        .await;
    let (code, body) = manager
        .call("registration/raise", &request_fields(name, email, "VMB01"))
        .await;
    assert_eq!(code, 200, "{body}");
    let id = body.as_str().unwrap().to_owned();
    let when = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%dT10:00")
        .to_string();
    for fields in [
        vec![("action", "start_review")],
        vec![("action", "approve")],
        vec![
            ("action", "book_meeting"),
            ("meeting_at", when.as_str()),
            ("meeting_mode", "face_to_face"),
        ],
        vec![
            ("action", "record_identity"),
            ("document_1", "photocard_driving_licence"),
            ("document_2", "bank_statement"),
            ("document_3", "p60"),
        ],
    ] {
        let (code, body) = step(officer, &id, &fields).await;
        assert_eq!(code, 200, "{fields:?}: {body}");
    }
    let _ = portal;
    id
}

/// The ids of the queue's requests for these filters, in the order shown.
async fn queue_ids(b: &Browser, filters: &[(&str, &str)]) -> Vec<String> {
    let (code, page) = b.call("registration/list", filters).await;
    assert_eq!(code, 200, "{filters:?}: {page}");
    page["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

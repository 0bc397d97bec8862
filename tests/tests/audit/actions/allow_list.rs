//! The email-domain allow list: added by RA officers, asked for by managers, taken
//! through NHS England, withdrawn, and imported from a CSV.

use ra_portal_tests::journey::{domains_csv, upload_import};

use super::*;

/// An RA officer adds `domain` for `ods` as `initial` (`active` or `to_submit`); its id.
async fn add(b: &Browser, domain: &str, ods: &str, initial: &str) -> String {
    let (code, id) = b
        .call(
            "allow-list/add",
            &[
                ("domain", domain),
                ("ods_code", ods),
                ("note", "Staff email"),
                ("initial", initial),
            ],
        )
        .await;
    assert_eq!(code, 200, "{id}");
    id.as_str().unwrap().to_owned()
}

async fn take(b: &Browser, id: &str, fields: &[(&str, &str)]) {
    let mut all = vec![("id", id)];
    all.extend_from_slice(fields);
    let (code, body) = b.call("allow-list/step", &all).await;
    assert_eq!(code, 200, "{fields:?}: {body}");
}

/// A manager asks for a domain for their own organisation; its id.
async fn request(b: &Browser, domain: &str) -> String {
    let (code, id) = b
        .call(
            "allow-list/request",
            &[
                ("domain", domain),
                ("ods_code", "VMB01"),
                ("reason", "Our agency staff use it"),
                ("evidence_url", "https://meadowbank.org.uk"),
            ],
        )
        .await;
    assert_eq!(code, 200, "{id}");
    id.as_str().unwrap().to_owned()
}

// Oak Lodge's domain goes on as active (managers there ask for links later); another is
// to be sent to NHS England, is sent and becomes active.
pub async fn officer_adds_and_takes_a_domain_through_nhs_england(cx: &mut Ctx) -> Vec<Expect> {
    let oak = add(&cx.rachel, "oaklodge-care.org.uk", "VOK01", "active").await;
    let domain = format!("nhse-{}.org.uk", uuid::Uuid::new_v4().simple());
    let id = add(&cx.rachel, &domain, "VMB01", "to_submit").await;
    let today = chrono::Utc::now().date_naive().to_string();
    take(
        &cx.rachel,
        &id,
        &[
            ("action", "submit"),
            ("submitted_on", &today),
            ("reference", "NHSE-4471"),
        ],
    )
    .await;
    take(&cx.rachel, &id, &[("action", "activate")]).await;
    cx.keep("entry", &id);
    vec![
        expect("allow_list.added", "allow_list_entry")
            .id(&oak)
            .by(RACHEL)
            .org("VOK01")
            .with(json!({ "domain": "oaklodge-care.org.uk", "status": "active" })),
        expect("allow_list.added", "allow_list_entry")
            .id(&id)
            .by(RACHEL)
            .org("VMB01")
            .with(json!({ "domain": domain, "status": "accepted" })),
        stepped("allow_list.submitted", RACHEL, &id, "accepted>submitted")
            .with(json!({ "reference": "NHSE-4471", "submitted_on": today })),
        stepped("allow_list.activated", RACHEL, &id, "submitted>active"),
    ]
}

pub async fn suspend_reinstate_remove(cx: &mut Ctx) -> Vec<Expect> {
    let id = cx.kept("entry");
    let reason = |r| [("action", r), ("reason", "Checked with the provider")];
    take(&cx.sam, &id, &reason("suspend")).await;
    take(&cx.sam, &id, &reason("reinstate")).await;
    take(&cx.rachel, &id, &reason("remove")).await;
    let with_reason = json!({ "reason": "Checked with the provider", "requests_flagged": 0 });
    vec![
        stepped("allow_list.suspended", SAM, &id, "active>suspended").with(with_reason.clone()),
        stepped("allow_list.reinstated", SAM, &id, "suspended>active"),
        stepped("allow_list.removed", RACHEL, &id, "active>removed").with(with_reason),
    ]
}

fn requested(id: &str, domain: &str) -> Expect {
    expect("allow_list.requested", "allow_list_entry")
        .id(id)
        .by(TOM)
        .org("VMB01")
        .with(json!({
            "domain": domain,
            "status": "requested",
            "evidence_url": "https://meadowbank.org.uk",
        }))
}

pub async fn manager_request_accepted(cx: &mut Ctx) -> Vec<Expect> {
    let domain = format!("asked-{}.org.uk", uuid::Uuid::new_v4().simple());
    let id = request(&cx.tom, &domain).await;
    take(&cx.rachel, &id, &[("action", "accept")]).await;
    vec![
        requested(&id, &domain),
        stepped("allow_list.accepted", RACHEL, &id, "requested>accepted"),
    ]
}

pub async fn manager_request_rejected(cx: &mut Ctx) -> Vec<Expect> {
    let domain = format!("gmail-{}.org.uk", uuid::Uuid::new_v4().simple());
    let id = request(&cx.tom, &domain).await;
    let why = "A personal mail service";
    take(&cx.sam, &id, &[("action", "reject"), ("reason", why)]).await;
    vec![
        requested(&id, &domain),
        stepped("allow_list.rejected", SAM, &id, "requested>rejected")
            .with(json!({ "reason": why })),
    ]
}

// The upload is an entry; its commit one entry a domain, each naming the file's line.
pub async fn csv_import(cx: &mut Ctx) -> Vec<Expect> {
    let import = upload_import(&cx.rachel, "/allow-list/import", domains_csv(2, "VMB01")).await;
    let (code, body) = cx
        .rachel
        .call("allow-list/import/commit", &[("id", &import)])
        .await;
    assert_eq!((code, body), (200, json!(2)));
    let imported = |line: usize| {
        expect("allow_list.imported", "allow_list_entry")
            .by(RACHEL)
            .org("VMB01")
            .with(json!({ "import": import, "line": line, "status": "active" }))
    };
    vec![
        expect("allow_list.import_uploaded", "import")
            .id(&import)
            .by(RACHEL)
            .with(json!({ "file_name": "rows.csv", "rows": 2 })),
        imported(2),
        imported(3),
    ]
}

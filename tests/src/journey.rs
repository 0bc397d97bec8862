//! A registration request walked through the portal's own server functions, as an RA
//! officer and a manager do it, and the one-time values the emails carry.

use serde_json::Value;

use crate::{Browser, TestPortal, caught_mail_to, request_fields};

/// Calls `registration/step` on request `id` with `fields`.
pub async fn step(b: &Browser, id: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let mut all = vec![("id", id)];
    all.extend_from_slice(fields);
    b.call("registration/step", &all).await
}

/// The newest message caught for `to` whose subject contains `subject`.
pub async fn latest_mail(to: &str, subject: &str) -> Value {
    caught_mail_to(to, subject)
        .await
        .pop()
        .unwrap_or_else(|| panic!("no mail to {to} about {subject:?}"))
}

/// The word that follows `marker` in an email's text, e.g. the token after `/enrol/`.
pub fn word_after(mail: &Value, marker: &str) -> String {
    let text = mail["text"].as_str().expect("a text part");
    text.split(marker)
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("{marker:?} is not in {text}"))
        .trim_end_matches('.')
        .to_owned()
}

impl TestPortal {
    /// A request for `name` at Meadowbank raised by `manager` and taken by `officer` to
    /// "identity verified"; its id.
    pub async fn verified_request(
        &self,
        officer: &Browser,
        manager: &Browser,
        email: &str,
        name: &str,
    ) -> String {
        officer
            .allow_domain("meadowbank-care.org.uk", "VMB01")
            .await;
        identity_verified(officer, manager, email, name).await
    }
}

/// A request for `name` at Meadowbank (its domain already allowed) raised by `manager`
/// and taken by `officer` to "identity verified"; its id.
pub async fn identity_verified(
    officer: &Browser,
    manager: &Browser,
    email: &str,
    name: &str,
) -> String {
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
    id
}

/// Uploads `csv` to an import page (`/allow-list/import`, `/requests/bulk`) and returns
/// the import's id from the redirect to its preview.
pub async fn upload_import(b: &Browser, page: &str, csv: Vec<u8>) -> String {
    let (code, location) = b.upload(&format!("{page}/upload"), "rows.csv", csv).await;
    assert_eq!(code, 303, "{location}");
    location
        .strip_prefix(&format!("{page}/"))
        .filter(|id| !id.contains('?'))
        .unwrap_or_else(|| panic!("a preview redirect, got {location}"))
        .to_owned()
}

/// A staff CSV for bulk requests of `rows` carers at `ods`, with addresses at `domain`
/// no other test uses.
pub fn staff_csv(rows: usize, domain: &str, ods: &str) -> Vec<u8> {
    let batch = uuid::Uuid::new_v4().simple().to_string();
    let mut csv = String::from("full_name,email,job_role,ods_code,phone,phone_kind\n");
    for i in 0..rows {
        let kind = if i % 3 == 0 { "business" } else { "personal" };
        csv.push_str(&format!(
            "Carer {i},carer{i}.{}@{domain},Carer,{ods},07700{:06},{kind}\n",
            &batch[..8],
            i % 1_000_000
        ));
    }
    csv.into_bytes()
}

/// An allow-list CSV of `rows` domains no other test uses, for `ods`.
pub fn domains_csv(rows: usize, ods: &str) -> Vec<u8> {
    let batch = uuid::Uuid::new_v4().simple().to_string();
    let mut csv = String::from("domain,ods_code,covers_subdomains,note\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "home{i}-{}.care.org.uk,{ods},no,Imported\n",
            &batch[..12]
        ));
    }
    csv.into_bytes()
}

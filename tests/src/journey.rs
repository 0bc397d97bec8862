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
}

//! Registration requests through the real portal, with emails caught by a real SMTP
//! catcher, on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::{
    Backend, Browser, TestPortal, both, caught_mail,
    journey::{latest_mail, step, word_after},
    request_fields, totp_now,
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

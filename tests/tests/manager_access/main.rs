//! Managers without a CIS2 identity, through the real portal with the real SMTP catcher,
//! on SQLite and PostgreSQL: the neutral answer, the one-time sign-in link, the RA
//! officer's approval, and a session that reaches only the approved organisation.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::{
    Browser, Hop, Page, TestPortal, both, caught_mail, caught_mail_to, request_fields,
};
use serde_json::Value;

mod access;
mod links;

const DOMAIN: &str = "oaklodge-care.org.uk";
const ODS: &str = "VOK01";

fn unique_email(name: &str, domain: &str) -> String {
    format!("{name}.{}@{domain}", uuid::Uuid::new_v4().simple())
}

async fn ask(b: &Browser, name: &str, email: &str, ods: &str) -> (u16, Value) {
    b.call(
        "manager-access/ask",
        &[("full_name", name), ("email", email), ("ods_code", ods)],
    )
    .await
}

/// Asks for a link, delivers the outbox and returns the token from the newest email.
async fn fresh_link(portal: &TestPortal, email: &str) -> String {
    link_for(portal, email, ODS).await
}

/// Asks for a link to manage `ods` and returns the token from the newest email.
async fn link_for(portal: &TestPortal, email: &str, ods: &str) -> String {
    let (code, body) = ask(&portal.browser(), "Ada Obi", email, ods).await;
    assert_eq!(code, 200, "{body}");
    portal.deliver_mail().await;
    let mails = caught_mail_to(email, "sign-in link").await;
    let text = mails.last().expect("a sign-in link was emailed")["text"]
        .as_str()
        .unwrap()
        .to_owned();
    text.split("/manager-access/sign-in/")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// Presses the button on the link's page, as the person does.
async fn use_link(portal: &TestPortal, b: &Browser, token: &str) -> Page {
    let page = b
        .get(&portal.url(&format!("/manager-access/sign-in/{token}")))
        .await;
    assert_eq!(page.status, 200);
    let action = page.form_action("/auth/email-link");
    match b.post_form(&action, &[("token", token)], false).await {
        Hop::Page(p) => p,
        Hop::Callback(_) => unreachable!(),
    }
}

async fn pending_id(officer: &Browser, email: &str) -> String {
    let (code, list) = officer.call("ra/managers/list", &[]).await;
    assert_eq!(code, 200, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == email)
        .unwrap_or_else(|| panic!("{email} is not waiting: {list}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn decide(officer: &Browser, id: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let mut all = vec![("id", id)];
    all.extend_from_slice(fields);
    officer.call("ra/managers/decide", &all).await
}

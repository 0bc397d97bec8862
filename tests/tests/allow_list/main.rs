//! The email-domain allow list through the real portal: workflow, permissions, bad
//! input (also in a plain form post, before the page's script), listing, export and CSV
//! import, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::{Backend, Browser, TestPortal, both};
use serde_json::Value;

mod import;
mod input;
mod plain_post;
mod workflow;

/// The field a 422 answer refused, and its message.
fn field_error(body: &Value) -> (String, String) {
    let e = &body["Invalid"][0];
    (
        e["field"].as_str().unwrap_or_default().to_owned(),
        e["message"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn check(b: &Browser, address: &str) -> (bool, String) {
    let (status, body) = b.call("allow-list/check", &[("address", address)]).await;
    assert_eq!(status, 200, "{body}");
    (
        body["allowed"].as_bool().unwrap(),
        body["message"].as_str().unwrap().to_owned(),
    )
}

async fn step(b: &Browser, id: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let mut all = vec![("id", id)];
    all.extend_from_slice(fields);
    b.call("allow-list/step", &all).await
}

async fn status_of(b: &Browser, id: &str) -> String {
    let (code, body) = b.call("allow-list/entry", &[("id", id)]).await;
    assert_eq!(code, 200, "{body}");
    body["summary"]["status"].as_str().unwrap().to_owned()
}

fn import_csv(domains: impl Iterator<Item = String>) -> Vec<u8> {
    let mut csv = String::from("domain,ods_code,covers_subdomains,note\n");
    for d in domains {
        csv.push_str(&format!("{d},VNC01,no,Imported\n"));
    }
    csv.into_bytes()
}

/// Uploads and returns the import id from the preview redirect.
async fn upload_ok(b: &Browser, csv: Vec<u8>) -> String {
    let (code, location) = b
        .upload("/allow-list/import/upload", "domains.csv", csv)
        .await;
    assert_eq!(code, 303, "{location}");
    location
        .strip_prefix("/allow-list/import/")
        .unwrap_or_else(|| panic!("preview redirect, got {location}"))
        .to_owned()
}

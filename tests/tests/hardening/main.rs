//! Defence in depth, on SQLite and PostgreSQL: every attempt limit holds under parallel
//! calls, responses carry the security headers, the public endpoints are rate-limited,
//! and nothing secret leaks into answers or logs.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod headers;
mod limits;
mod rate;

use ra_portal_tests::{Backend, TestPortal, both};
use serde_json::Value;

/// `n` calls of server function `endpoint` with `fields`, all at once (no cookie);
/// their statuses and answers.
async fn at_once(
    portal: &TestPortal,
    endpoint: &str,
    fields: &[(&str, &str)],
    n: usize,
) -> Vec<(u16, Value)> {
    let client = reqwest::Client::new();
    let url = portal.url(&format!("/api/{endpoint}"));
    let origin = portal.url("");
    let fields: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..n {
        let (client, url, origin, fields) =
            (client.clone(), url.clone(), origin.clone(), fields.clone());
        tasks.spawn(async move {
            let res = client
                .post(url)
                .header("origin", origin)
                .header("accept", "application/json")
                .form(&fields)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let text = res.text().await.unwrap();
            (
                status,
                serde_json::from_str(&text).unwrap_or(Value::String(text)),
            )
        });
    }
    tasks.join_all().await
}

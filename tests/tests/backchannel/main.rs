//! CIS2's back-channel logout through the real portal, on SQLite and PostgreSQL, with
//! logout tokens signed by the sandbox provider's own key: hostile tokens are refused and
//! end nothing; valid ones end the sessions they name, once; two instances on one
//! database agree; the optional source-address allow list believes only trusted proxies.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod hostile;
mod instances;
mod sources;
mod valid;

use ra_domain::logout::LOGOUT_EVENT;
use ra_portal_tests::{Backend, Browser, TestPortal, both, builders::unique, issuer};
use serde_json::{Value, json};

/// Sam Okafor's CIS2 subject (the sandbox's uid).
const SAM: &str = "555000000102";

pub const PATH: &str = "/auth/backchannel-logout";

/// Claims CIS2 (draft 06) would send to end `sid` of `sub`: no `exp`, no `typ`.
fn claims(portal: &TestPortal, sub: Option<&str>, sid: Option<&str>) -> Value {
    let mut c = json!({
        "iss": issuer(),
        "aud": portal.client_id,
        "iat": chrono::Utc::now().timestamp(),
        "jti": unique("jti"),
        "events": { LOGOUT_EVENT: {} },
    });
    if let Some(sub) = sub {
        c["sub"] = json!(sub);
    }
    if let Some(sid) = sid {
        c["sid"] = json!(sid);
    }
    c
}

/// Posts `body` as CIS2 does (form-encoded, no cookie, no Origin); status, Cache-Control
/// and body.
async fn post(portal: &TestPortal, content_type: &str, body: Vec<u8>) -> (u16, String, String) {
    let res = reqwest::Client::new()
        .post(portal.url(PATH))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let cache = res
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status().as_u16(), cache, res.text().await.unwrap())
}

async fn post_token(portal: &TestPortal, token: &str) -> (u16, String, String) {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("logout_token", token)
        .finish();
    post(
        portal,
        "application/x-www-form-urlencoded",
        body.into_bytes(),
    )
    .await
}

/// The CIS2 `sid` of each live session of `sub`, oldest first.
async fn sids_of(portal: &TestPortal, sub: &str) -> Vec<String> {
    ra_db::on_pool!(portal.db(), |p| sqlx::query_scalar(
        "SELECT s.oidc_sid FROM sessions s JOIN people p ON p.id = s.person_id \
         WHERE p.subject = $1 AND s.ended_at IS NULL ORDER BY s.created_at"
    )
    .bind(sub)
    .fetch_all(p)
    .await)
    .unwrap()
}

/// Whether `b` is still signed in (whoami names someone).
async fn signed_in(b: &Browser) -> bool {
    let (code, me) = b.call("session/whoami", &[]).await;
    code == 200 && !me.is_null()
}

/// Sam signed in as an RA agent, in a browser (and so a provider session) of his own.
async fn sam(portal: &TestPortal) -> Browser {
    portal.principal(ra_portal_tests::Who::RaAgent).await
}

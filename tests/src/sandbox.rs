//! The sandbox CIS2 provider's test fixtures (it runs with `SANDBOX_TEST_FIXTURES=1` in
//! tests): logout tokens signed with its own key, and ending its sessions as CIS2 does
//! when a smartcard is removed.

use serde_json::Value;

use crate::issuer;

/// The sandbox's own address (the issuer is a path under it).
pub fn sandbox_url() -> String {
    let issuer = url::Url::parse(&issuer()).expect("issuer URL");
    issuer.origin().ascii_serialization()
}

/// A JWS over `payload` signed with the provider's key (`kid` added, `alg` RS256 unless
/// `header` says otherwise).
pub async fn provider_signed(header: Value, payload: Value) -> String {
    let res: Value = reqwest::Client::new()
        .post(format!("{}/testing/logout-token", sandbox_url()))
        .json(&serde_json::json!({ "header": header, "payload": payload }))
        .send()
        .await
        .expect("sandbox reachable")
        .json()
        .await
        .expect("a token");
    res["token"].as_str().expect("token").to_owned()
}

/// Ends every provider session of `sub`: the sandbox sends each client holding one its
/// back-channel logout. Returns what it told (`[{clientId, sid, delivered}]`).
pub async fn end_provider_sessions(sub: &str) -> Vec<Value> {
    let res: Value = reqwest::Client::new()
        .post(format!("{}/testing/end-sessions", sandbox_url()))
        .json(&serde_json::json!({ "sub": sub }))
        .send()
        .await
        .expect("sandbox reachable")
        .json()
        .await
        .expect("an answer");
    res["told"].as_array().cloned().unwrap_or_default()
}

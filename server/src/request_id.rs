//! The request id logs and the audit trail carry (`x-request-id`): made by the portal
//! for every request, unless a trusted reverse proxy (`RA_TRUSTED_PROXIES`) passed one
//! on, and then only a short token of plain characters. A client's own id is dropped, so
//! nobody chooses what the trail records as the request.

use std::{net::SocketAddr, sync::Arc};

use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};
use ipnet::IpNet;

pub const HEADER: &str = "x-request-id";

pub async fn middleware(
    State(trusted): State<Arc<[IpNet]>>,
    mut req: Request,
    next: Next,
) -> Response {
    let from_proxy = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|c| trusted.iter().any(|n| n.contains(&c.0.ip())));
    let acceptable = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(plain);
    if !(from_proxy && acceptable) {
        req.headers_mut().remove(HEADER);
    }
    next.run(req).await
}

/// 1 to 64 letters, digits, `-`, `_` or `.`: what proxies send (UUIDs, trace ids).
fn plain(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn only_short_plain_ids_are_passed_on() {
        assert!(plain("5f0c1f7e-0000-4000-8000-000000000001"));
        assert!(plain("trace.abc_123"));
        assert!(!plain(""));
        assert!(!plain(&"a".repeat(65)));
        assert!(!plain("a b"));
        assert!(!plain("<script>"));
    }
}

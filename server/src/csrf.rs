//! CSRF defence for state-changing requests (anything but GET, HEAD and OPTIONS): a
//! browser always says where a request comes from, so one that is cross-site
//! (`Sec-Fetch-Site: cross-site`), from another origin (`Origin`, `null` included) or
//! that says neither is refused. Routes the rights table marks server-to-server (no
//! cookie, e.g. CIS2's back-channel logout) are exempt. Written down in
//! docs/authorisation.md.

use app::{AppError, rights};
use axum::{
    extract::{Request, State},
    http::Method,
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::state::AppState;

/// Why a state-changing request is refused, if it is.
pub fn refusal(
    own_origin: &str,
    origin: Option<&str>,
    fetch_site: Option<&str>,
) -> Option<&'static str> {
    match (origin, fetch_site) {
        (_, Some("cross-site")) => Some("cross-site"),
        // "null" (sandboxed or privacy-redirected) counts as another origin.
        (Some(o), _) if o != own_origin => Some("another origin"),
        (None, None) => Some("no origin"),
        _ => None,
    }
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let refused = {
        let path = req.uri().path();
        let exempt =
            rights::for_request(rights::Method::Post, path).is_some_and(|r| r.cross_site_ok);
        let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
        let own = state.config.public_url.origin().ascii_serialization();
        refusal(&own, header("origin"), header("sec-fetch-site")).filter(|_| !exempt)
    };
    if let Some(why) = refused {
        let path = req.uri().path();
        tracing::warn!(path, why, "cross-site request refused");
        return AppError::Forbidden("This request came from another site and was refused.".into())
            .into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::refusal;

    const OWN: &str = "https://ra.example";

    #[test]
    fn only_requests_that_show_they_are_our_own_pass() {
        assert_eq!(refusal(OWN, Some(OWN), None), None);
        assert_eq!(refusal(OWN, None, Some("same-origin")), None);
        assert_eq!(refusal(OWN, Some(OWN), Some("same-origin")), None);
        assert_eq!(
            refusal(OWN, Some("https://evil.example"), None),
            Some("another origin")
        );
        assert_eq!(refusal(OWN, Some("null"), None), Some("another origin"));
        assert_eq!(
            refusal(OWN, Some(OWN), Some("cross-site")),
            Some("cross-site")
        );
        assert_eq!(refusal(OWN, None, None), Some("no origin"));
    }
}

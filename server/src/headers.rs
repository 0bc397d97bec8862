//! Headers every response carries: no sniffing, no referrer to other sites, no framing, a restrictive
//! permissions policy, HSTS when served over https, a CSP (pages set their own, with the
//! nonce of their scripts; everything else gets `default-src 'none'`), and caching:
//! nothing with personal data is stored (`no-store` unless a response says otherwise),
//! hashed build files are cached for a year, the design system's files for an hour.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};

use crate::state::AppState;

const NOT_A_PAGE: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
const PERMISSIONS: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
    magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";
/// Build files whose names carry their content's hash never change under that name.
const HASHED: &str = "public, max-age=31536000, immutable";
const STATIC: &str = "public, max-age=3600";

fn set(h: &mut HeaderMap, name: HeaderName, value: &'static str) {
    h.insert(name, HeaderValue::from_static(value));
}

fn set_if_absent(h: &mut HeaderMap, name: HeaderName, value: &'static str) {
    if !h.contains_key(&name) {
        set(h, name, value);
    }
}

/// How long a path may be cached by the browser.
pub fn cache_policy(path: &str, hashed_build: bool) -> Option<&'static str> {
    if path.starts_with("/pkg/") {
        Some(if hashed_build { HASHED } else { "no-cache" })
    } else if path.starts_with("/nhsuk/") || path.starts_with("/assets/") || path == "/favicon.ico"
    {
        Some(STATIC)
    } else {
        None
    }
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cache = cache_policy(req.uri().path(), state.leptos_options.hash_files);
    let mut res = next.run(req).await;
    let ok = res.status().is_success();
    let h = res.headers_mut();
    set_if_absent(h, header::CONTENT_SECURITY_POLICY, NOT_A_PAGE);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Not `no-referrer`: with it browsers send `Origin: null` on the portal's own form
    // posts, which the same-origin rule refuses. Nothing goes to other sites.
    set(h, header::REFERRER_POLICY, "same-origin");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS,
    );
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if state.config.public_url.scheme() == "https" {
        set(
            h,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=63072000; includeSubDomains",
        );
    }
    match cache {
        Some(policy) if ok => set(h, header::CACHE_CONTROL, policy),
        _ => set_if_absent(h, header::CACHE_CONTROL, "no-store"),
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_files_are_cached_by_their_hash_and_nothing_else_is_kept() {
        assert_eq!(cache_policy("/pkg/ra-portal.3f2a.wasm", true), Some(HASHED));
        assert_eq!(cache_policy("/pkg/ra-portal.wasm", false), Some("no-cache"));
        assert_eq!(
            cache_policy("/nhsuk/nhsuk-frontend.min.css", true),
            Some(STATIC)
        );
        assert_eq!(cache_policy("/requests/1", true), None);
        assert_eq!(cache_policy("/api/registration/list", true), None);
    }
}

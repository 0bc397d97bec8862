//! Server-side sessions behind an opaque cookie.
//!
//! The cookie carries 256 random bits; the database keeps only their SHA-256, the person
//! and a snapshot of their portal roles taken at sign-in. Sessions end after the idle
//! timeout or the absolute timeout, whichever comes first; the id changes at every sign-in.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use chrono::Utc;
use ra_db::repo::sessions;
use ra_domain::{Principal, session_policy::SessionState};

use crate::state::AppState;

pub const SESSION_COOKIE: &str = "ra_session";
pub const LOGIN_COOKIE: &str = "ra_login";

/// Only write `last_seen_at` when it is this stale, to spare the database a write per request.
const TOUCH_AFTER_SECS: i64 = 60;

/// The current session's id hash, for sign-out.
#[derive(Clone, Debug)]
pub struct SessionIdHash(pub String);

/// One token scheme for sessions, sign-in and one-time links.
pub use app::api::secrets::{new_token, token_hash as hash_token};

pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax (the CIS2 redirect back is cross-site),
/// Secure unless the portal runs on plain-http loopback.
pub fn cookie(name: &str, value: &str, path: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!(
        "{name}={value}; Path={path}; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}"
    );
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Loads the session named by the cookie, enforces its timeouts and puts the
/// [`Principal`] into the request for the guard, pages and server functions.
pub async fn middleware(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    // The wasm, scripts, styles and images of every page need no session: spare the
    // database a lookup (and a possible write) per file.
    if crate::guard::is_static(req.uri().path()) {
        return next.run(req).await;
    }
    let mut clear_cookie = false;
    if let Some(token) = read_cookie(req.headers(), SESSION_COOKIE) {
        let id_hash = hash_token(&token);
        match sessions::find(&state.db, &id_hash).await {
            Ok(Some(row)) if row.ended_at.is_some() => {
                // CIS2 ended it (back-channel logout): gone from now on, on every instance.
                tracing::info!(reason = ?row.end_reason, "session ended by the provider");
                if let Err(e) = sessions::delete(&state.db, &id_hash).await {
                    tracing::warn!(error = %e, "could not delete an ended session");
                }
                return told_why(&req, &state);
            }
            Ok(Some(row)) => {
                let now = Utc::now();
                match state
                    .session_policy
                    .state(row.created_at, row.last_seen_at, now)
                {
                    SessionState::Active => match serde_json::from_str::<Principal>(&row.principal)
                    {
                        Ok(principal) => {
                            if (now - row.last_seen_at).num_seconds() >= TOUCH_AFTER_SECS {
                                let expires = state.session_policy.expires_at(row.created_at, now);
                                if let Err(e) =
                                    sessions::touch(&state.db, &id_hash, now, expires).await
                                {
                                    tracing::warn!(error = %e, "could not record session activity");
                                }
                            }
                            req.extensions_mut().insert(principal);
                            req.extensions_mut().insert(SessionIdHash(id_hash));
                        }
                        Err(e) => {
                            tracing::error!(error = %e, "unreadable session principal; ending the session");
                            let _ = sessions::delete(&state.db, &id_hash).await;
                            clear_cookie = true;
                        }
                    },
                    expired => {
                        tracing::info!(?expired, "session ended by timeout");
                        if let Err(e) = sessions::delete(&state.db, &id_hash).await {
                            tracing::warn!(error = %e, "could not delete an expired session");
                        }
                        clear_cookie = true;
                    }
                }
            }
            Ok(None) => clear_cookie = true,
            // Not "signed out": the session may be fine while the database is not.
            Err(e) => return database_trouble(&req, app::error::AppError::from(e)),
        }
    }
    let mut res = next.run(req).await;
    if clear_cookie && !res.headers().contains_key(header::SET_COOKIE) {
        res.headers_mut().append(
            header::SET_COOKIE,
            cookie(SESSION_COOKIE, "", "/", 0, state.config.secure_cookies()),
        );
    }
    res
}

/// The database could not say whose session this is: a page gets a page saying so, in
/// the NHS.UK style (the app cannot render without the database), anything else the
/// error's own answer.
fn database_trouble(req: &Request, error: app::error::AppError) -> Response {
    let page = matches!(*req.method(), axum::http::Method::GET)
        && app::rights::for_page(req.uri().path()).is_some();
    if !page {
        return error.into_response();
    }
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Sorry, there is a problem with the service - RA Portal</title>\
         <link rel=\"stylesheet\" href=\"/nhsuk/nhsuk-frontend.min.css\"></head>\
         <body><main class=\"nhsuk-width-container nhsuk-main-wrapper\" id=\"maincontent\">\
         <h1>Sorry, there is a problem with the service</h1><p>{error}</p></main></body></html>"
    );
    (
        error.status_code(),
        [(header::CACHE_CONTROL, "no-store")],
        axum::response::Html(html),
    )
        .into_response()
}

/// After CIS2 ended a session, its browser is told once, with the cookie cleared: a page
/// goes to the start page, which says so (`/?signed_out=cis2`); anything else (a server
/// function a hydrated page calls) is refused with `SignedOutByCis2`, which the page
/// shows in its place.
fn told_why(req: &Request, state: &AppState) -> Response {
    let page = matches!(*req.method(), axum::http::Method::GET)
        && app::rights::for_page(req.uri().path()).is_some();
    let mut res = if page {
        axum::response::Redirect::to("/?signed_out=cis2").into_response()
    } else {
        app::AppError::SignedOutByCis2.into_response()
    };
    res.headers_mut().append(
        header::SET_COOKIE,
        cookie(SESSION_COOKIE, "", "/", 0, state.config.secure_cookies()),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_hex() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        let h = hash_token(&a);
        assert_eq!(h.len(), 64);
        assert!(h.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(h, hash_token(&a));
    }

    #[test]
    fn cookies_are_read_by_exact_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("ra_session_old=x; ra_session=abc; other=1"),
        );
        assert_eq!(
            read_cookie(&headers, SESSION_COOKIE).as_deref(),
            Some("abc")
        );
        assert_eq!(read_cookie(&headers, LOGIN_COOKIE), None);
    }

    #[test]
    fn cookie_attributes() {
        let c = cookie("ra_session", "v", "/", 60, true);
        assert_eq!(
            c.to_str().ok(),
            Some("ra_session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure")
        );
        let c = cookie("ra_session", "v", "/", 60, false);
        assert!(!c.to_str().unwrap_or_default().contains("Secure"));
    }
}

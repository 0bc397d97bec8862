//! Route authorisation: every request is admitted or refused by its rule in the rights
//! table (`app::rights`), the same table server functions and pages read.
//!
//! Without a session, pages and forms send the browser to sign in and `/api/…` answers
//! 401; with the wrong roles, server functions and routes answer 403 and pages render their
//! own refusal (the page's gate shows it, so server and browser render the same view). A
//! server function or route the table does not list is served to no one (404).

use app::{
    AppError,
    rights::{self, Kind, Method},
};
use axum::{
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use ra_domain::Principal;

/// The table's method for an HTTP method (HEAD reads like GET); None for the rest.
pub fn method_of(m: &axum::http::Method) -> Option<Method> {
    match *m {
        axum::http::Method::GET | axum::http::Method::HEAD => Some(Method::Get),
        axum::http::Method::POST => Some(Method::Post),
        _ => None,
    }
}

/// The rights table's pattern for a request (`/enrol/{token}`): how logs and metrics
/// name a route without the one-time token or id in its path.
pub fn route_pattern(req: &Request) -> Option<&'static str> {
    method_of(req.method())
        .and_then(|m| rights::for_request(m, req.uri().path()))
        .map(|r| r.path)
}

/// Built files: public, and served without looking up the session.
pub fn is_static(path: &str) -> bool {
    rights::for_request(Method::Get, path).is_some_and(|r| r.kind == Kind::Static)
}

fn to_sign_in(req: &Request) -> Response {
    let return_to = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let target = format!(
        "{}?return_to={}",
        rights::paths::LOGIN,
        url::form_urlencoded::byte_serialize(return_to.as_bytes()).collect::<String>()
    );
    Redirect::to(&target).into_response()
}

pub async fn middleware(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let rule = method_of(req.method()).and_then(|m| rights::for_request(m, &path));
    let Some(rule) = rule else {
        if path.starts_with("/api/") {
            tracing::warn!(path, "refused: not in the rights table");
            return AppError::NotFound.into_response();
        }
        // Unknown pages and other methods: the fallback answers (404, 405).
        return next.run(req).await;
    };
    let refusal = match rule.check(req.extensions().get::<Principal>()) {
        Ok(()) => return next.run(req).await,
        Err(e) => e,
    };
    let is_page = rule.kind == Kind::Page;
    // A browser's page or form goes to sign in; API callers, and the upload script
    // (which cannot follow a redirect to CIS2), are told instead.
    let browser =
        !path.starts_with("/api/") && !req.headers().contains_key(app::components::PROGRESS_HEADER);
    match refusal {
        AppError::Unauthenticated if browser => to_sign_in(&req),
        AppError::Forbidden(_) if is_page => {
            if let Some(p) = req.extensions().get::<Principal>() {
                tracing::info!(path, person = %p.person_id, "page refused by role");
            }
            let mut res = next.run(req).await;
            *res.status_mut() = refusal.status_code();
            res
        }
        e => {
            tracing::info!(path, status = e.status(), "refused by the rights table");
            e.into_response()
        }
    }
}

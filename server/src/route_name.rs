//! A request's route as logs and the audit trail name it: the rights table's pattern
//! (`/enrol/{token}`), never the one-time token or id in the path itself.

use axum::extract::Request;

pub fn route_name(req: &Request) -> String {
    let path = req.uri().path();
    crate::guard::method_of(req.method())
        .and_then(|m| app::rights::for_request(m, path))
        .map(|r| r.path.to_owned())
        .unwrap_or_else(|| path.chars().take(120).collect())
}

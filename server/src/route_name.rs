//! A request's route as logs and the audit trail name it: the rights table's pattern
//! (`/enrol/{token}`), never the one-time token or id in the path itself.

use axum::extract::Request;

pub fn route_name(req: &Request) -> String {
    crate::guard::route_pattern(req)
        .map(str::to_owned)
        .unwrap_or_else(|| req.uri().path().chars().take(120).collect())
}

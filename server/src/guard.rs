//! Route authorisation, in one place.
//!
//! Every path is public, for anyone signed in, or for one portal role. Requests without
//! a session go to sign-in (pages) or get 401 (server functions); requests from the
//! wrong role get the 403 page. Server functions check their capability again, so a
//! route left out here is still not open.

use axum::{
    extract::Request,
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use ra_domain::Principal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    SignedIn,
    /// Signed in through CIS2: not a manager signed in by email link.
    Cis2,
    RaOfficer,
    OrgManager,
    /// An organisation manager signed in through CIS2 (a sponsor).
    Sponsor,
    Auditor,
}

const PUBLIC_EXACT: &[&str] = &[
    "/",
    "/healthz",
    "/readyz",
    "/signed-out",
    "/sign-in-problem",
    "/accessibility",
    "/favicon.ico",
    "/api/session/whoami",
];
/// Static files: public, and served without looking up the session.
pub const STATIC_PREFIXES: &[&str] = &["/pkg/", "/nhsuk/", "/assets/"];
/// `/enrol/…` and its server functions: the one-time link is the person's credential.
/// `/manager-access…`: managers without a CIS2 identity ask for a sign-in link there.
const PUBLIC_PREFIXES: &[&str] = &[
    "/auth/",
    "/.well-known/",
    "/enrol/",
    "/api/enrolment/",
    "/manager-access",
    "/api/manager-access/",
];

/// The allow list's server functions that change it or look ahead at a change: only RA
/// officers, like the pages that call them.
const RA_ALLOW_LIST_FUNCTIONS: &[&str] = &["add", "step", "impact", "import"];

pub fn access_for(path: &str) -> Access {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    if PUBLIC_EXACT.contains(&path)
        || is_static(path)
        || PUBLIC_PREFIXES.iter().any(|p| path.starts_with(p))
    {
        Access::Public
    } else if under("/ra")
        || under("/api/ra")
        || under("/allow-list/add")
        || under("/allow-list/import")
        || RA_ALLOW_LIST_FUNCTIONS
            .iter()
            .any(|f| under(&format!("/api/allow-list/{f}")))
        || (path.starts_with("/allow-list/") && path.ends_with("/withdraw"))
    {
        Access::RaOfficer
    } else if under("/allow-list/request") || under("/api/allow-list/request") {
        Access::Sponsor
    } else if under("/organisation") || under("/requests/new") || under("/requests/bulk") {
        Access::OrgManager
    } else if under("/audit") {
        Access::Auditor
    } else if (under("/allow-list") || under("/api/allow-list")) && path != "/api/allow-list/check"
    {
        // Address checks stay open: the request form asks them as the manager types.
        Access::Cis2
    } else {
        Access::SignedIn
    }
}

pub fn is_static(path: &str) -> bool {
    STATIC_PREFIXES.iter().any(|p| path.starts_with(p))
}

pub fn allows(access: Access, p: &Principal) -> bool {
    match access {
        Access::Public | Access::SignedIn => true,
        Access::Cis2 => p.via_cis2().is_ok(),
        Access::RaOfficer => p.ra_officer().is_ok(),
        Access::OrgManager => !p.managed_orgs().is_empty(),
        Access::Sponsor => !p.managed_orgs().is_empty() && p.via_cis2().is_ok(),
        Access::Auditor => p.auditor().is_ok(),
    }
}

pub async fn middleware(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let access = access_for(&path);
    if access == Access::Public {
        return next.run(req).await;
    }
    let Some(principal) = req.extensions().get::<Principal>() else {
        // The upload script cannot follow a redirect to CIS2: it says so instead.
        if path.starts_with("/api/") || req.headers().contains_key(app::components::PROGRESS_HEADER)
        {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::CACHE_CONTROL, "no-store")],
                "Sign in to continue.",
            )
                .into_response();
        }
        let return_to = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let target = format!(
            "/auth/login?return_to={}",
            url::form_urlencoded::byte_serialize(return_to.as_bytes()).collect::<String>()
        );
        return Redirect::to(&target).into_response();
    };
    if allows(access, principal) {
        return next.run(req).await;
    }
    tracing::info!(path, person = %principal.person_id, "refused by role");
    if path.starts_with("/api/") {
        return (StatusCode::FORBIDDEN, "Your roles do not allow this.").into_response();
    }
    // The page itself shows the refusal (server and browser render the same view, so
    // hydration matches); the guard makes sure the status says so.
    let mut res = next.run(req).await;
    *res.status_mut() = StatusCode::FORBIDDEN;
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_access() {
        assert_eq!(access_for("/"), Access::Public);
        assert_eq!(access_for("/auth/callback"), Access::Public);
        assert_eq!(access_for("/pkg/ra-portal.wasm"), Access::Public);
        assert_eq!(access_for("/ra"), Access::RaOfficer);
        assert_eq!(access_for("/ra/requests/1"), Access::RaOfficer);
        assert_eq!(access_for("/rage"), Access::SignedIn);
        assert_eq!(access_for("/organisation"), Access::OrgManager);
        assert_eq!(access_for("/allow-list"), Access::Cis2);
        assert_eq!(access_for("/allow-list/0b6f"), Access::Cis2);
        assert_eq!(access_for("/api/allow-list/check"), Access::SignedIn);
        assert_eq!(access_for("/api/allow-list/list"), Access::Cis2);
        assert_eq!(access_for("/allow-list/add"), Access::RaOfficer);
        assert_eq!(access_for("/allow-list/import/upload"), Access::RaOfficer);
        assert_eq!(access_for("/allow-list/0b6f/withdraw"), Access::RaOfficer);
        for f in ["add", "step", "impact", "import/preview", "import/commit"] {
            assert_eq!(
                access_for(&format!("/api/allow-list/{f}")),
                Access::RaOfficer,
                "{f}"
            );
        }
        assert_eq!(access_for("/api/allow-list/stepping"), Access::Cis2);
        assert_eq!(access_for("/allow-list/request"), Access::Sponsor);
        assert_eq!(access_for("/requests"), Access::SignedIn);
        assert_eq!(access_for("/enrol/abc"), Access::Public);
        assert_eq!(access_for("/api/enrolment/finish"), Access::Public);
        assert_eq!(access_for("/requests/new"), Access::OrgManager);
        assert_eq!(access_for("/manager-access"), Access::Public);
        assert_eq!(access_for("/manager-access/sign-in/abc"), Access::Public);
        assert_eq!(access_for("/api/manager-access/ask"), Access::Public);
        assert_eq!(access_for("/api/ra/managers/decide"), Access::RaOfficer);
        assert_eq!(access_for("/ra/managers"), Access::RaOfficer);
        assert_eq!(access_for("/api/allow-list/export.csv"), Access::Cis2);
        assert_eq!(access_for("/audit"), Access::Auditor);
        assert_eq!(access_for("/no-access"), Access::SignedIn);
        assert_eq!(access_for("/api/organisation/mine"), Access::SignedIn);
    }
}

//! The portal's one table of rights: who may call each server function, open each page
//! and use each plain HTTP route.
//!
//! The route guard (server), every server function ([`crate::auth::admit`]), every page
//! ([`crate::pages::gated`]) and `docs/authorisation.md` read this table; a test calls
//! everything in it as each kind of principal, and fails for anything the portal serves
//! that is missing here. The table admits or refuses by role; which organisation's
//! records a manager may touch is the capabilities' business ([`ra_domain::Scope`]), and
//! `other_org` says how a manager acting on another organisation is refused.

use ra_domain::Principal;

use crate::AppError;

/// One kind of caller a rule admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Anyone, signed in or not (any credential travels in the call, e.g. a one-time link).
    Anyone,
    /// Anyone signed in, with or without a portal role.
    SignedIn,
    /// Signed in through CIS2 with a portal role (RA officer, sponsor or auditor).
    PortalRole,
    /// RA manager (R5080) or RA agent (R5090).
    RaOfficer,
    /// RA manager only, where an agent may not (none yet: access reviews will be).
    RaManager,
    Auditor,
    /// A manager of the organisation concerned: a CIS2 sponsor (B1300) or a manager
    /// signed in by email link.
    Manager,
    /// A CIS2 sponsor of the organisation concerned (not by email link).
    Sponsor,
}

impl Grant {
    pub(crate) fn admits(self, p: &Principal) -> bool {
        match self {
            Grant::Anyone | Grant::SignedIn => true,
            Grant::PortalRole => p.portal_role().is_ok(),
            Grant::RaOfficer => p.ra_officer().is_ok(),
            Grant::RaManager => p.ra_manager().is_ok(),
            Grant::Auditor => p.auditor().is_ok(),
            Grant::Manager => p.manager().is_ok(),
            Grant::Sponsor => p.manager().is_ok() && p.via_cis2().is_ok(),
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Grant::Anyone => "anyone",
            Grant::SignedIn => "anyone signed in",
            Grant::PortalRole => "CIS2 sign-in with a portal role",
            Grant::RaOfficer => "RA officer (manager or agent)",
            Grant::RaManager => "RA manager",
            Grant::Auditor => "auditor",
            Grant::Manager => "organisation manager (CIS2 or email link)",
            Grant::Sponsor => "sponsor (CIS2 organisation manager)",
        }
    }
}

/// How a manager is refused when the call concerns an organisation they do not manage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherOrg {
    /// The call concerns no one organisation (a list shows only the caller's own).
    NotApplicable,
    /// 403: asking to act for another organisation.
    Forbidden,
    /// 404: another organisation's record (or another person's upload) does not reveal
    /// that it exists.
    NotFound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ServerFn,
    Page,
    /// A plain HTTP route of the server (sign-in, uploads, exports, health).
    Route,
    /// Built files served from the site directory.
    Static,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub kind: Kind,
    pub method: Method,
    /// Exact path; pages use `{param}` for a segment, static files end in `/*`.
    pub path: &'static str,
    pub grants: &'static [Grant],
    pub other_org: OtherOrg,
    /// Server-to-server calls (no cookie) are not held to the browser's same-origin rule.
    pub cross_site_ok: bool,
    pub what: &'static str,
}

/// The plain routes' paths, shared by the server that serves them, the pages that link or
/// post to them, and the table.
pub mod paths {
    pub const HEALTHZ: &str = "/healthz";
    pub const READYZ: &str = "/readyz";
    pub const LOGIN: &str = "/auth/login";
    pub const CALLBACK: &str = "/auth/callback";
    pub const LOGOUT: &str = "/auth/logout";
    pub const EMAIL_LINK: &str = "/auth/email-link";
    pub const JWKS: &str = "/.well-known/jwks.json";
    pub const ALLOW_LIST_UPLOAD: &str = "/allow-list/import/upload";
    pub const BULK_REQUESTS_UPLOAD: &str = "/requests/bulk/upload";
    pub const ORGANISATIONS_UPLOAD: &str = "/organisations/import/upload";
    pub const ALLOW_LIST_EXPORT: &str = "/api/allow-list/export.csv";
    pub const ADOPTION_EXPORT: &str = "/api/adoption/export.csv";
    pub const AUDIT_EXPORT: &str = "/api/audit/export.csv";
    pub const DEVICES_EXPORT: &str = "/api/audit/devices.csv";
    pub const REQUESTS_EXPORT: &str = "/api/registration/export.csv";
    pub const BACKCHANNEL_LOGOUT: &str = "/auth/backchannel-logout";
}

mod table;

pub use table::RULES;

/// Does `path` (as requested) match a rule's `pattern`?
fn matches(pattern: &str, path: &str) -> bool {
    if let Some(prefix) = pattern.strip_suffix('*') {
        return path.starts_with(prefix);
    }
    let (mut want, mut got) = (pattern.split('/'), path.split('/'));
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with('{') && !g.is_empty() => {}
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

/// The rule for a request, if the portal serves it: an exact path wins over a pattern
/// (`/allow-list/add` over `/allow-list/{id}`).
pub fn for_request(method: Method, path: &str) -> Option<&'static Rule> {
    let candidates = || RULES.iter().filter(move |r| r.method == method);
    candidates()
        .find(|r| r.path == path)
        .or_else(|| candidates().find(|r| matches(r.path, path)))
}

/// The rule of a server function, by its path (`F::PATH`).
pub fn for_server_fn(path: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.kind == Kind::ServerFn && r.path == path)
}

/// The rule of the page at `path` (as requested).
pub fn for_page(path: &str) -> Option<&'static Rule> {
    for_request(Method::Get, path).filter(|r| r.kind == Kind::Page)
}

/// What the portal serves that the table does not list, and what the table lists that
/// the portal does not serve, given everything served as (kind, method, path): server
/// functions from their registry, pages from the router, routes from the server's list.
pub fn unlisted<'a>(served: impl IntoIterator<Item = (Kind, Method, &'a str)>) -> Vec<String> {
    let served: Vec<(Kind, Method, &str)> = served.into_iter().collect();
    let listed = |k: Kind, m: Method, p: &str| {
        RULES
            .iter()
            .any(|r| r.kind == k && r.method == m && r.path == p)
    };
    let mut out: Vec<String> = served
        .iter()
        .filter(|(k, m, p)| !listed(*k, *m, p))
        .map(|(k, m, p)| format!("not in the rights table: {k:?} {} {p}", m.as_str()))
        .collect();
    out.extend(
        RULES
            .iter()
            .filter(|r| r.kind != Kind::Static)
            .filter(|r| !served.contains(&(r.kind, r.method, r.path)))
            .map(|r| {
                format!(
                    "in the table but not served: {:?} {} {}",
                    r.kind,
                    r.method.as_str(),
                    r.path
                )
            }),
    );
    out
}

impl Rule {
    pub fn is_public(&self) -> bool {
        self.grants.contains(&Grant::Anyone)
    }

    /// Admits or refuses `who` by role: 401 without a session, 403 with the wrong roles.
    pub fn check(&self, who: Option<&Principal>) -> Result<(), AppError> {
        if self.is_public() {
            return Ok(());
        }
        let p = who.ok_or(AppError::Unauthenticated)?;
        if self.grants.iter().any(|g| g.admits(p)) {
            return Ok(());
        }
        Err(AppError::Forbidden(self.refusal(p)))
    }

    /// The most helpful reason: the capability's own words when one role would do.
    fn refusal(&self, p: &Principal) -> String {
        use Grant::*;
        let own_words = match self.grants {
            [RaOfficer] => p.ra_officer().err(),
            [RaManager] => p.ra_manager().err(),
            [Auditor] => p.auditor().err(),
            [Manager] => p.manager().err(),
            [Sponsor] => p.manager().err().or(p.via_cis2().err()),
            [PortalRole] => p.portal_role().err(),
            _ => None,
        };
        own_words.map_or_else(|| "Your roles do not allow this.".into(), |f| f.0.into())
    }

    pub fn who(&self) -> String {
        self.grants
            .iter()
            .map(|g| g.words())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The table as Markdown: `docs/authorisation.md` is this, checked in (a test keeps it
/// current).
pub fn markdown() -> String {
    let mut out = String::from(include_str!("preamble.md"));
    for (kind, title) in [
        (Kind::ServerFn, "Server functions"),
        (Kind::Page, "Pages"),
        (Kind::Route, "Routes"),
        (Kind::Static, "Static files"),
    ] {
        out.push_str(&format!(
            "\n## {title}\n\n| Method | Path | Who | A manager of another organisation | Cross-site refused | What |\n|---|---|---|---|---|---|\n"
        ));
        for r in RULES.iter().filter(|r| r.kind == kind) {
            let other = match r.other_org {
                OtherOrg::NotApplicable => "—",
                OtherOrg::Forbidden => "403",
                OtherOrg::NotFound => "404",
            };
            let csrf = match (r.method, r.cross_site_ok) {
                (Method::Get, _) => "—",
                (Method::Post, false) => "yes",
                (Method::Post, true) => "exempt (server to server)",
            };
            out.push_str(&format!(
                "| {} | `{}` | {} | {other} | {csrf} | {} |\n",
                r.method.as_str(),
                r.path,
                r.who(),
                r.what
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_paths_win_over_patterns_and_patterns_match_one_segment() {
        let page = |p| for_page(p).map(|r| r.path);
        assert_eq!(page("/allow-list/add"), Some("/allow-list/add"));
        assert_eq!(page("/allow-list/0b6f"), Some("/allow-list/{id}"));
        assert_eq!(
            page("/allow-list/0b6f/withdraw"),
            Some("/allow-list/{id}/withdraw")
        );
        assert_eq!(page("/allow-list/"), None);
        assert_eq!(page("/rage"), None);
        assert_eq!(
            for_request(Method::Get, "/pkg/ra-portal.wasm").map(|r| r.kind),
            Some(Kind::Static)
        );
        assert!(
            for_request(Method::Get, "/api/allow-list/add").is_none(),
            "server functions are POST"
        );
    }

    #[test]
    fn every_path_and_method_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert((r.method, r.path)), "{} twice", r.path);
            assert!(!r.grants.is_empty(), "{} admits no one", r.path);
        }
    }
}

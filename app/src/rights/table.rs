//! The table itself: one row per server function, page, route and static folder.

use super::{
    Grant::{self, *},
    Kind, Method,
    Method::{Get, Post},
    OtherOrg::{self, Forbidden as Refused, NotApplicable as Any, NotFound as Hidden},
    Rule, paths,
};

const OFFICER: &[Grant] = &[RaOfficer];
const READERS: &[Grant] = &[RaOfficer, Auditor, Manager];
const ANYONE: &[Grant] = &[Anyone];
const WATCHERS: &[Grant] = &[RaOfficer, Auditor];

/// A server function by its path (`/api/<endpoint>`). The table names functions by path,
/// not type, so it depends on nothing it governs; the authorisation test keeps the paths
/// equal to the registered functions'.
const fn function(
    path: &'static str,
    grants: &'static [Grant],
    other_org: OtherOrg,
    what: &'static str,
) -> Rule {
    Rule {
        kind: Kind::ServerFn,
        method: Method::Post,
        path,
        grants,
        other_org,
        cross_site_ok: false,
        what,
    }
}

const fn page(path: &'static str, grants: &'static [Grant], what: &'static str) -> Rule {
    Rule {
        kind: Kind::Page,
        method: Method::Get,
        path,
        grants,
        other_org: Any,
        cross_site_ok: false,
        what,
    }
}

/// A page showing one organisation's record: another organisation's is not found.
const fn record_page(path: &'static str, grants: &'static [Grant], what: &'static str) -> Rule {
    Rule {
        other_org: Hidden,
        ..page(path, grants, what)
    }
}

const fn route(
    method: Method,
    path: &'static str,
    grants: &'static [Grant],
    what: &'static str,
) -> Rule {
    Rule {
        kind: Kind::Route,
        method,
        path,
        grants,
        other_org: Any,
        cross_site_ok: false,
        what,
    }
}

/// Called by CIS2's servers, with no cookie: not held to the browser's same-origin rule.
const fn server_to_server(method: Method, path: &'static str, what: &'static str) -> Rule {
    Rule {
        cross_site_ok: true,
        ..route(method, path, ANYONE, what)
    }
}

const fn files(path: &'static str, what: &'static str) -> Rule {
    Rule {
        kind: Kind::Static,
        method: Method::Get,
        path,
        grants: ANYONE,
        other_org: Any,
        cross_site_ok: false,
        what,
    }
}

// One row per entry, so the table reads as one.
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    // The email-domain allow list.
    function("/api/allow-list/list", &[PortalRole], Any, "List allow-list entries"),
    function("/api/allow-list/check", &[SignedIn], Any, "Check an address against the allow list"),
    function("/api/allow-list/domain", &[SignedIn], Any, "Whether a typed domain can be listed (the forms' public-suffix check)"),
    function("/api/allow-list/entry", &[PortalRole], Any, "One entry; reasons and history for RA, auditors and its organisation's managers"),
    function("/api/allow-list/add", OFFICER, Any, "Add a domain"),
    function("/api/allow-list/request", &[Sponsor], Refused, "Ask for a domain for one's own organisation"),
    function("/api/allow-list/step", OFFICER, Any, "Accept, reject, submit, activate, suspend, reinstate or remove an entry"),
    function("/api/allow-list/impact", OFFICER, Any, "Who a suspension or removal would affect"),
    function("/api/allow-list/import/preview", OFFICER, Any, "An uploaded CSV's verdicts (its uploader only: 404 for others)"),
    function("/api/allow-list/import/commit", OFFICER, Any, "Commit an uploaded CSV, all rows or none (its uploader only)"),
    // Registration requests.
    function("/api/registration/raise", &[Manager], Refused, "Raise a request for a person at one's organisation or site"),
    function("/api/registration/list", READERS, Any, "The queue: everything for RA and auditors, own organisations for managers"),
    function("/api/registration/get", READERS, Hidden, "One request with its timeline"),
    function("/api/registration/step", &[RaOfficer, Manager], Hidden, "A step of the request's lifecycle (managers: cancel only)"),
    function("/api/registration/bulk/preview", &[Manager], Hidden, "An uploaded staff CSV's verdicts (its uploader only)"),
    function("/api/registration/bulk/commit", &[Manager], Hidden, "Raise every row of an uploaded staff CSV, or none (its uploader only)"),
    // The enrolment ceremony: the one-time link in the call is the credential.
    function("/api/enrolment/open", ANYONE, Any, "Open an enrolment link"),
    function("/api/enrolment/send-code", ANYONE, Any, "Email the link's holder a security code"),
    function("/api/enrolment/confirm-code", ANYONE, Any, "Confirm the emailed code; show the secret once"),
    function("/api/enrolment/finish", ANYONE, Any, "Register the device from the app's first code"),
    // Managers without a CIS2 identity.
    function("/api/manager-access/ask", ANYONE, Any, "Ask for a sign-in link (the same answer for every address)"),
    function("/api/ra/managers/list", OFFICER, Any, "Managers' accesses by status"),
    function("/api/ra/managers/get", OFFICER, Any, "One manager's access"),
    function("/api/ra/managers/decide", OFFICER, Any, "Approve, reject or withdraw a manager's access"),
    function("/api/work/ra", OFFICER, Any, "What waits for RA officers, counted"),
    // Everything else.
    function("/api/organisation/mine", &[Manager], Any, "The caller's organisations and sites"),
    function("/api/organisation/get", READERS, Hidden, "One organisation's record and headcount"),
    function("/api/organisation/import/preview", OFFICER, Any, "An uploaded organisations CSV's verdicts (its uploader only: 404 for others)"),
    function("/api/organisation/import/commit", OFFICER, Any, "Add and update the organisations of an uploaded CSV, all rows or none (its uploader only)"),
    function("/api/organisation/headcount", &[RaOfficer, Manager], Hidden, "Give an organisation's known headcount (managers: their organisations and sites)"),
    function("/api/organisation/add", OFFICER, Any, "Define a group or record a site, with its ODS code or a portal-local one the portal gives"),
    function("/api/organisation/move", OFFICER, Any, "Move a site to another group, or out of its group"),
    function("/api/adoption/overview", WATCHERS, Any, "Every organisation's adoption figures, filtered and sorted"),
    function("/api/adoption/organisation", READERS, Hidden, "One organisation's or group's rollout (managers: their own)"),
    function("/api/audit/search", &[Auditor], Any, "Search the audit trail, newest first"),
    function("/api/audit/entry", &[Auditor], Any, "One audit entry whole"),
    function("/api/audit/timeline", &[Auditor], Any, "A request's or a person's history from the trail"),
    function("/api/audit/devices", &[Auditor], Any, "The device report"),
    function("/api/audit/seal", &[Auditor], Any, "The audit key, chain length and latest signed checkpoint"),
    function("/api/audit/verify", &[Auditor], Any, "Verify the whole audit chain and its checkpoints"),
    function("/api/mail/undelivered", OFFICER, Any, "Email not delivered yet"),
    function("/api/access-review/get", WATCHERS, Any, "When the access review is due, the open one and those before"),
    function("/api/access-review/start", &[RaManager], Any, "Start reviewing every access the portal grants"),
    function("/api/access-review/decide", &[RaManager], Any, "Confirm or withdraw one access in the open review, with a reason"),
    function("/api/session/whoami", ANYONE, Any, "Who is signed in (no one: null)"),
    // Pages.
    page("/", ANYONE, "Landing page"),
    page("/ra", OFFICER, "RA officer home"),
    page("/organisation", &[Manager], "Organisation manager home"),
    page("/organisations/import", OFFICER, "Import organisations from a CSV"),
    page("/organisations/new", OFFICER, "Define a group or record a site"),
    page("/organisations/import/{id}", OFFICER, "An organisation import's preview"),
    record_page("/organisation/{code}/headcount", &[RaOfficer, Manager], "Give an organisation's headcount"),
    record_page("/organisation/{code}/group", OFFICER, "Move a site to another group"),
    page("/audit", &[Auditor], "Auditor home"),
    page("/audit/verify", &[Auditor], "Verify the audit trail"),
    page("/access-review", WATCHERS, "The review of accesses the portal grants"),
    page("/access-review/{id}", &[RaManager], "Confirm or withdraw one access in the open review"),
    page("/audit/entries/{position}", &[Auditor], "One audit entry whole"),
    page("/audit/requests/{id}", &[Auditor], "A request's history from the trail"),
    page("/audit/people", &[Auditor], "A person's registration history from the trail"),
    page("/audit/devices", &[Auditor], "The device report"),
    page("/adoption", WATCHERS, "Adoption overview"),
    record_page("/adoption/{code}", READERS, "One organisation's or group's rollout"),
    page("/allow-list", &[PortalRole], "The allow list"),
    page("/allow-list/add", OFFICER, "Add a domain"),
    page("/allow-list/request", &[Sponsor], "Request a domain"),
    page("/allow-list/import", OFFICER, "Import a CSV"),
    page("/allow-list/import/{id}", OFFICER, "An import's preview"),
    page("/allow-list/{id}", &[PortalRole], "One entry"),
    page("/allow-list/{id}/withdraw", OFFICER, "Suspend or remove an entry"),
    page("/requests", READERS, "Registration requests"),
    page("/requests/new", &[Manager], "Request a registration"),
    page("/requests/bulk", &[Manager], "Request many from a CSV"),
    record_page("/requests/bulk/{id}", &[Manager], "A bulk upload's preview (its uploader only)"),
    record_page("/requests/{id}", READERS, "One request"),
    page("/enrol/{token}", ANYONE, "Enrolment, by one-time link"),
    page("/ra/mail", OFFICER, "Email not delivered"),
    page("/ra/managers", OFFICER, "Managers without a Care Identity"),
    page("/ra/managers/{id}", OFFICER, "One manager's access"),
    page("/manager-access", ANYONE, "Ask for a sign-in link"),
    page("/manager-access/pending", ANYONE, "Waiting for approval"),
    page("/manager-access/sent", ANYONE, "Sign-in link sent"),
    page("/manager-access/sign-in/{token}", ANYONE, "Use a sign-in link"),
    page("/no-access", &[SignedIn], "No portal role"),
    page("/signed-out", ANYONE, "Signed out"),
    page("/sign-in-problem", ANYONE, "Why a sign-in was refused"),
    page("/accessibility", ANYONE, "Accessibility statement"),
    // Plain routes.
    route(Get, paths::HEALTHZ, ANYONE, "Liveness"),
    route(Get, paths::READYZ, ANYONE, "Readiness (database and migrations)"),
    route(Get, paths::LOGIN, ANYONE, "Start a CIS2 sign-in"),
    route(Get, paths::CALLBACK, ANYONE, "CIS2's answer"),
    route(Post, paths::LOGOUT, ANYONE, "Sign out"),
    route(Post, paths::EMAIL_LINK, ANYONE, "Spend a manager's sign-in link"),
    route(Get, paths::JWKS, ANYONE, "The portal's public keys, for CIS2"),
    server_to_server(Post, paths::BACKCHANNEL_LOGOUT, "CIS2 ends sessions (a signed logout token is the credential)"),
    server_to_server(Get, paths::BACKCHANNEL_LOGOUT, "Refused with 400: back-channel logout is a POST"),
    route(Post, paths::ALLOW_LIST_UPLOAD, OFFICER, "Upload an allow-list CSV"),
    route(Post, paths::BULK_REQUESTS_UPLOAD, &[Manager], "Upload a staff CSV"),
    route(Post, paths::ORGANISATIONS_UPLOAD, OFFICER, "Upload an organisations CSV"),
    route(Get, paths::ALLOW_LIST_EXPORT, &[PortalRole], "The filtered allow list as CSV"),
    route(Get, paths::ADOPTION_EXPORT, WATCHERS, "The filtered adoption overview as CSV"),
    route(Get, paths::AUDIT_EXPORT, &[Auditor], "The filtered audit trail as CSV, with the latest signed checkpoint"),
    route(Get, paths::DEVICES_EXPORT, &[Auditor], "The filtered device report as CSV"),
    route(Get, paths::REQUESTS_EXPORT, READERS, "The filtered registration requests as CSV (managers: their own organisations)"),
    files("/pkg/*", "The built site (wasm, scripts, styles)"),
    files("/nhsuk/*", "NHS.UK design system styles"),
    files("/assets/*", "NHS.UK design system assets"),
    files("/favicon.ico", "The icon"),
];

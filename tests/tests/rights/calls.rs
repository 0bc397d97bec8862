//! A valid call of every entry in the rights table as each kind of principal: the
//! arguments an admitted caller needs to succeed, made fresh where a call changes
//! something, so that "admitted" can be checked as success and not just as "not 403".

use app::rights::{Kind, Method, Rule};
use ra_domain::{AccessId, EntryId, RequestId, allow_list::EntryStatus};
use ra_portal_tests::{
    Browser, ORG_A, ORG_B, TestPortal, Who,
    builders::{ORGS, home_domain, unique},
};

pub enum Body {
    None,
    Form(Vec<(String, String)>),
    Csv(Vec<u8>),
}

pub struct Call {
    pub method: Method,
    pub path: String,
    pub body: Body,
    /// Text that must not appear in the answer: another organisation's record.
    pub hidden: Option<String>,
    /// Ends the session it is made with (sign-out): made with a session of its own.
    pub own_session: bool,
}

/// What every principal's calls share: records at each organisation concerned.
pub struct Fixtures {
    entry: EntryId,
    /// A request at organisation B, whose email a manager of A must never see.
    b_request: (RequestId, String),
    access: AccessId,
}

impl Fixtures {
    pub async fn new(portal: &TestPortal) -> Self {
        for org in ORGS {
            portal.ensure_allowed(home_domain(org), org).await;
        }
        let entry = portal
            .entry("rights-fixture.org.uk")
            .ods(ORG_A)
            .create()
            .await;
        let b_email = format!("{}@{}", unique("b-carer"), home_domain(ORG_B));
        let b = portal.request(ORG_B).email(&b_email).create().await;
        Self {
            entry,
            b_request: (b, b_email),
            access: portal.pending_access("VOK01").await,
        }
    }
}

fn form(pairs: &[(&str, &str)]) -> Body {
    Body::Form(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

fn call(rule: &Rule, path: String, body: Body) -> Call {
    Call {
        method: rule.method,
        path,
        body,
        hidden: None,
        own_session: false,
    }
}

/// A CSV for an upload: domains for the allow list, staff for the bulk requests.
fn csv_for(path: &str, org: &str) -> Vec<u8> {
    if path.starts_with("/organisations") {
        format!("ods_code,name,kind,parent_code\nVRT01,Rights Lodge,care_home_site,{org}\n")
            .into_bytes()
    } else if path.starts_with("/allow-list") {
        format!(
            "domain,ods_code,covers_subdomains\n{}.org.uk,{org},no\n",
            unique("import")
        )
        .into_bytes()
    } else {
        format!(
            "full_name,email,job_role,ods_code,phone,phone_kind\nAmira Khan,{}@{},Carer,{org},07700900123,personal\n",
            unique("bulk"),
            home_domain(org)
        )
        .into_bytes()
    }
}

/// The id of a file `b` uploads (or an RA manager's, for a caller who cannot upload).
async fn import_of(portal: &TestPortal, b: &Browser, upload: &str, org: &str) -> String {
    let (code, location) = b.upload(upload, "rights.csv", csv_for(upload, org)).await;
    if code == 303 && !location.starts_with("/auth/") {
        return location.rsplit('/').next().unwrap_or_default().to_owned();
    }
    let officer = portal.signed_in("ra.manager").await;
    let (_, location) = officer
        .upload(upload, "rights.csv", csv_for(upload, org))
        .await;
    location.rsplit('/').next().unwrap_or_default().to_owned()
}

/// The call of `rule` that `who` would make, with `b` their browser.
pub async fn prepare(
    portal: &TestPortal,
    f: &Fixtures,
    rule: &Rule,
    who: Who,
    b: &Browser,
) -> Call {
    let org = who.target();
    let email = format!("{}@{}", unique("carer"), home_domain(org));
    let fresh_request = || async { portal.request(org).create().await.to_string() };
    let path = rule.path.to_owned();
    let c = |body| call(rule, path.clone(), body);
    match rule.kind {
        Kind::Page => return page(portal, f, rule, who, b).await,
        Kind::Route | Kind::Static => return route(portal, rule, who, b).await,
        Kind::ServerFn => {}
    }
    match rule.path.trim_start_matches("/api/") {
        "allow-list/list" => c(form(&[])),
        "allow-list/check" => c(form(&[("address", &email)])),
        "allow-list/domain" => c(form(&[("domain", "nhs.uk")])),
        "allow-list/entry" | "allow-list/impact" => c(form(&[("id", &f.entry.to_string())])),
        "allow-list/add" => c(form(&[
            ("domain", &format!("{}.org.uk", unique("add"))),
            ("ods_code", org),
            ("note", ""),
            ("initial", "active"),
        ])),
        "allow-list/request" => c(form(&[
            ("domain", &format!("{}.org.uk", unique("ask"))),
            ("ods_code", org),
            ("reason", "Our carers use it"),
            ("evidence_url", ""),
        ])),
        "allow-list/step" => {
            let e = portal
                .entry(&format!("{}.org.uk", unique("step")))
                .ods(org)
                .status(EntryStatus::Requested)
                .create()
                .await;
            c(form(&[("id", &e.to_string()), ("action", "accept")]))
        }
        "allow-list/import/preview" | "allow-list/import/commit" => {
            let id = import_of(portal, b, "/allow-list/import/upload", org).await;
            c(form(&[("id", &id)]))
        }
        "organisation/import/preview" | "organisation/import/commit" => {
            let id = import_of(portal, b, "/organisations/import/upload", org).await;
            c(form(&[("id", &id)]))
        }
        "registration/raise" => c(form(&ra_portal_tests::request_fields(
            "Amira Khan",
            &email,
            org,
        ))),
        "registration/list" => Call {
            hidden: Some(f.b_request.1.clone()),
            ..c(form(&[("org", org)]))
        },
        "registration/get" => {
            let id = match who {
                Who::ManagerOther => f.b_request.0.to_string(),
                _ => fresh_request().await,
            };
            c(form(&[("id", &id)]))
        }
        "registration/step" => {
            let action = match who {
                Who::RaManager | Who::RaAgent => "start_review",
                _ => "cancel",
            };
            c(form(&[
                ("id", &fresh_request().await),
                ("action", action),
                ("reason", ""),
            ]))
        }
        "registration/bulk/preview" | "registration/bulk/commit" => {
            let id = match who {
                // Someone else's upload, as a manager of another organisation would guess.
                Who::ManagerOther => {
                    let priya = portal.signed_in("manager.group").await;
                    import_of(portal, &priya, "/requests/bulk/upload", ORG_B).await
                }
                _ => import_of(portal, b, "/requests/bulk/upload", org).await,
            };
            c(form(&[("id", &id)]))
        }
        fn_path if fn_path.starts_with("enrolment/") => enrolment(portal, rule, fn_path, org).await,
        "manager-access/ask" => c(form(&[
            ("full_name", "Ada Obi"),
            (
                "email",
                &format!("{}@{}", unique("ada"), home_domain("VOK01")),
            ),
            ("ods_code", "VOK01"),
        ])),
        "ra/managers/list" => c(form(&[])),
        "ra/managers/get" => c(form(&[("id", &f.access.to_string())])),
        "ra/managers/decide" => {
            let id = portal.pending_access("VOK01").await;
            c(form(&[
                ("id", &id.to_string()),
                ("decision", "reject"),
                ("reason", "Not a manager here"),
            ]))
        }
        "organisation/get" | "adoption/organisation" => c(form(&[("ods_code", org)])),
        "organisation/add" => c(form(&[
            ("name", &unique("Rights Court")),
            ("kind", "care_home_site"),
            ("group", "VNC01"),
        ])),
        // A site of its own each time, taken out of its group.
        "organisation/move" => {
            let site = portal
                .organisation(&unique("Rights site"))
                .under("VNC01")
                .create()
                .await;
            c(form(&[("ods_code", site.as_str()), ("group", "")]))
        }
        "adoption/overview" => c(form(&[("q", org)])),
        "organisation/headcount" => c(form(&[
            ("ods_code", org),
            ("headcount", "42"),
            ("as_of_day", "1"),
            ("as_of_month", "11"),
            ("as_of_year", "2026"),
        ])),
        "organisation/mine"
        | "audit/search"
        | "audit/devices"
        | "audit/seal"
        | "audit/verify"
        | "mail/undelivered"
        | "session/whoami"
        | "work/ra"
        | "access-review/get"
        | "access-review/start" => c(form(&[])),
        "access-review/decide" => {
            let (review, access) = super::review::undecided_access(portal).await;
            c(form(&[
                ("review", &review),
                ("access", &access),
                ("decision", "confirm"),
                ("reason", "Still manages the home"),
            ]))
        }
        // Every portal has entries from its start (the demo data, each sign-in).
        "audit/entry" => c(form(&[("position", "1")])),
        "audit/timeline" => c(form(&[("request", &fresh_request().await)])),
        other => panic!("no call for /api/{other}: add one to tests/tests/rights/calls.rs"),
    }
}

/// The ceremony's steps on a link of their own: each step needs the ones before it.
async fn enrolment(portal: &TestPortal, rule: &Rule, fn_path: &str, org: &str) -> Call {
    let (_, token) = portal.enrolment_link(org).await;
    let b = portal.browser();
    let code = "123456";
    let prior: &[&str] = match fn_path {
        "enrolment/confirm-code" => &["send-code"],
        "enrolment/finish" => &["send-code", "confirm-code"],
        _ => &[],
    };
    let mut secret = String::new();
    for step in prior {
        if *step == "confirm-code" {
            portal.set_email_code(&token, code).await;
        }
        let (status, body) = b
            .call(
                &format!("enrolment/{step}"),
                &[("token", &token), ("code", code)],
            )
            .await;
        assert_eq!(status, 200, "{step}: {body}");
        if let Some(s) = body["secret"].as_str() {
            secret = s.to_owned();
        }
    }
    let code = match fn_path {
        "enrolment/finish" => ra_portal_tests::totp_now(&secret),
        "enrolment/confirm-code" => {
            portal.set_email_code(&token, code).await;
            code.to_owned()
        }
        _ => code.to_owned(),
    };
    call(
        rule,
        rule.path.to_owned(),
        form(&[("token", &token), ("code", &code)]),
    )
}

async fn page(portal: &TestPortal, f: &Fixtures, rule: &Rule, who: Who, b: &Browser) -> Call {
    let org = who.target();
    let id = match rule.path {
        "/allow-list/import/{id}" => import_of(portal, b, "/allow-list/import/upload", org).await,
        "/organisations/import/{id}" => {
            import_of(portal, b, "/organisations/import/upload", org).await
        }
        "/allow-list/{id}" | "/allow-list/{id}/withdraw" => f.entry.to_string(),
        "/requests/bulk/{id}" => match who {
            Who::ManagerOther => {
                let priya = portal.signed_in("manager.group").await;
                import_of(portal, &priya, "/requests/bulk/upload", ORG_B).await
            }
            _ => import_of(portal, b, "/requests/bulk/upload", org).await,
        },
        "/requests/{id}" => match who {
            Who::ManagerOther => f.b_request.0.to_string(),
            _ => portal.request(org).create().await.to_string(),
        },
        "/enrol/{token}" => portal.enrolment_link(org).await.1,
        "/ra/managers/{id}" => f.access.to_string(),
        "/audit/requests/{id}" => portal.request(org).create().await.to_string(),
        "/access-review/{id}" => super::review::undecided_access(portal).await.1,
        "/manager-access/sign-in/{token}" => unique("token"),
        _ => String::new(),
    };
    let path = rule
        .path
        .replace("{id}", &id)
        .replace("{token}", &id)
        .replace("{position}", "1")
        .replace("{code}", org);
    call(rule, path, Body::None)
}

async fn route(portal: &TestPortal, rule: &Rule, who: Who, _b: &Browser) -> Call {
    use app::rights::paths;
    let body = match rule.path {
        paths::EMAIL_LINK => form(&[("token", &unique("spent"))]),
        // A valid token, for someone with no session here: CIS2's server, not a browser.
        paths::BACKCHANNEL_LOGOUT if rule.method == Method::Post => {
            let claims = serde_json::json!({
                "iss": ra_portal_tests::issuer(),
                "aud": portal.client_id,
                "iat": chrono::Utc::now().timestamp(),
                "jti": unique("jti"),
                "sub": "555000000999",
                "events": { ra_domain::logout::LOGOUT_EVENT: {} },
            });
            let token =
                ra_portal_tests::sandbox::provider_signed(serde_json::json!({}), claims).await;
            form(&[("logout_token", &token)])
        }
        paths::ALLOW_LIST_UPLOAD | paths::BULK_REQUESTS_UPLOAD | paths::ORGANISATIONS_UPLOAD => {
            Body::Csv(csv_for(rule.path, who.target()))
        }
        _ if rule.method == Method::Post => form(&[]),
        _ => Body::None,
    };
    let _ = portal;
    Call {
        own_session: rule.path == paths::LOGOUT,
        ..call(rule, rule.path.to_owned(), body)
    }
}

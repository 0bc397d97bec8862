//! The rights table (`app::rights`) against the running portal, on SQLite and PostgreSQL:
//! everything it serves is in the table; every server function, page and route, called
//! as each of eight principals, is admitted or refused exactly as the table says (the
//! expectation worked out here from a truth table of its own, not the portal's code); a
//! refused call changes nothing; every state-changing call from another site, or that
//! does not say where it comes from, is refused.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod calls;
mod cross_site;
mod review;

use app::{
    AppError,
    rights::{Grant, Kind, Method, OtherOrg, RULES, Rule},
};
use calls::{Body, Call, Fixtures, prepare};
use ra_portal_tests::{Browser, TestPortal, Who, both};

/// Which grants admit which principals: written out here, independently of the portal.
/// Rachel (RA manager) holds CIS2's B1300 activity too, so she sponsors her ICB.
fn grant_admits(g: Grant, who: Who) -> bool {
    use Who::*;
    match g {
        Grant::Anyone => true,
        Grant::SignedIn => who != Anonymous,
        Grant::PortalRole => matches!(
            who,
            RaManager | RaAgent | ManagerOwn | ManagerOther | Auditor
        ),
        Grant::RaOfficer => matches!(who, RaManager | RaAgent),
        Grant::RaManager => who == RaManager,
        Grant::Auditor => who == Auditor,
        Grant::Manager => matches!(who, RaManager | ManagerOwn | ManagerOther | EmailLink),
        Grant::Sponsor => matches!(who, RaManager | ManagerOwn | ManagerOther),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Admitted,
    /// 401, or to the sign-in page for a browser's page or form.
    SignIn,
    Refused(u16),
}

fn expect(rule: &Rule, who: Who) -> Expect {
    if rule.grants.iter().any(|g| grant_admits(*g, who)) {
        return match (who, rule.other_org) {
            (Who::ManagerOther, OtherOrg::Forbidden) => Expect::Refused(403),
            (Who::ManagerOther, OtherOrg::NotFound) => Expect::Refused(404),
            _ => Expect::Admitted,
        };
    }
    match who {
        Who::Anonymous => Expect::SignIn,
        _ => Expect::Refused(403),
    }
}

/// Status, `Location` and body of a call, made with `b`'s cookies from the portal's own
/// pages (the cross-site rules are tested on their own).
async fn send(portal: &TestPortal, b: &Browser, c: &Call) -> (u16, String, String) {
    let url = portal.url(&c.path);
    let req = match c.method {
        Method::Get => b.client().get(&url),
        Method::Post => b.client().post(&url).header("origin", portal.url("")),
    };
    let req = match &c.body {
        Body::None => req,
        Body::Form(fields) => req.header("accept", "application/json").form(fields),
        Body::Csv(bytes) => {
            let part = reqwest::multipart::Part::bytes(bytes.clone())
                .file_name("rights.csv")
                .mime_str("text/csv")
                .unwrap();
            req.multipart(reqwest::multipart::Form::new().part("file", part))
        }
    };
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

/// Whether an answer is what `expected` says, for a call of `rule`.
fn judge(rule: &Rule, expected: Expect, (status, location, body): &(u16, String, String)) -> bool {
    let api = rule.path.starts_with("/api/");
    let error = || AppError::from_body(body);
    match expected {
        Expect::Admitted => {
            (200..300).contains(status)
                || ((300..400).contains(status) && !location.starts_with("/auth/login"))
                // The page that explains a refused sign-in says so with its status, and
                // the logout endpoint answers a GET in its protocol's words.
                || (rule.path == "/sign-in-problem" && *status == 400)
                || (rule.path == app::rights::paths::BACKCHANNEL_LOGOUT
                    && rule.method == Method::Get
                    && *status == 400
                    && body.contains("\"error\""))
        }
        Expect::SignIn if api => *status == 401 && error() == Some(AppError::Unauthenticated),
        Expect::SignIn => (300..400).contains(status) && location.starts_with("/auth/login"),
        Expect::Refused(code) if rule.kind == Kind::Page => {
            *status == code
                && match code {
                    403 => body.contains("You cannot see this page"),
                    _ => body.contains("Page not found"),
                }
        }
        Expect::Refused(403) => *status == 403 && matches!(error(), Some(AppError::Forbidden(_))),
        Expect::Refused(code) => *status == code && error() == Some(AppError::NotFound),
    }
}

both!(
    everything_served_is_in_the_table_and_admits_as_it_says,
    |backend| async move {
        let portal = TestPortal::start(backend).await;
        let missing = ra_portal_tests::unlisted();
        assert!(missing.is_empty(), "{}", missing.join("\n"));
        let served = ra_portal_tests::served().len();
        assert!(served >= 27 + 28 + 10, "{served}");

        let fixtures = Fixtures::new(&portal).await;
        let mut principals = Vec::new();
        for who in Who::ALL {
            principals.push((who, portal.principal(who).await));
        }
        let mut wrong = Vec::new();
        let mut calls = 0;
        for rule in RULES.iter().filter(|r| r.kind != Kind::Static) {
            for (who, b) in &principals {
                let c = prepare(&portal, &fixtures, rule, *who, b).await;
                let fresh;
                let b = if c.own_session {
                    fresh = portal.principal(*who).await;
                    &fresh
                } else {
                    b
                };
                let expected = expect(rule, *who);
                let before = portal.fingerprint().await;
                let answer = send(&portal, b, &c).await;
                calls += 1;
                let label = format!("{who:?} {} {}", rule.method.as_str(), c.path);
                if !judge(rule, expected, &answer) {
                    let shown: String = answer.2.chars().take(300).collect();
                    wrong.push(format!(
                        "{label}: expected {expected:?}, got {} {} {shown}",
                        answer.0, answer.1
                    ));
                    continue;
                }
                if expected != Expect::Admitted {
                    let changed = portal.fingerprint().await.changes_from(&before);
                    if !changed.is_empty() {
                        wrong.push(format!("{label}: refused, yet changed {changed:?}"));
                    }
                }
                if let Some(hidden) = c.hidden.as_deref().filter(|h| answer.2.contains(h)) {
                    wrong.push(format!("{label}: shows another organisation's {hidden}"));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of {calls} calls:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
        // Built files are public and need no session.
        let (status, ..) = send(
            &portal,
            &portal.browser(),
            &Call {
                method: Method::Get,
                path: "/pkg/ra-portal.js".into(),
                body: Body::None,
                hidden: None,
                own_session: false,
            },
        )
        .await;
        assert!(status != 401 && status != 403, "{status}");
    }
);

// A refusal from the route guard and one from inside a server function look the same to
// the browser's client: the portal's error, as JSON.
both!(
    refusals_from_the_guard_and_from_a_function_decode_alike,
    |backend| async move {
        let portal = TestPortal::start(backend).await;
        let auditor = portal.principal(Who::Auditor).await;
        let tom = portal.principal(Who::ManagerOwn).await;
        // The guard refuses an auditor adding a domain before the function runs.
        let by_guard = auditor
            .post_bytes(
                "/api/allow-list/add",
                "application/x-www-form-urlencoded",
                b"domain=x.org".to_vec(),
            )
            .await;
        // The function refuses a manager raising a request for another organisation.
        let email = format!(
            "{}@canterbury-care.org.uk",
            ra_portal_tests::builders::unique("x")
        );
        let fields = ra_portal_tests::request_fields("Amira Khan", &email, ra_portal_tests::ORG_B);
        let (code, by_function) = tom.call("registration/raise", &fields).await;
        assert_eq!(
            (by_guard.0, code),
            (403, 403),
            "{} / {by_function}",
            by_guard.1
        );
        for body in [by_guard.1, by_function.to_string()] {
            match AppError::from_body(&body) {
                Some(AppError::Forbidden(message)) => assert!(!message.is_empty()),
                other => panic!("not the portal's refusal: {other:?} from {body}"),
            }
        }
        // Without a session, the guard's 401 is the same error type.
        let (code, body) = portal.browser().call("registration/list", &[]).await;
        assert_eq!(code, 401);
        assert_eq!(
            AppError::from_body(&body.to_string()),
            Some(AppError::Unauthenticated)
        );
    }
);

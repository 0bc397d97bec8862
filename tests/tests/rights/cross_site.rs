//! Every state-changing server function and route, sent with a valid call by an RA
//! manager (so it would succeed) but from another site, from `Origin: null`, marked
//! `Sec-Fetch-Site: cross-site`, or with neither `Origin` nor `Sec-Fetch-Site`: each is
//! refused as docs/authorisation.md decides, and nothing changes. The one exempt route,
//! CIS2's back-channel logout, is posted without either header by its own tests.

use app::{
    AppError,
    rights::{Kind, Method, RULES},
};
use ra_portal_tests::{TestPortal, Who, both};

use crate::calls::{Body, Fixtures, prepare};

/// (what, extra headers): none of them shows the request comes from the portal's pages.
const FOREIGN: &[(&str, &[(&str, &str)])] = &[
    ("another origin", &[("origin", "https://evil.example")]),
    ("Origin: null", &[("origin", "null")]),
    ("cross-site", &[("sec-fetch-site", "cross-site")]),
    ("neither header", &[]),
];

both!(
    state_changing_calls_from_another_site_are_refused,
    |backend| async move {
        let portal = TestPortal::start(backend).await;
        let fixtures = Fixtures::new(&portal).await;
        let officer = portal.principal(Who::RaManager).await;
        let mut wrong = Vec::new();
        let mut sent = 0;
        let exempt: Vec<&str> = RULES
            .iter()
            .filter(|r| r.cross_site_ok && r.method == Method::Post)
            .map(|r| r.path)
            .collect();
        assert_eq!(
            exempt,
            [app::rights::paths::BACKCHANNEL_LOGOUT],
            "exempt routes need a test of their own"
        );
        let posts = RULES
            .iter()
            .filter(|r| r.method == Method::Post && r.kind != Kind::Static && !r.cross_site_ok);
        for rule in posts {
            for (what, headers) in FOREIGN {
                let c = prepare(&portal, &fixtures, rule, Who::RaManager, &officer).await;
                let mut req = officer.client().post(portal.url(&c.path));
                for (name, value) in *headers {
                    req = req.header(*name, *value);
                }
                req = match c.body {
                    Body::Form(fields) => req.form(&fields),
                    Body::Csv(bytes) => {
                        let part = reqwest::multipart::Part::bytes(bytes).file_name("x.csv");
                        req.multipart(reqwest::multipart::Form::new().part("file", part))
                    }
                    Body::None => req,
                };
                let before = portal.fingerprint().await;
                let res = req.send().await.unwrap();
                sent += 1;
                let status = res.status().as_u16();
                let body = res.text().await.unwrap();
                let refused = status == 403
                    && AppError::from_body(&body)
                        == Some(AppError::Forbidden(
                            "This request came from another site and was refused.".into(),
                        ));
                let changed = portal.fingerprint().await.changes_from(&before);
                if !refused || !changed.is_empty() {
                    wrong.push(format!(
                        "{} ({what}): {status} {body} changed {changed:?}",
                        rule.path
                    ));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of {sent}:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
        assert!(sent >= 4 * 20, "{sent}");
    }
);

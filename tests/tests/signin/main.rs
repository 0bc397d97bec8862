//! CIS2 sign-in against the sandbox provider, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::{Backend, Page, TestPortal, both};

mod refusals;

const SAM_RA_AGENT_ROLE: &str = "555000002102";
const SAM_NURSE_ROLE: &str = "555000002112";

/// The browser was sent to the sign-in-problem page with `explanation`, and no session exists.
async fn assert_refused(portal: &TestPortal, page: &Page, explanation: &str) {
    assert_eq!(page.path(), "/sign-in-problem");
    assert!(page.has_text(explanation), "{}", page.body);
    assert_eq!(portal.session_count().await, 0);
}

// Each demo user lands on the home page their CIS2 roles give them.
both!(
    every_demo_user_lands_on_their_home_page,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let cases: &[(&str, Option<&str>, &str, &str, &str)] = &[
            (
                "ra.manager",
                None,
                "/ra",
                "RA officer home",
                "Rachel Adeyemi (RA manager, Northshire Integrated Care Board)",
            ),
            (
                "ra.agent",
                Some(SAM_RA_AGENT_ROLE),
                "/ra",
                "RA officer home",
                "Sam Okafor (RA agent, Northshire Integrated Care Board)",
            ),
            (
                "manager.group",
                None,
                "/organisation",
                "Canterbury Lodge (VNC12)",
                "Priya Shah (Organisation manager, Canterbury Care Homes)",
            ),
            (
                "manager.meadowbank",
                None,
                "/organisation",
                "Meadowbank Care Home (VMB01)",
                "Tom Bell (Organisation manager, Meadowbank Care Home)",
            ),
            (
                "auditor",
                None,
                "/audit",
                "Audit trail",
                "Grace Lin (Auditor, Northshire Audit Services)",
            ),
            (
                "no.roles",
                None,
                "/no-access",
                "You do not have access to RA Portal",
                "Chris Doe",
            ),
            (
                "ra.agent",
                Some(SAM_NURSE_ROLE),
                "/no-access",
                "You do not have access to RA Portal",
                "Sam Okafor",
            ),
        ];
        for (user, role, path, content, signed_in_as) in cases {
            let browser = portal.browser();
            let page = browser.sign_in(user, *role).await;
            assert_eq!(page.status, 200, "{user}: {}", page.body);
            assert_eq!(page.path(), *path, "{user} landed on the wrong page");
            assert!(
                page.has_text(content),
                "{user}: page lacks {content:?}:\n{}",
                page.body
            );
            assert!(
                page.has_text(&format!("Signed in as {signed_in_as}")),
                "{user}: header lacks {signed_in_as:?}:\n{}",
                page.body
            );
        }
        assert_eq!(portal.session_count().await, cases.len() as i64);
        // The auditor's home page shows the sign-ins recorded before theirs.
        let auditor = portal.browser();
        let page = auditor.sign_in("auditor", None).await;
        assert!(page.has_text("signed_in"), "{}", page.body);
        assert!(page.has_text("Rachel Adeyemi"), "{}", page.body);
    }
);

// Role pages are refused (403) to people without the role, on the server.
both!(
    role_pages_are_refused_to_other_roles,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let manager = portal.browser();
        manager.sign_in("manager.meadowbank", None).await;
        let page = manager.get(&portal.url("/ra")).await;
        assert_eq!(page.status, 403);
        assert!(page.has_text("You cannot see this page"));
        let page = manager.get(&portal.url("/audit")).await;
        assert_eq!(page.status, 403);
        // The auditor's server function refuses the manager too, whatever the UI shows.
        let res = manager.post_portal("/api/audit/search").await;
        assert_eq!(res.status(), 403, "{}", res.text().await.unwrap());
    }
);

// The organisation page and its server function are for sponsors only; without a
// session, server functions answer 401 and pages send the browser to sign-in.
both!(
    organisation_pages_are_refused_to_others,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let agent = portal.browser();
        agent.sign_in("ra.agent", Some(SAM_RA_AGENT_ROLE)).await;
        let page = agent.get(&portal.url("/organisation")).await;
        assert_eq!(page.status, 403);
        assert!(page.has_text("You cannot see this page"));
        let res = agent.post_portal("/api/organisation/mine").await;
        assert_eq!(res.status(), 403, "{}", res.text().await.unwrap());

        let anonymous = portal.browser();
        for path in ["/api/organisation/mine", "/api/audit/search"] {
            assert_eq!(anonymous.post_portal(path).await.status(), 401, "{path}");
        }
        let res = anonymous.get_raw(&portal.url("/organisation")).await;
        assert_eq!(res.status(), 303);
    }
);

both!(
    sign_in_below_aal2_is_refused,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let browser = portal.browser();
        let page = browser.sign_in("aal1.user", None).await;
        assert_eq!(page.status, 400);
        assert_refused(&portal, &page, "not strong enough").await;
    }
);

both!(
    expired_session_goes_back_to_sign_in,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let browser = portal.browser();
        assert_eq!(browser.sign_in("ra.manager", None).await.path(), "/ra");
        // 31 minutes without activity (the idle timeout is 30).
        let stale = chrono::Utc::now() - chrono::Duration::minutes(31);
        portal
            .exec_at("UPDATE sessions SET last_seen_at = $1", stale)
            .await;
        let res = browser.get_raw(&portal.url("/ra")).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/auth/login?return_to=%2Fra");
        assert_eq!(
            portal.session_count().await,
            0,
            "the expired session is deleted"
        );
    }
);

both!(
    sign_out_ends_the_session_and_goes_to_cis2,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let browser = portal.browser();
        browser.sign_in("ra.manager", None).await;
        let res = browser.post_portal("/auth/logout").await;
        assert_eq!(res.status(), 303);
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.starts_with(&format!(
                "{}/connect/endSession?",
                ra_portal_tests::issuer()
            )),
            "{location}"
        );
        assert!(location.contains("id_token_hint="));
        assert_eq!(portal.session_count().await, 0);
        assert_eq!(
            portal.audit_actions().await.first().map(String::as_str),
            Some("signed_out")
        );
        let res = browser.get_raw(&portal.url("/ra")).await;
        assert_eq!(res.status(), 303);
    }
);

both!(
    client_secret_post_is_a_configuration_choice,
    |backend: Backend| async move {
        let opts = ra_portal_tests::PortalOptions {
            client_auth: "client_secret_post",
            ..Default::default()
        };
        let portal = TestPortal::start_with(backend, opts).await;
        let page = portal.browser().sign_in("ra.manager", None).await;
        assert_eq!(page.path(), "/ra");
    }
);

// The provider verifies our client assertions with the key our JWKS endpoint serves:
// sign-in only succeeds if it does. Both the current and the next key are published.
both!(
    jwks_serves_the_key_the_provider_verifies,
    |backend: Backend| async move {
        let opts = ra_portal_tests::PortalOptions {
            next_key: true,
            ..Default::default()
        };
        let portal = TestPortal::start_with(backend, opts).await;
        let jwks: serde_json::Value = reqwest::get(portal.url("/.well-known/jwks.json"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let kids: Vec<&str> = jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap())
            .collect();
        assert_eq!(kids.len(), 2);
        assert_eq!(kids[0], portal.state.keys.current.kid);
        assert!(jwks["keys"][0].get("d").is_none());
        let page = portal.browser().sign_in("ra.manager", None).await;
        assert_eq!(page.path(), "/ra", "private_key_jwt sign-in succeeds");
    }
);

both!(health_and_readiness, |backend: Backend| async move {
    let portal = TestPortal::start(backend).await;
    let res = reqwest::get(portal.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), 200);
    let res = reqwest::get(portal.url("/readyz")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ready");
    assert!(
        reqwest::get(portal.url("/healthz"))
            .await
            .unwrap()
            .headers()
            .contains_key("x-request-id")
    );
});

both!(
    unknown_pages_are_404_once_signed_in,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let browser = portal.browser();
        browser.sign_in("ra.manager", None).await;
        let page = browser.get(&portal.url("/no-such-page")).await;
        assert_eq!(page.status, 404);
        assert!(page.has_text("Page not found"));
    }
);

#[tokio::test]
async fn sandbox_login_page_lists_the_demo_users() {
    let portal = TestPortal::start(Backend::Sqlite).await;
    let page = portal.browser().open_sign_in().await;
    for name in [
        "Rachel Adeyemi",
        "Sam Okafor",
        "Priya Shah",
        "Tom Bell",
        "Grace Lin",
        "Chris Doe",
        "Pat Jones",
    ] {
        assert!(
            page.has_text(&format!("Sign in as {name}")),
            "missing {name}"
        );
    }
}

// The absolute timeout (12 hours) ends a session however busy it was, like the idle one.
both!(
    the_absolute_timeout_ends_a_busy_session,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let b = portal.principal(ra_portal_tests::Who::RaAgent).await;
        let started =
            chrono::Utc::now() - chrono::Duration::hours(12) - chrono::Duration::minutes(1);
        portal
            .exec_at("UPDATE sessions SET created_at = $1", started)
            .await;
        portal
            .exec_at("UPDATE sessions SET last_seen_at = $1", chrono::Utc::now())
            .await;
        let res = b.get_raw(&portal.url("/ra")).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/auth/login?return_to=%2Fra");
        assert_eq!(
            portal.session_count().await,
            0,
            "the ended session is deleted"
        );
    }
);

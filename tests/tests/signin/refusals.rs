use super::*;

both!(
    tampered_state_is_refused_without_a_session,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let browser = portal.browser();
        let callback = browser
            .choose_user("ra.agent", Some(SAM_RA_AGENT_ROLE))
            .await;
        let mut tampered = callback.clone();
        let pairs: Vec<(String, String)> = callback
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == "state" {
                    format!("{v}x")
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        tampered.query_pairs_mut().clear().extend_pairs(pairs);
        let page = browser.get(tampered.as_str()).await;
        assert_eq!(page.status, 400);
        assert_refused(&portal, &page, "not started from this browser").await;
        assert!(
            portal
                .audit_actions()
                .await
                .contains(&"sign_in_refused".to_owned())
        );
        // Still signed out: a protected page sends the browser to sign-in.
        let res = browser.get_raw(&portal.url("/ra")).await;
        assert_eq!(res.status(), 303);
    }
);

both!(
    state_from_another_browser_is_refused,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let callback = portal.browser().choose_user("ra.manager", None).await;
        // A different browser (no login cookie) presents a valid code and state.
        let page = portal.browser().get(callback.as_str()).await;
        assert_eq!(page.path(), "/sign-in-problem");
        assert_eq!(portal.session_count().await, 0);
    }
);

both!(
    replayed_authorization_code_is_refused,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let browser = portal.browser();
        let first = browser.choose_user("ra.manager", None).await;
        let page = browser.get(first.as_str()).await;
        assert_eq!(page.path(), "/ra");
        assert_eq!(portal.session_count().await, 1);

        // Replaying the same callback: the attempt is spent.
        let page = browser.get(first.as_str()).await;
        assert_eq!(page.path(), "/sign-in-problem");

        // Replaying the code under a fresh, genuine attempt (CIS2 single sign-on answers at
        // once): the provider refuses the spent code.
        let second = browser.start_sign_in_with_sso().await;
        let code = first
            .query_pairs()
            .find(|(k, _)| k == "code")
            .unwrap()
            .1
            .into_owned();
        let mut replay = second.clone();
        let pairs: Vec<(String, String)> = second
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == "code" {
                    code.clone()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        replay.query_pairs_mut().clear().extend_pairs(pairs);
        let page = browser.get(replay.as_str()).await;
        assert_eq!(page.path(), "/sign-in-problem");
        assert!(page.has_text("could not be verified"), "{}", page.body);
        assert_eq!(portal.session_count().await, 1, "no second session");
    }
);

both!(wrong_nonce_is_refused, |backend: Backend| async move {
    let portal = TestPortal::start(backend).await;
    let browser = portal.browser();
    let callback = browser.choose_user("ra.manager", None).await;
    let state = callback
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .into_owned();
    // The ID token will carry the nonce the portal sent; make the portal expect another.
    portal
        .exec(
            "UPDATE login_attempts SET nonce = 'a-different-nonce' WHERE state = $1",
            &state,
        )
        .await;
    let page = browser.get(callback.as_str()).await;
    assert_refused(&portal, &page, "could not be verified").await;
});

both!(
    userinfo_for_another_subject_is_refused,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let browser = portal.browser();
        let page = browser.sign_in("fixture.sub-mismatch", None).await;
        assert_refused(&portal, &page, "did not match").await;
    }
);

both!(
    cross_site_posts_are_refused,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let browser = portal.browser();
        browser.sign_in("ra.manager", None).await;
        let res = browser
            .client()
            .post(portal.url("/auth/logout"))
            .header("origin", "http://evil.example")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(portal.session_count().await, 1);
    }
);

//! Valid logout tokens end what they name: one session by `sid`, every CIS2 session of
//! the person by `sub` alone; a retry after a failure is accepted.

use super::*;
use ra_portal_tests::sandbox::provider_signed;

both!(
    a_sid_ends_that_session_only_and_the_browser_is_told,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let first = sam(&portal).await;
        let second = sam(&portal).await;
        let rachel = portal.principal(ra_portal_tests::Who::RaManager).await;
        let sids = sids_of(&portal, SAM).await;
        assert_eq!(sids.len(), 2);
        assert_ne!(sids[0], sids[1], "two provider sessions, two sids");

        let c = claims(&portal, Some(SAM), Some(&sids[0]));
        let jti = c["jti"].as_str().unwrap().to_owned();
        let (code, cache, body) = post_token(&portal, &provider_signed(json!({}), c).await).await;
        assert_eq!((code, cache.as_str()), (200, "no-store"), "{body}");

        assert!(!signed_in(&first).await, "the first session ended");
        assert!(
            signed_in(&second).await && signed_in(&rachel).await,
            "no other session"
        );
        // Its browser's next page is the start page, which says why.
        let b = sam(&portal).await;
        let sid = sids_of(&portal, SAM).await.pop().unwrap();
        let c = claims(&portal, None, Some(&sid));
        assert_eq!(
            post_token(
                &portal,
                &provider_signed(json!({ "typ": "logout+jwt" }), c).await
            )
            .await
            .0,
            200
        );
        let res = b.get_raw(&portal.url("/ra")).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/?signed_out=cis2");
        let landing = b.get(&portal.url("/?signed_out=cis2")).await;
        assert!(
            landing.has_text("You were signed out by CIS2"),
            "{}",
            landing.body
        );
        assert!(!signed_in(&b).await);

        // Audited with the token's jti and the sessions it ended.
        let details: Vec<Value> = ra_db::repo::audit::recent(portal.db(), 20)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "signed_out_by_cis2")
            .map(|e| e.details.0)
            .collect();
        let first_logout = details
            .iter()
            .find(|d| d["jti"] == jti.as_str())
            .expect("audited");
        assert_eq!(first_logout["sid"], sids[0].as_str());
        assert_eq!(first_logout["sessions"].as_array().unwrap().len(), 1);
    }
);

both!(
    a_sub_alone_ends_every_cis2_session_of_the_person_and_no_one_elses,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let first = sam(&portal).await;
        let second = sam(&portal).await;
        let manager = portal.principal(ra_portal_tests::Who::EmailLink).await;
        let rachel = portal.principal(ra_portal_tests::Who::RaManager).await;
        let token = provider_signed(json!({}), claims(&portal, Some(SAM), None)).await;
        assert_eq!(post_token(&portal, &token).await.0, 200);
        assert!(!signed_in(&first).await && !signed_in(&second).await);
        assert!(
            signed_in(&manager).await,
            "an email-link session is not CIS2's"
        );
        assert!(signed_in(&rachel).await);
        // Someone who never signed in here: nothing to end, and that is a success.
        let token = provider_signed(json!({}), claims(&portal, Some("555000000999"), None)).await;
        assert_eq!(post_token(&portal, &token).await.0, 200);
        assert!(signed_in(&manager).await && signed_in(&rachel).await);
    }
);

both!(
    a_retry_after_a_failed_logout_is_accepted,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let b = sam(&portal).await;
        let sid = sids_of(&portal, SAM).await.pop().unwrap();
        let token = provider_signed(json!({}), claims(&portal, Some(SAM), Some(&sid))).await;
        // The database refuses the logout's writes for a moment.
        portal.break_inserts("logout_tokens").await;
        let (code, _, body) = post_token(&portal, &token).await;
        assert_eq!(code, 400, "{body}");
        assert!(body.contains("try again"), "{body}");
        assert!(signed_in(&b).await, "nothing was ended");
        portal.mend_inserts("logout_tokens").await;
        // The provider retries the same token: not a replay, since nothing was kept.
        assert_eq!(post_token(&portal, &token).await.0, 200);
        assert!(!signed_in(&b).await);
    }
);

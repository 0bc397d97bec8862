//! The optional source-address allow list: off by default; when on, a call from outside
//! the ranges is refused (403); through a trusted proxy the forwarded address counts; the
//! same header from anyone else is ignored.

use super::*;
use ra_portal_tests::{PortalOptions, sandbox::provider_signed};

async fn portal_with(backend: Backend, trusted_proxies: &str) -> TestPortal {
    let mut extra_env = vec![(
        "RA_BCL_ALLOWED_SOURCES".to_owned(),
        "52.142.148.70/31 51.143.231.182/31".to_owned(),
    )];
    if !trusted_proxies.is_empty() {
        extra_env.push(("RA_TRUSTED_PROXIES".into(), trusted_proxies.into()));
    }
    TestPortal::start_with(
        backend,
        PortalOptions {
            extra_env,
            ..PortalOptions::default()
        },
    )
    .await
}

async fn from(portal: &TestPortal, forwarded: Option<&str>, token: &str) -> u16 {
    let mut req = reqwest::Client::new()
        .post(portal.url(PATH))
        .form(&[("logout_token", token)]);
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    req.send().await.unwrap().status().as_u16()
}

both!(
    only_cis2s_addresses_through_a_trusted_proxy_are_heard,
    |backend: Backend| async move {
        // Loopback is the reverse proxy here.
        let portal = portal_with(backend, "127.0.0.1/32").await;
        let b = sam(&portal).await;
        let sid = sids_of(&portal, SAM).await.pop().unwrap();
        let token = provider_signed(json!({}), claims(&portal, Some(SAM), Some(&sid))).await;
        assert_eq!(
            from(&portal, None, &token).await,
            403,
            "the proxy itself is not CIS2"
        );
        assert_eq!(from(&portal, Some("198.51.100.7"), &token).await, 403);
        assert!(signed_in(&b).await);
        assert_eq!(
            from(&portal, Some("198.51.100.7, 52.142.148.71"), &token).await,
            200
        );
        assert!(!signed_in(&b).await);

        // Without trusted proxies the header is the caller's own claim.
        let strict = portal_with(backend, "").await;
        let b = sam(&strict).await;
        let sid = sids_of(&strict, SAM).await.pop().unwrap();
        let token = provider_signed(json!({}), claims(&strict, Some(SAM), Some(&sid))).await;
        assert_eq!(from(&strict, Some("52.142.148.71"), &token).await, 403);
        assert!(signed_in(&b).await);
    }
);

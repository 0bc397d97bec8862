//! The public endpoints are limited per client address: a 429 with `Retry-After` and a
//! message once the bucket is empty; other addresses (through a trusted proxy) and other
//! endpoints are not held up.

use super::*;
use ra_portal_tests::PortalOptions;

async fn ask(portal: &TestPortal, forwarded: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(portal.url("/api/manager-access/ask"))
        .header("origin", portal.url(""))
        .header("x-forwarded-for", forwarded)
        .form(&[
            ("full_name", "Ada Obi"),
            ("email", "ada@example.org"),
            ("ods_code", "VOK01"),
        ])
        .send()
        .await
        .unwrap()
}

both!(
    the_public_endpoints_are_rate_limited_per_address,
    |backend: Backend| async move {
        let portal = TestPortal::start_with(
            backend,
            PortalOptions {
                extra_env: vec![
                    ("RA_RATE_LIMIT_PER_MINUTE".into(), "3".into()),
                    ("RA_TRUSTED_PROXIES".into(), "127.0.0.1".into()),
                ],
                ..PortalOptions::default()
            },
        )
        .await;
        for _ in 0..3 {
            assert_eq!(ask(&portal, "198.51.100.1").await.status(), 200);
        }
        let refused = ask(&portal, "198.51.100.1").await;
        assert_eq!(refused.status(), 429);
        let wait: u64 = refused.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=20).contains(&wait), "{wait}");
        let said = app::AppError::from_body(&refused.text().await.unwrap());
        assert_eq!(said, Some(app::AppError::TooManyRequests(wait)));
        // Another address, and another endpoint, carry on.
        assert_eq!(ask(&portal, "198.51.100.2").await.status(), 200);
        let login = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(portal.url("/auth/login"))
            .header("x-forwarded-for", "198.51.100.1")
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 303);
    }
);

//! Security headers on every response, a CSP whose nonce the page's scripts carry,
//! nothing with personal data cached, and compression for those who accept it.

use super::*;
use ra_portal_tests::Who;

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

fn defended(res: &reqwest::Response) {
    assert_eq!(header(res, "x-content-type-options"), "nosniff");
    assert_eq!(header(res, "referrer-policy"), "same-origin");
    assert_eq!(header(res, "x-frame-options"), "DENY");
    assert!(header(res, "permissions-policy").contains("camera=()"));
    assert!(header(res, "content-security-policy").contains("frame-ancestors 'none'"));
}

both!(
    every_response_is_defended_and_pages_run_only_their_nonce,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let b = portal.principal(Who::RaAgent).await;
        let page = b.get_raw(&portal.url("/ra")).await;
        defended(&page);
        assert_eq!(
            header(&page, "cache-control"),
            "no-store",
            "personal data is not kept"
        );
        let csp = header(&page, "content-security-policy");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .expect("a nonce")
            .to_owned();
        let html = page.text().await.unwrap();
        let scripts = html.matches("<script").count();
        assert!(scripts > 0);
        assert_eq!(
            html.matches(&format!("nonce=\"{nonce}\"")).count(),
            scripts,
            "every script carries the nonce"
        );
        // A new nonce for every response.
        let again = b.get_raw(&portal.url("/ra")).await;
        assert_ne!(header(&again, "content-security-policy"), csp);

        // Not pages: nothing may run or load.
        let (code, _) = b.call("session/whoami", &[]).await;
        assert_eq!(code, 200);
        let api = b
            .client()
            .post(portal.url("/api/session/whoami"))
            .header("origin", portal.url(""))
            .send()
            .await
            .unwrap();
        defended(&api);
        assert!(header(&api, "content-security-policy").starts_with("default-src 'none'"));
        assert_eq!(header(&api, "cache-control"), "no-store");
        // Plain http on loopback: no HSTS (it is sent when RA_PUBLIC_URL is https).
        assert_eq!(header(&api, "strict-transport-security"), "");

        // Refusals and files are defended too: a call without a session, a file.
        let anonymous = portal.browser();
        let refused = anonymous
            .client()
            .post(portal.url("/api/registration/list"))
            .header("origin", portal.url(""))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 401);
        defended(&refused);
        let file = anonymous.get_raw(&portal.url("/favicon.ico")).await;
        defended(&file);
    }
);

both!(
    pages_are_compressed_for_browsers_that_accept_it,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        for (accept, encoding) in [("br", "br"), ("gzip", "gzip")] {
            let res = reqwest::Client::new()
                .get(portal.url("/"))
                .header("accept-encoding", accept)
                .send()
                .await
                .unwrap();
            assert_eq!(header(&res, "content-encoding"), encoding);
        }
        let plain = reqwest::get(portal.url("/")).await.unwrap();
        assert_eq!(header(&plain, "content-encoding"), "");
        assert!(plain.text().await.unwrap().contains("RA Portal"));
    }
);

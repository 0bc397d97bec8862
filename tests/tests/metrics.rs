//! Prometheus metrics read real numbers: a request counts under its route's pattern
//! (never the id in its path), a queued email shows in the outbox depth and leaves it
//! when sent, refused sign-ins and back-channel logouts are counted, and the portal's
//! public port does not serve `/metrics`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use chrono::Utc;
use ra_db::repo::outbox::{self, NewMail};
use ra_portal_tests::{Backend, TestPortal, both};

/// Serves the portal's metrics on a port of their own, as `RA_METRICS_ADDR` does.
async fn metrics_url(portal: &TestPortal) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/metrics", listener.local_addr().unwrap());
    let app = server::metrics::router(portal.state.metrics.clone(), portal.db().clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

async fn scrape(url: &str) -> String {
    let res = reqwest::get(url).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    res.text().await.unwrap()
}

/// The value of the sample `name{labels}`, or 0 when it has not been seen yet.
fn sample(text: &str, name: &str, labels: &str) -> f64 {
    let key = if labels.is_empty() {
        format!("{name} ")
    } else {
        format!("{name}{{{labels}}} ")
    };
    text.lines()
        .find_map(|l| l.strip_prefix(&key))
        .map(|v| v.trim().parse().unwrap())
        .unwrap_or(0.0)
}

both!(
    metrics_follow_requests_outbox_and_sign_ins,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let url = metrics_url(&portal).await;
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();

        let healthz = r#"route="/healthz",method="GET",status="200""#;
        let before = scrape(&url).await;
        for _ in 0..3 {
            http.get(portal.url("/healthz")).send().await.unwrap();
        }
        // A page with an id in its path: counted under its pattern.
        let id = uuid::Uuid::new_v4().to_string();
        let res = http
            .get(portal.url(&format!("/requests/{id}")))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let after = scrape(&url).await;
        let count = "ra_portal_http_requests_total";
        assert_eq!(
            sample(&after, count, healthz) - sample(&before, count, healthz),
            3.0
        );
        let pattern = format!(r#"route="/requests/{{id}}",method="GET",status="{status}""#);
        assert_eq!(sample(&after, count, &pattern), 1.0, "{after}");
        assert!(!after.contains(&id), "no raw path in the metrics");
        let latency = r#"route="/healthz",method="GET""#;
        assert!(
            sample(
                &after,
                "ra_portal_http_request_duration_seconds_count",
                latency
            ) >= 3.0
        );
        assert!(sample(&after, "ra_portal_db_pool_max_connections", "") >= 1.0);
        assert!(sample(&after, "ra_portal_db_pool_open_connections", "") >= 1.0);
        assert_eq!(sample(&after, "ra_portal_database_up", ""), 1.0);

        // A queued email is in the depth, with an age, until it is sent.
        let depth = |t: &str| sample(t, "ra_portal_outbox_pending_messages", "");
        let waiting = depth(&after);
        let mut tx = portal.db().begin().await.unwrap();
        let mail = NewMail {
            to: "someone@example.org",
            subject: "metrics test",
            text: "t",
            html: "<p>t</p>",
        };
        outbox::enqueue(&mut tx, &mail, Utc::now() - chrono::Duration::seconds(90))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let queued = scrape(&url).await;
        assert_eq!(depth(&queued), waiting + 1.0, "{queued}");
        assert!(sample(&queued, "ra_portal_outbox_oldest_pending_age_seconds", "") >= 90.0);
        portal.deliver_mail().await;
        let sent = scrape(&url).await;
        assert_eq!(depth(&sent), 0.0, "{sent}");
        assert_eq!(
            sample(&sent, "ra_portal_outbox_oldest_pending_age_seconds", ""),
            0.0
        );

        // A callback nobody started is a refused sign-in; junk is a refused logout.
        http.get(portal.url("/auth/callback?state=nobody-started-this&code=x"))
            .send()
            .await
            .unwrap();
        let res = http
            .post(portal.url("/auth/backchannel-logout"))
            .form(&[("logout_token", "not-a-token")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        let refused = scrape(&url).await;
        assert_eq!(
            sample(
                &refused,
                "ra_portal_sign_in_failures_total",
                r#"reason="state""#
            ),
            1.0
        );
        assert_eq!(
            sample(
                &refused,
                "ra_portal_backchannel_logouts_total",
                r#"outcome="refused""#
            ),
            1.0
        );

        let public = http.get(portal.url("/metrics")).send().await.unwrap();
        assert_eq!(
            public.status(),
            404,
            "the public port does not serve metrics"
        );
    }
);

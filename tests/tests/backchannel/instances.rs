//! Two portal instances on one PostgreSQL, one CIS2 client, behind one address as a load
//! balancer puts them: a person's session is served by both (one cookie, one row); the
//! provider ends its session and tells the first instance; the second refuses the
//! session within a second.

use std::time::{Duration, Instant};

use super::*;
use ra_portal_tests::{PortalOptions, Who, sandbox::end_provider_sessions};

/// Rachel Adeyemi's CIS2 subject.
const RACHEL: &str = "555000000101";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_logout_ends_the_session_on_every_instance() {
    let (a, b) = TestPortal::start_pair(Backend::Postgres, PortalOptions::default()).await;
    let on_a = a.principal(Who::RaManager).await;
    // The same browser sent to the other instance (cookies do not tell ports apart).
    let on_b = on_a.on(&b.url(""));
    assert!(
        signed_in(&on_b).await,
        "the other instance serves the same session"
    );
    let page = on_b.get(&b.url("/ra")).await;
    assert!(page.has_text("RA officer home"), "{}", page.body);
    assert_eq!(sids_of(&a, RACHEL).await.len(), 1);

    let told = end_provider_sessions(RACHEL).await;
    assert!(
        told.iter()
            .any(|t| t["clientId"] == a.client_id.as_str() && t["delivered"] == true),
        "the provider delivered its logout to the portal: {told:?}"
    );
    let started = Instant::now();
    while signed_in(&on_b).await {
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "still signed in on B after 1 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!signed_in(&on_a).await);
    let res = on_b.get_raw(&b.url("/ra")).await;
    assert_eq!(
        res.headers()["location"],
        "/auth/login?return_to=%2Fra",
        "already told once"
    );
}

use std::{
    collections::HashSet,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use app::error::DATABASE_UNREACHABLE;
use ra_portal_tests::{
    Browser, PortalOptions, TestDb, builders::unique, faults::Cluster, request_fields,
};

use super::*;

/// One request raised during the run: when it started and ended, and the answer.
struct Outcome {
    started: Instant,
    ended: Instant,
    code: u16,
    body: Value,
    email: String,
}

// PostgreSQL (a server of this test's own) is stopped as by a crash and started again
// while managers raise requests: requests during the outage fail within seconds with a
// clear message, the portal recovers by itself, and every request it accepted is kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarted_under_load() {
    let cluster = Cluster::start();
    let db = TestDb {
        url: cluster.url(),
        schema: None,
    };
    let portal = TestPortal::start_on(&db, PortalOptions::default()).await;
    portal
        .ensure_allowed("meadowbank-care.org.uk", "VMB01")
        .await;
    let tom = portal.signed_in("manager.meadowbank").await;

    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (tom, stop) = (tom.clone(), stop.clone());
        writers.spawn(async move { raise_until(&tom, &stop).await });
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let down = Instant::now();
    cluster.stop();
    // A page during the outage says so plainly (not "sign in", not a stack of JSON).
    let page = tom.get_raw(&portal.url("/requests")).await;
    assert_eq!(page.status(), 503);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Sorry, there is a problem with the service"),
        "{html}"
    );
    assert!(html.contains(DATABASE_UNREACHABLE), "{html}");
    // Longer than the pool waits for a connection (5 s), so some requests give up.
    let waited = down.elapsed();
    tokio::time::sleep(Duration::from_secs(7).saturating_sub(waited)).await;
    cluster.up();
    let up = Instant::now();
    tokio::time::sleep(Duration::from_secs(5)).await;
    stop.store(true, Ordering::Relaxed);
    let outcomes: Vec<Outcome> = writers.join_all().await.into_iter().flatten().collect();

    let refused = outcomes.iter().filter(|o| o.code == 503).count();
    eprintln!(
        "{} requests, {refused} refused during the outage; the slowest took {:?}",
        outcomes.len(),
        outcomes
            .iter()
            .map(|o| o.ended - o.started)
            .max()
            .unwrap_or_default()
    );
    let unclear: Vec<String> = outcomes
        .iter()
        .filter(|o| {
            o.code != 200 && !(o.code == 503 && o.body["Unavailable"] == DATABASE_UNREACHABLE)
        })
        .map(|o| format!("{} {}", o.code, o.body))
        .collect();
    assert!(unclear.is_empty(), "every failure says why: {unclear:?}");
    let slowest = outcomes.iter().map(|o| o.ended - o.started).max().unwrap();
    assert!(
        slowest < Duration::from_secs(8),
        "no hang: the slowest took {slowest:?}"
    );
    assert!(
        outcomes.iter().any(|o| o.code == 503),
        "the outage was felt"
    );
    assert!(
        outcomes.iter().any(|o| o.code == 200 && o.ended < down),
        "work before it"
    );
    let recovered = outcomes
        .iter()
        .filter(|o| o.code == 200 && o.started >= up)
        .map(|o| o.ended - up)
        .min()
        .expect("requests succeed again without restarting the portal");
    assert!(
        recovered < Duration::from_secs(5),
        "recovered after {recovered:?}"
    );

    let kept: HashSet<String> = ra_db::on_pool!(portal.db(), |p| sqlx::query_scalar(
        "SELECT email FROM registration_requests"
    )
    .fetch_all(p)
    .await)
    .unwrap()
    .into_iter()
    .collect();
    for o in outcomes.iter().filter(|o| o.code == 200) {
        assert!(kept.contains(&o.email), "{} was accepted and kept", o.email);
    }
}

/// Raises requests for new people one after another until told to stop.
async fn raise_until(tom: &Browser, stop: &AtomicBool) -> Vec<Outcome> {
    let mut out = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let email = format!("{}@meadowbank-care.org.uk", unique("carer"));
        let started = Instant::now();
        let (code, body) = tom
            .call(
                "registration/raise",
                &request_fields("Kit Load", &email, "VMB01"),
            )
            .await;
        out.push(Outcome {
            started,
            ended: Instant::now(),
            code,
            body,
            email,
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    out
}

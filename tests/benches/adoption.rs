//! Adoption pages at NHS scale (issue 11): the generator's data set (`ADOPTION_SCALE`,
//! default `nhs`; `10%` for a quick run), then each page's server function against the
//! aggregate queries it needs, run directly, in the same run on each database.
//! `cargo bench -p ra-portal-tests --bench adoption`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmarks")]

use std::{collections::BTreeSet, time::Duration};

use chrono::Utc;
use ra_db::{
    Db, on_pool,
    repo::{
        adoption::{self, AdoptionQuery},
        organisations,
    },
};
use ra_domain::{
    OdsCode, ScopeFilter, adoption::PROJECTION_WINDOW_DAYS, registration::stale::stale_before,
};
use ra_portal_tests::{Backend, TestPortal, median, ms};
use server::generate::{Scale, generate};

const RUNS: usize = 5;

/// Every query an organisation or overview page needs, in `scope`, run directly.
async fn raw(db: &Db, scope: ScopeFilter<'_>, page: bool) {
    let now = Utc::now();
    let q = AdoptionQuery {
        scope,
        stale_before: stale_before(now),
        recent_since: now - chrono::Duration::days(i64::from(PROJECTION_WINDOW_DAYS)),
        raised: Default::default(),
    };
    assert!(!adoption::organisations(db, &q).await.unwrap().is_empty());
    adoption::days_to_enrol(db, scope, &q.raised).await.unwrap();
    if page {
        adoption::enrolments_by_day(db, scope).await.unwrap();
        adoption::still_to_do(db, scope, 100).await.unwrap();
    }
}

/// The provider with the most sites, and its code with theirs.
async fn biggest_group(db: &Db) -> (OdsCode, BTreeSet<OdsCode>) {
    let code: String = on_pool!(db, |p| sqlx::query_scalar(
        "SELECT g.ods_code FROM organisations g JOIN organisations s ON s.parent_id = g.id \
         GROUP BY g.ods_code ORDER BY COUNT(*) DESC, g.ods_code LIMIT 1"
    )
    .fetch_one(p)
    .await
    .unwrap());
    let code = OdsCode::parse(&code).unwrap();
    let mut codes: BTreeSet<OdsCode> = organisations::sites_of(db, std::slice::from_ref(&code))
        .await
        .unwrap()
        .into_iter()
        .collect();
    codes.insert(code.clone());
    (code, codes)
}

fn row(name: &str, raw: Duration, via: Duration) {
    println!(
        "| {name} | {} | {} | {:.2} |",
        ms(raw),
        ms(via),
        via.as_secs_f64() / raw.as_secs_f64()
    );
}

async fn run(backend: Backend, scale: Scale) {
    let portal = TestPortal::start(backend).await;
    let db = portal.db().clone();
    let report = generate(&db, 1, scale, Utc::now()).await.unwrap();
    on_pool!(&db, |p| {
        sqlx::query("ANALYZE").execute(p).await.unwrap();
    });
    println!("\n### {backend:?}: {report}\n");
    let sam = portal.signed_in("ra.agent").await;
    let (group, codes) = biggest_group(&db).await;
    let site = codes.iter().find(|c| **c != group).unwrap().clone();
    let one: BTreeSet<OdsCode> = [site.clone()].into();
    println!(
        "Group {group} has {} sites. Median of {RUNS} runs after 3 warm-ups, ms.\n",
        codes.len() - 1
    );
    println!("| page | its queries, run directly | server function (HTTP) | × |");
    println!("|---|---:|---:|---:|");
    let everything = median!(RUNS, raw(&db, ScopeFilter::Everything, false).await);
    for (name, args) in [
        ("overview, first page", vec![]),
        (
            "overview, care-home sites, least registered first",
            vec![("kind", "care_home_site"), ("sort", "percent")],
        ),
        ("overview by region", vec![("view", "regions")]),
    ] {
        let via = median!(RUNS, {
            let (code, page) = sam.call("adoption/overview", &args).await;
            assert_eq!(code, 200, "{page}");
        });
        row(name, everything, via);
    }
    for (name, code, scope) in [
        ("the biggest group's page", &group, &codes),
        ("one site's page", &site, &one),
    ] {
        let raw = median!(RUNS, raw(&db, ScopeFilter::Only(scope), true).await);
        let via = median!(RUNS, {
            let (status, page) = sam
                .call("adoption/organisation", &[("ods_code", code.as_str())])
                .await;
            assert_eq!(status, 200, "{page}");
        });
        row(name, raw, via);
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let scale = std::env::var("ADOPTION_SCALE").unwrap_or_else(|_| "nhs".into());
    let scale = Scale::parse(&scale).expect("ADOPTION_SCALE: nhs, demo or a percentage like 10%");
    run(Backend::Sqlite, scale).await;
    run(Backend::Postgres, scale).await;
}

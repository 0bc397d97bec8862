//! Adoption pages at NHS scale (issue 11): the generator's data set (`ADOPTION_SCALE`,
//! default `nhs`; `10%` for a quick run), then each page's server function against the
//! raw from-scratch aggregate of the same figures (the fair baseline) and against the
//! kept-count queries the page now reads, each run directly, in the same run on each
//! database.
//! `cargo bench -p ra-portal-tests --bench adoption [-- sqlite|postgres]`.

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

fn query(scope: ScopeFilter<'_>) -> AdoptionQuery<'_> {
    let now = Utc::now();
    AdoptionQuery {
        scope,
        stale_before: stale_before(now),
        recent_since: now - chrono::Duration::days(i64::from(PROJECTION_WINDOW_DAYS)),
        raised: Default::default(),
    }
}

/// The figures an organisation or overview page shows, in `scope`, counted from every
/// request and device (the raw aggregate), run directly.
async fn raw(db: &Db, scope: ScopeFilter<'_>, page: bool) {
    let q = query(scope);
    assert!(!adoption::organisations(db, &q).await.unwrap().is_empty());
    adoption::days_to_enrol(db, scope, &q.raised).await.unwrap();
    if page {
        page_extras(db, scope).await;
    }
}

/// The same figures as the page reads them: the kept counts, run directly.
async fn kept(db: &Db, scope: ScopeFilter<'_>, page: bool) {
    let q = query(scope);
    assert!(
        !adoption::read::organisations(db, &q)
            .await
            .unwrap()
            .is_empty()
    );
    adoption::read::days_to_enrol(db, scope).await.unwrap();
    if page {
        page_extras(db, scope).await;
    }
}

/// What an organisation's page adds, live in both: the cumulative line and the people
/// still to do.
async fn page_extras(db: &Db, scope: ScopeFilter<'_>) {
    adoption::enrolments_by_day(db, scope).await.unwrap();
    adoption::still_to_do(db, scope, 100).await.unwrap();
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

fn row(name: &str, raw: Duration, kept: Duration, via: Duration) {
    println!(
        "| {name} | {} | {} | {} | {:.2} | {:.3} |",
        ms(raw),
        ms(kept),
        ms(via),
        via.as_secs_f64() / kept.as_secs_f64(),
        via.as_secs_f64() / raw.as_secs_f64()
    );
}

/// Rows in the tables the figures come from, counted with `COUNT(*)`.
async fn counted(db: &Db) -> String {
    let mut out = Vec::new();
    for table in [
        "organisations",
        "registration_requests",
        "devices",
        "adoption_counts",
        "adoption_days",
    ] {
        let n: i64 = on_pool!(db, |p| sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {table}"
        ))
        .fetch_one(p)
        .await
        .unwrap());
        out.push(format!("{table} {n}"));
    }
    out.join(", ")
}

/// The kept counts equal the raw aggregate at this size too.
async fn check_kept(db: &Db) {
    let q = query(ScopeFilter::Everything);
    let fresh = adoption::organisations(db, &q).await.unwrap();
    let kept = adoption::read::organisations(db, &q).await.unwrap();
    assert_eq!(fresh.len(), kept.len());
    for (f, k) in fresh.iter().zip(&kept) {
        assert_eq!(format!("{f:?}"), format!("{k:?}"));
    }
}

async fn run(backend: Backend, scale: Scale) {
    let portal = TestPortal::start(backend).await;
    let db = portal.db().clone();
    let report = generate(&db, 1, scale, Utc::now()).await.unwrap();
    on_pool!(&db, |p| {
        sqlx::query("ANALYZE").execute(p).await.unwrap();
    });
    println!("\n### {backend:?}: {report}\n");
    println!("Counted: {}.\n", counted(&db).await);
    check_kept(&db).await;
    let sam = portal.signed_in("ra.agent").await;
    let (group, codes) = biggest_group(&db).await;
    let site = codes.iter().find(|c| **c != group).unwrap().clone();
    let one: BTreeSet<OdsCode> = [site.clone()].into();
    println!(
        "Group {group} has {} sites. Median of {RUNS} runs after 3 warm-ups, ms.\n",
        codes.len() - 1
    );
    let q = query(ScopeFilter::Everything);
    let rows = median!(RUNS, adoption::read::organisations(&db, &q).await.unwrap());
    let days = median!(RUNS, {
        adoption::read::days_to_enrol(&db, ScopeFilter::Everything)
            .await
            .unwrap();
    });
    println!(
        "Kept counts for the overview: organisations {}, days histogram {}.\n",
        ms(rows),
        ms(days)
    );
    println!(
        "| page | from scratch (raw aggregate) | kept counts | server function (HTTP) | × kept | × from scratch |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let everything = median!(RUNS, raw(&db, ScopeFilter::Everything, false).await);
    let everything_kept = median!(RUNS, kept(&db, ScopeFilter::Everything, false).await);
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
        row(name, everything, everything_kept, via);
    }
    for (name, code, scope) in [
        ("the biggest group's page", &group, &codes),
        ("one site's page", &site, &one),
    ] {
        let raw = median!(RUNS, raw(&db, ScopeFilter::Only(scope), true).await);
        let kept = median!(RUNS, kept(&db, ScopeFilter::Only(scope), true).await);
        let via = median!(RUNS, {
            let (status, page) = sam
                .call("adoption/organisation", &[("ods_code", code.as_str())])
                .await;
            assert_eq!(status, 200, "{page}");
        });
        row(name, raw, kept, via);
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let scale = std::env::var("ADOPTION_SCALE").unwrap_or_else(|_| "nhs".into());
    let scale = Scale::parse(&scale).expect("ADOPTION_SCALE: nhs, demo or a percentage like 10%");
    // `-- sqlite` or `-- postgres` runs on one database only.
    let args: Vec<String> = std::env::args().collect();
    let on = |name: &str| {
        !args.iter().any(|a| a == "sqlite" || a == "postgres") || args.iter().any(|a| a == name)
    };
    if on("sqlite") {
        run(Backend::Sqlite, scale).await;
    }
    if on("postgres") {
        run(Backend::Postgres, scale).await;
    }
}

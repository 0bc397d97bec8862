//! The allow list at 100,000 entries, on SQLite and PostgreSQL: each list query run bare
//! (hand-written SQL, rows fetched, nothing decoded) against the same page through the
//! repository, the server function over HTTP and the whole rendered page; and an
//! address check through the database.
//!
//! Needs the sandbox CIS2 provider (for signing in) and PostgreSQL, like the integration
//! tests: `tools/bench` starts them and runs every benchmark. Results: docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark")]

use std::time::{Duration, Instant};

use chrono::Utc;
use ra_db::{
    Db,
    cursor::Cursor,
    on_pool,
    repo::allow_list::{self as repo, ListQuery, Sort},
};
use ra_domain::allow_list::EntryStatus;
use ra_portal_tests::{Backend, TestPortal, median, ms};
use uuid::Uuid;

#[path = "shared/sites.rs"]
mod sites;

const ENTRIES: usize = 100_000;
const RUNS: usize = 30;
/// Organisations behind the entries: most have three or four domains on the list.
const SITES: usize = 30_000;

async fn seed(db: &Db) -> Duration {
    let started = Instant::now();
    sites::insert_sites(db, SITES).await;
    let statuses = [
        (EntryStatus::Active, 80),
        (EntryStatus::Requested, 5),
        (EntryStatus::Submitted, 5),
        (EntryStatus::Suspended, 5),
        (EntryStatus::Removed, 5),
    ];
    let status_for = |i: usize| {
        let mut n = i % 100;
        for (s, share) in statuses {
            if n < share {
                return s;
            }
            n -= share;
        }
        EntryStatus::Active
    };
    const CHUNK: usize = 500;
    let now = Utc::now();
    for start in (0..ENTRIES).step_by(CHUNK) {
        let rows: Vec<usize> = (start..(start + CHUNK).min(ENTRIES)).collect();
        let values: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(k, _)| {
                let b = k * 6;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, 'import', '', ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 6
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO allow_list_entries (id, domain, covers_subdomains, ods_code, status, source, reason, \
             created_at, status_changed_at) VALUES {}",
            values.join(", ")
        );
        on_pool!(db, |p| {
            let mut q = sqlx::query(&sql);
            for &i in &rows {
                q = q
                    .bind(Uuid::new_v4())
                    .bind(format!("care-home-{i:06}.org.uk"))
                    .bind(i % 3 == 0)
                    .bind(sites::site_code(i % SITES))
                    .bind(status_for(i).as_str())
                    .bind(now - chrono::Duration::seconds(i as i64));
            }
            q.execute(p).await.unwrap();
        });
    }
    started.elapsed()
}

const COLUMNS: &str = "SELECT e.id, e.domain, e.covers_subdomains, e.ods_code, o.name AS org_name, \
    e.status, e.source, e.reason, e.evidence_url, e.created_by, p.display_name AS created_by_name, \
    e.created_at, e.status_changed_at, e.status_reason, e.submitted_on, e.nhse_reference \
    FROM allow_list_entries e LEFT JOIN organisations o ON o.ods_code = e.ods_code \
    LEFT JOIN people p ON p.id = e.created_by";

/// The search as the repository writes it: substring of domain, ODS code or name.
fn search_sql() -> String {
    format!(
        "{COLUMNS} WHERE (e.domain LIKE $1 ESCAPE '\\' OR e.ods_code LIKE upper($1) ESCAPE '\\' \
         OR lower(o.name) LIKE $1 ESCAPE '\\') ORDER BY e.domain, e.id LIMIT 51"
    )
}

struct Case {
    name: &'static str,
    /// Hand-written SQL for the same page, with at most one text argument.
    raw: String,
    raw_arg: Option<String>,
    query: ListQuery,
    /// The page's query string.
    page: &'static str,
}

fn cases() -> Vec<Case> {
    let q = |sort, status, search: Option<&str>, after| ListQuery {
        search: search.map(str::to_owned),
        status,
        ods_code: None,
        submitted_before: None,
        sort,
        after,
        limit: 50,
    };
    vec![
        Case {
            name: "first page, by domain",
            raw: format!("{COLUMNS} ORDER BY e.domain, e.id LIMIT 51"),
            raw_arg: None,
            query: q(Sort::DomainAsc, None, None, None),
            page: "",
        },
        Case {
            name: "page after 50,000 rows, by domain",
            raw: format!(
                "{COLUMNS} WHERE (e.domain, e.id) > ($1, '00000000-0000-0000-0000-000000000000') \
                 ORDER BY e.domain, e.id LIMIT 51"
            ),
            raw_arg: Some("care-home-050000.org.uk".into()),
            query: q(
                Sort::DomainAsc,
                None,
                None,
                Some(Cursor::text("care-home-050000.org.uk", Uuid::nil())),
            ),
            page: "after=s~care-home-050000.org.uk~00000000-0000-0000-0000-000000000000",
        },
        Case {
            name: "status = submitted",
            raw: format!("{COLUMNS} WHERE e.status = $1 ORDER BY e.domain, e.id LIMIT 51"),
            raw_arg: Some("submitted".into()),
            query: q(Sort::DomainAsc, Some(EntryStatus::Submitted), None, None),
            page: "status=submitted",
        },
        Case {
            name: "latest change first",
            raw: format!("{COLUMNS} ORDER BY e.status_changed_at DESC, e.id DESC LIMIT 51"),
            raw_arg: None,
            query: q(Sort::RecentlyChanged, None, None, None),
            page: "sort=recent",
        },
        Case {
            name: "search \"home-0999\" (substring: scans)",
            raw: search_sql(),
            raw_arg: Some("%home-0999%".into()),
            query: q(Sort::DomainAsc, None, Some("home-0999"), None),
            page: "q=home-0999",
        },
        Case {
            name: "search \"care home 29\" (an organisation's name)",
            raw: search_sql(),
            raw_arg: Some("%care home 29%".into()),
            query: q(Sort::DomainAsc, None, Some("care home 29"), None),
            page: "q=care+home+29",
        },
    ]
}

async fn run(backend: Backend) {
    let portal = TestPortal::start(backend).await;
    let db = portal.db().clone();
    let seeded = seed(&db).await;
    let analyze = match backend {
        Backend::Sqlite => "ANALYZE",
        Backend::Postgres => "ANALYZE allow_list_entries, organisations",
    };
    on_pool!(&db, |p| {
        sqlx::query(analyze).execute(p).await.unwrap();
    });
    let browser = portal.browser();
    browser.sign_in("ra.manager", None).await;
    let entries = portal
        .count("SELECT COUNT(*) FROM allow_list_entries")
        .await;
    let organisations = portal.count("SELECT COUNT(*) FROM organisations").await;
    println!(
        "\n### {backend:?}: {entries} entries for {organisations} organisations, counted \
         (seeded in {:.1} s), median of {RUNS} runs, ms\n",
        seeded.as_secs_f64()
    );
    println!("| query | bare SQL | repository | server function (HTTP) | whole page (HTTP) |");
    println!("|---|---:|---:|---:|---:|");
    for c in cases() {
        let raw = median!(
            RUNS,
            on_pool!(&db, |p| {
                let mut q = sqlx::query(&c.raw);
                if let Some(arg) = &c.raw_arg {
                    q = q.bind(arg);
                }
                let rows = q.fetch_all(p).await.unwrap();
                assert!(!rows.is_empty(), "{}", c.name);
            })
        );
        let via_repo = median!(RUNS, {
            let page = repo::list(&db, &c.query).await.unwrap();
            assert_eq!(page.rows.len(), 50, "{}", c.name);
        });
        let fields: Vec<(&str, String)> = c
            .page
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k, v.replace('+', " ")))
            .collect();
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let via_fn = median!(RUNS, {
            let (status, _) = browser.call("allow-list/list", &fields).await;
            assert_eq!(status, 200);
        });
        let via_page = median!(RUNS, {
            let page = browser
                .get(&portal.url(&format!("/allow-list?{}", c.page)))
                .await;
            assert_eq!(page.status, 200);
            assert!(page.has_text("Next page"), "{}", c.name);
        });
        println!(
            "| {} | {} | {} | {} | {} |",
            c.name,
            ms(raw),
            ms(via_repo),
            ms(via_fn),
            ms(via_page)
        );
    }
    let check_db = median!(RUNS, {
        let found = repo::live_for(
            &db,
            &["rota.care-home-004242.org.uk", "care-home-004242.org.uk"],
        )
        .await
        .unwrap();
        assert_eq!(found.len(), 1);
    });
    let check_fn = median!(RUNS, {
        let (status, body) = browser
            .call(
                "allow-list/check",
                &[("address", "a@rota.care-home-004242.org.uk")],
            )
            .await;
        assert_eq!(status, 200, "{body}");
    });
    println!(
        "\nAddress check against {entries} entries: database lookup {} ms, server function over HTTP {} ms",
        ms(check_db),
        ms(check_fn)
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    run(Backend::Sqlite).await;
    run(Backend::Postgres).await;
}

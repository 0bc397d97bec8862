//! Registration requests at scale, on SQLite and PostgreSQL: a 10,000-row bulk upload
//! against the best bare load of the same request and audit rows (batched as the portal
//! batches, and COPY on PostgreSQL), and the queue at 1,000,000 requests raised by
//! thousands of managers for 30,000 organisations, and one request's page, against
//! their own SQL. `tools/bench`
//! runs it; results in docs/performance.md. Printed row counts are `COUNT(*)`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark")]

#[path = "registration/bare.rs"]
mod bare;
#[path = "registration/bulk.rs"]
mod bulk;
#[path = "registration/detail.rs"]
mod detail;
#[path = "registration/seed.rs"]
mod seed;
#[path = "shared/sites.rs"]
mod sites;

use chrono::Utc;
use ra_db::{Db, on_pool};
use ra_portal_tests::{Backend, TestPortal, median, ms};
use uuid::Uuid;

pub(crate) const BULK_ROWS: usize = 10_000;
const RUNS: usize = 20;

async fn person_id(db: &Db, name: &str) -> Uuid {
    on_pool!(db, |p| sqlx::query_scalar(
        "SELECT id FROM people WHERE display_name = $1"
    )
    .bind(name)
    .fetch_one(p)
    .await
    .unwrap())
}

/// Name, bare SQL, server-function fields, page query string.
type QueueCase = (&'static str, String, Vec<(&'static str, String)>, String);

/// What the bare SQL's `$1` is, if it has one.
enum Param {
    None,
    Time(chrono::DateTime<Utc>),
    /// The person named, matched as the portal matches a name (any case, name or email
    /// containing it) within the timed work, as the page needs it.
    PersonNamed(&'static str),
}

/// The portal's name match (`ra_db::repo::people::matching`), as bare SQL.
const PEOPLE_MATCH: &str = "SELECT id FROM people \
    WHERE LOWER(display_name) LIKE $1 ESCAPE '\\' OR LOWER(COALESCE(email, '')) LIKE $1 ESCAPE '\\' \
    ORDER BY display_name LIMIT 20";

const COLUMNS: &str = "SELECT r.id, r.person_name, r.email, r.email_domain, r.job_role, r.ods_code, \
    o.name AS org_name, r.phone, r.phone_kind, r.state, r.source, r.requested_by, \
    p.display_name AS requested_by_name, p.email AS requested_by_email, r.requested_at, \
    r.last_step_at, r.review_holder, r.review_holder_name, r.review_until, r.meeting_at, \
    r.meeting_mode, r.identity_documents, r.decision_reason, r.review_flag \
    FROM registration_requests r LEFT JOIN organisations o ON o.ods_code = r.ods_code \
    LEFT JOIN people p ON p.id = r.requested_by";

async fn run(backend: Backend, parts: Parts) {
    let portal = TestPortal::start(backend).await;
    let db = portal.db().clone();
    let rachel = portal.browser();
    rachel.sign_in("ra.manager", None).await;
    let tom = portal.browser();
    tom.sign_in("manager.meadowbank", None).await;
    let (code, body) = rachel
        .call(
            "allow-list/add",
            &[
                ("domain", "meadowbank-care.org.uk"),
                ("ods_code", "VMB01"),
                ("note", ""),
                ("initial", "active"),
            ],
        )
        .await;
    assert_eq!(code, 200, "{body}");

    let by = person_id(&db, "Tom Bell").await;
    if parts.bulk {
        bulk::run(backend, &tom, by, &db).await;
    }
    if !parts.queue {
        return;
    }
    // The queue at 1,000,000 requests.
    let officer = person_id(&db, "Rachel Adeyemi").await;
    let seeded = seed::queue(&db, by, officer).await;
    ra_db::repo::registration::recount_states(&db)
        .await
        .unwrap();
    let analyze = match backend {
        Backend::Sqlite => "ANALYZE",
        Backend::Postgres => "ANALYZE registration_requests",
    };
    on_pool!(&db, |p| {
        sqlx::query(analyze).execute(p).await.unwrap();
    });
    println!(
        "\n### {backend:?}: queue at {} requests from {} people for {} organisations (seeded in {:.0} s), median of {RUNS} runs, ms\n",
        bare::count(&db, "registration_requests").await,
        bare::count(&db, "people").await,
        bare::count(&db, "organisations").await,
        seeded.as_secs_f64()
    );
    println!("| query | bare SQL | server function (HTTP) | whole page (HTTP) |");
    println!("|---|---:|---:|---:|");
    let deep_time = Utc::now() - chrono::Duration::seconds(500_000);
    let deep = ra_db::cursor::Cursor::time(deep_time, uuid::Uuid::nil()).encode();
    let cases: Vec<QueueCase> = vec![
        (
            "newest first",
            format!("{COLUMNS} ORDER BY r.requested_at DESC, r.id DESC LIMIT 51"),
            vec![],
            String::new(),
        ),
        (
            "status = in_review",
            format!(
                "{COLUMNS} WHERE r.state = 'in_review' ORDER BY r.requested_at DESC, r.id DESC LIMIT 51"
            ),
            vec![("state", "in_review".into())],
            "state=in_review".into(),
        ),
        (
            "one organisation",
            format!(
                "{COLUMNS} WHERE r.ods_code = '{}' ORDER BY r.requested_at DESC, r.id DESC LIMIT 51",
                sites::site_code(42)
            ),
            vec![("org", sites::site_code(42))],
            format!("org={}", sites::site_code(42)),
        ),
        (
            "oldest first",
            format!("{COLUMNS} ORDER BY r.requested_at ASC, r.id ASC LIMIT 51"),
            vec![("sort", "oldest".into())],
            "sort=oldest".into(),
        ),
        (
            "requested by (name)",
            format!(
                "{COLUMNS} WHERE r.requested_by IN ($1) ORDER BY r.requested_at DESC, r.id DESC LIMIT 51"
            ),
            vec![("requested_by", "Tom Bell".into())],
            "requested_by=Tom+Bell".into(),
        ),
        (
            "completed by (name)",
            format!(
                "{COLUMNS} WHERE r.completed_by IN ($1) ORDER BY r.requested_at DESC, r.id DESC LIMIT 51"
            ),
            vec![("completed_by", "Rachel Adeyemi".into())],
            "completed_by=Rachel+Adeyemi".into(),
        ),
        (
            "page after 500,000 rows (keyset)",
            format!(
                "{COLUMNS} WHERE (r.requested_at, r.id) < ($1, '00000000-0000-0000-0000-000000000000') \
                 ORDER BY r.requested_at DESC, r.id DESC LIMIT 51"
            ),
            vec![("after", deep.clone())],
            format!("after={deep}"),
        ),
    ];
    for (name, sql, fields, page) in cases {
        // The portal matches the name first (one small query), then runs this: the bare
        // work does both.
        let param = match name {
            "requested by (name)" => Param::PersonNamed("tom bell"),
            "completed by (name)" => Param::PersonNamed("rachel adeyemi"),
            _ if sql.contains("$1") => Param::Time(deep_time),
            _ => Param::None,
        };
        let raw = median!(
            RUNS,
            on_pool!(&db, |p| {
                let mut q = sqlx::query(&sql);
                match param {
                    Param::None => {}
                    Param::Time(t) => q = q.bind(t),
                    Param::PersonNamed(name) => {
                        let id: Uuid = sqlx::query_scalar(PEOPLE_MATCH)
                            .bind(format!("%{name}%"))
                            .fetch_one(p)
                            .await
                            .unwrap();
                        q = q.bind(id);
                    }
                }
                assert!(!q.fetch_all(p).await.unwrap().is_empty(), "{name}");
            })
        );
        let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let via_fn = median!(RUNS, {
            let (status, _) = rachel.call("registration/list", &f).await;
            assert_eq!(status, 200);
        });
        let via_page = median!(RUNS, {
            let p = rachel.get(&portal.url(&format!("/requests?{page}"))).await;
            assert_eq!(p.status, 200);
            assert!(p.has_text("requests-table"), "{name}");
        });
        println!(
            "| {name} | {} | {} | {} |",
            ms(raw),
            ms(via_fn),
            ms(via_page)
        );
    }
    detail::run(&portal, &db, &rachel, &tom).await;
    println!(
        "\n(The queue's server function and page also show the counts per state, read from registration_state_counts.)"
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench --bench registration -- bulk` (or `queue`) runs one part only.
    let args: Vec<String> = std::env::args().collect();
    let part = |name: &str| {
        !args.iter().any(|a| a == "bulk" || a == "queue") || args.iter().any(|a| a == name)
    };
    let parts = Parts {
        bulk: part("bulk"),
        queue: part("queue"),
    };
    run(Backend::Sqlite, parts).await;
    run(Backend::Postgres, parts).await;
}

#[derive(Clone, Copy)]
struct Parts {
    bulk: bool,
    queue: bool,
}

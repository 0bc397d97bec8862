//! Registration requests at scale, on SQLite and PostgreSQL: a 10,000-row bulk upload
//! against the same rows inserted in one bare transaction, and the queue at 1,000,000
//! requests against its own SQL. `tools/bench` runs it; results in docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark")]

use std::time::{Duration, Instant};

use chrono::Utc;
use ra_db::{Db, on_pool};
use ra_portal_tests::{Backend, TestDb, TestPortal, median, ms};
use uuid::Uuid;

const BULK_ROWS: usize = 10_000;
const QUEUE_ROWS: usize = 1_000_000;
const RUNS: usize = 20;

/// Rounds of the bulk measurement; each reports its own figures, the table their medians.
const BULK_ROUNDS: usize = 3;

/// Round `round`'s staff: addresses of their own, so every round's rows are new.
fn staff_email(round: usize, i: usize) -> String {
    format!("carer{round}x{i}@meadowbank-care.org.uk")
}

fn staff_csv(round: usize) -> Vec<u8> {
    let mut csv = String::from("full_name,email,job_role,ods_code,phone,phone_kind\n");
    for i in 0..BULK_ROWS {
        csv.push_str(&format!(
            "Carer {i},{},Carer,VMB01,077009{i:05},personal\n",
            staff_email(round, i)
        ));
    }
    csv.into_bytes()
}

fn middle(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The same rows, inserted one statement each in one transaction, with nothing checked.
async fn bare_insert(db: &Db, by: Uuid, round: usize) -> Duration {
    let now = Utc::now();
    let start = Instant::now();
    let mut tx = db.begin().await.unwrap();
    for i in 0..BULK_ROWS {
        ra_db::on_tx!(&mut tx, |c| {
            sqlx::query(
            "INSERT INTO registration_requests (id, person_name, email, email_key, email_domain, job_role, \
             ods_code, phone, phone_kind, state, source, requested_by, requested_at, last_step_at) \
             VALUES ($1, $2, $3, $3, 'meadowbank-care.org.uk', 'Carer', 'VMB01', $4, 'personal', 'submitted', \
             'bulk', $5, $6, $6)"
        )
        .bind(Uuid::new_v4())
        .bind(format!("Carer {i}"))
        .bind(staff_email(round, i))
        .bind(format!("077009{i:05}"))
        .bind(by)
        .bind(now)
        .execute(c)
        .await
        .unwrap()
        .rows_affected()
        });
    }
    tx.commit().await.unwrap();
    start.elapsed()
}

async fn person_id(db: &Db, name: &str) -> Uuid {
    on_pool!(db, |p| sqlx::query_scalar(
        "SELECT id FROM people WHERE display_name = $1"
    )
    .bind(name)
    .fetch_one(p)
    .await
    .unwrap())
}

/// `by` raised every request; `officer` completed every seventh.
async fn seed_queue(db: &Db, by: Uuid, officer: Uuid) -> Duration {
    let start = Instant::now();
    let states = [
        "submitted",
        "in_review",
        "approved",
        "meeting_booked",
        "enrolled",
        "cancelled",
        "rejected",
    ];
    let now = Utc::now();
    const CHUNK: usize = 500;
    for first in (0..QUEUE_ROWS).step_by(CHUNK) {
        let rows: Vec<usize> = (first..(first + CHUNK).min(QUEUE_ROWS)).collect();
        let values: Vec<String> = (0..rows.len())
            .map(|k| {
                let b = k * 7;
                format!(
                    "(${}, 'Person', ${}, ${}, 'example.org.uk', 'Carer', ${}, '07700900000', 'personal', ${}, \
                     'single', ${}, ${}, ${}, ${})",
                    b + 1, b + 2, b + 2, b + 3, b + 4, b + 5, b + 6, b + 6, b + 7
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO registration_requests (id, person_name, email, email_key, email_domain, job_role, \
             ods_code, phone, phone_kind, state, source, requested_by, requested_at, last_step_at, \
             completed_by) VALUES {}",
            values.join(", ")
        );
        on_pool!(db, |p| {
            let mut q = sqlx::query(&sql);
            for &i in &rows {
                // Enrolled, cancelled and rejected ones are closed, so emails may repeat
                // only among them; open ones get unique emails.
                q = q
                    .bind(Uuid::new_v4())
                    .bind(format!("p{i}@example.org.uk"))
                    .bind(format!("V{:05}", i % 30_000))
                    .bind(states[i % states.len()])
                    .bind(by)
                    .bind(now - chrono::Duration::seconds(i as i64))
                    .bind((i % 7 == 6).then_some(officer));
            }
            q.execute(p).await.unwrap();
        });
    }
    start.elapsed()
}

/// Name, bare SQL, server-function fields, page query string.
type QueueCase = (&'static str, String, Vec<(&'static str, String)>, String);

/// What the bare SQL's `$1` is, if it has one.
enum Param {
    None,
    Time(chrono::DateTime<Utc>),
    Person(Uuid),
}

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
        // Bulk: upload (read + store), preview (judge every row), commit (judge again, insert,
        // audit, email) — against the bare inserts in a database of its own. Each round
        // uploads new people into both, so both grow alike.
        let bare_db = TestDb::new(backend).await.connect().await;
        on_pool!(&bare_db, |p| {
            sqlx::query(
        "INSERT INTO people (id, issuer, subject, display_name, created_at, updated_at) VALUES ($1, 'x', 'y', 'Tom', $2, $2)"
    )
    .bind(by)
    .bind(Utc::now())
    .execute(p)
    .await
    .unwrap()
    .rows_affected()
        });
        let mut rounds: Vec<[Duration; 4]> = Vec::new();
        for round in 0..BULK_ROUNDS {
            let t = Instant::now();
            let (code, location) = tom
                .upload("/requests/bulk/upload", "staff.csv", staff_csv(round))
                .await;
            assert_eq!(code, 303, "{location}");
            let upload = t.elapsed();
            let id = location.strip_prefix("/requests/bulk/").unwrap().to_owned();
            let t = Instant::now();
            let (code, preview) = tom.call("registration/bulk/preview", &[("id", &id)]).await;
            assert_eq!(code, 200);
            assert_eq!(preview["new_count"], BULK_ROWS);
            let preview = t.elapsed();
            let t = Instant::now();
            let (code, body) = tom.call("registration/bulk/commit", &[("id", &id)]).await;
            assert_eq!(code, 200, "{body}");
            assert_eq!(body, BULK_ROWS);
            let commit = t.elapsed();
            let bare = bare_insert(&bare_db, by, round).await;
            rounds.push([bare, upload, preview, commit]);
        }
        let column = |k: usize| middle(rounds.iter().map(|r| r[k]).collect());
        let bare = column(0);
        println!(
            "\n### {backend:?}: bulk upload of {BULK_ROWS} rows, median of {BULK_ROUNDS} rounds, ms\n"
        );
        println!("| step | time | × bare insert |");
        println!("|---|---:|---:|");
        let ratio = |d: Duration| format!("{:.2}", d.as_secs_f64() / bare.as_secs_f64());
        println!(
            "| bare: {BULK_ROWS} INSERTs in one transaction | {} | 1.00 |",
            ms(bare)
        );
        for (k, step) in [
            (1, "upload (read CSV, store)"),
            (2, "preview (judge every row)"),
            (3, "commit (judge, insert, audit, email)"),
        ] {
            println!("| {step} | {} | {} |", ms(column(k)), ratio(column(k)));
        }
        println!("\nRounds (bare, commit, commit × bare):");
        for (n, r) in rounds.iter().enumerate() {
            println!(
                "- {}: {} ms, {} ms, {:.2}×",
                n + 1,
                ms(r[0]),
                ms(r[3]),
                r[3].as_secs_f64() / r[0].as_secs_f64()
            );
        }
    }
    if !parts.queue {
        return;
    }
    // The queue at 1,000,000 requests.
    let officer = person_id(&db, "Rachel Adeyemi").await;
    let seeded = seed_queue(&db, by, officer).await;
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
        "\n### {backend:?}: queue at {} requests (seeded in {:.0} s), median of {RUNS} runs, ms\n",
        QUEUE_ROWS + BULK_ROWS,
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
                "{COLUMNS} WHERE r.ods_code = 'V00042' ORDER BY r.requested_at DESC, r.id DESC LIMIT 51"
            ),
            vec![("org", "V00042".into())],
            "org=V00042".into(),
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
        // The portal matches the name first (one small query), then runs this.
        let param = match name {
            "requested by (name)" => Param::Person(by),
            "completed by (name)" => Param::Person(officer),
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
                    Param::Person(id) => q = q.bind(id),
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
    println!(
        "\n(The server function and the page also show the counts per state, read from registration_state_counts.)"
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

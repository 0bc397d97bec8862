//! The bulk upload of 10,000 staff: upload (read and store), preview (judge every row)
//! and commit (judge again, insert, audit, email), against the fair baselines in
//! [`super::bare`], each in a database of its own that grows alike: every round adds
//! the same 10,000 new people to each.

use std::time::{Duration, Instant};

use ra_db::Db;
use ra_portal_tests::{Backend, Browser, TestDb, ms};
use uuid::Uuid;

use super::{BULK_ROWS, bare};

/// Rounds; each reports its own figures, the table their medians.
const ROUNDS: usize = 3;

/// Round `round`'s staff: addresses of their own, so every round's rows are new.
fn staff_csv(round: usize) -> Vec<u8> {
    let mut csv = String::from("full_name,email,job_role,ods_code,phone,phone_kind\n");
    for i in 0..BULK_ROWS {
        csv.push_str(&format!(
            "Carer {i},carer{round}x{i}@meadowbank-care.org.uk,Carer,VMB01,077009{i:05},personal\n"
        ));
    }
    csv.into_bytes()
}

fn middle(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The portal's three steps for one round, as Tom Bell makes them.
async fn portal_round(tom: &Browser, round: usize) -> [Duration; 3] {
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
    [upload, preview, t.elapsed()]
}

pub async fn run(backend: Backend, tom: &Browser, by: Uuid, portal_db: &Db) {
    let batched_db = TestDb::new(backend).await.connect().await;
    bare::add_requester(&batched_db, by).await;
    let copy_db = match backend {
        Backend::Postgres => {
            let db = TestDb::new(backend).await.connect().await;
            bare::add_requester(&db, by).await;
            Some(db)
        }
        Backend::Sqlite => None,
    };
    // [batched, copy, upload, preview, commit] a round.
    let mut rounds: Vec<[Option<Duration>; 5]> = Vec::new();
    for round in 0..ROUNDS {
        let [upload, preview, commit] = portal_round(tom, round).await;
        let batched = bare::batched(&batched_db, by, round).await;
        let copy = match &copy_db {
            Some(Db::Postgres(pool)) => Some(bare::copy(pool, by, round).await),
            _ => None,
        };
        rounds.push([
            Some(batched),
            copy,
            Some(upload),
            Some(preview),
            Some(commit),
        ]);
    }
    let column = |k: usize| -> Option<Duration> {
        let times: Option<Vec<Duration>> = rounds.iter().map(|r| r[k]).collect();
        times.map(middle)
    };
    let batched = column(0).unwrap();
    let copy = column(1);
    println!("\n### {backend:?}: bulk upload of {BULK_ROWS} rows, median of {ROUNDS} rounds, ms\n");
    println!("| step | time | × batched bare | × COPY |");
    println!("|---|---:|---:|---:|");
    let ratio = |d: Duration, base: Option<Duration>| {
        base.map_or("".into(), |b| {
            format!("{:.2}", d.as_secs_f64() / b.as_secs_f64())
        })
    };
    let row = |name: &str, d: Duration| {
        println!(
            "| {name} | {} | {} | {} |",
            ms(d),
            ratio(d, Some(batched)),
            ratio(d, copy)
        );
    };
    row(
        "bare: requests and audit rows, 50 a statement, one transaction",
        batched,
    );
    if let Some(copy) = copy {
        row("bare: the same rows by COPY, one transaction", copy);
    }
    row("upload (read CSV, store)", column(2).unwrap());
    row("preview (judge every row)", column(3).unwrap());
    row("commit (judge, insert, audit, email)", column(4).unwrap());
    println!("\nRounds (batched, COPY, commit, commit × batched):");
    for (n, r) in rounds.iter().enumerate() {
        let (b, c) = (r[0].unwrap(), r[4].unwrap());
        println!(
            "- {}: {} ms, {} ms, {} ms, {:.2}×",
            n + 1,
            ms(b),
            r[1].map_or("-".into(), ms),
            ms(c),
            c.as_secs_f64() / b.as_secs_f64()
        );
    }
    // Counted: every database holds the same rows.
    let mut dbs = vec![("portal", portal_db), ("batched", &batched_db)];
    if let Some(db) = &copy_db {
        dbs.push(("COPY", db));
    }
    for (name, db) in dbs {
        println!(
            "- {name}: {} registration requests, {} audit events",
            bare::count(db, "registration_requests").await,
            bare::count(db, "audit_events").await
        );
    }
}

//! The audit trail at 1,000,000 entries (issue 12), on each database in the same run:
//! verifying the whole chain against a bare read of the same rows with the same hashing in
//! a plain loop; what recording an entry adds to a change (SQLite), and what the chain's
//! lock costs four concurrent writers (PostgreSQL); the auditors' search pages against
//! their own query. `AUDIT_ENTRIES` sets the size (default 1,000,000).
//! `cargo bench -p ra-portal-tests --bench audit`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmarks")]

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use ra_db::{
    Db, on_pool,
    repo::{
        audit::{self, AuditEvent, Subject, search},
        people,
    },
};
use ra_domain::{
    PersonId,
    audit::{
        CheckpointKey, Digest, EntryFields, GENESIS, Provenance, Salt, entry_hash, payload_hash,
    },
};
use ra_portal_tests::{Backend, TestPortal, median, ms};
use serde_json::json;
use sqlx::types::Json;

/// A day's mix of what the trail records, most often first.
const MIX: [(&str, Subject); 8] = [
    ("registration.submitted", Subject::RegistrationRequest),
    ("registration.start_review", Subject::RegistrationRequest),
    ("registration.approve", Subject::RegistrationRequest),
    ("enrolment.code_sent", Subject::RegistrationRequest),
    ("registration.enrol", Subject::RegistrationRequest),
    ("signed_in", Subject::SignIn),
    ("allow_list.added", Subject::AllowListEntry),
    ("enrolment.locked", Subject::RegistrationRequest),
];

async fn people_pool(db: &Db, n: usize) -> Vec<PersonId> {
    let mut ids = Vec::with_capacity(n);
    let mut tx = db.begin().await.unwrap();
    for i in 0..n {
        let subject = format!("bench-{i}");
        let who = people::SignedInPerson {
            issuer: "urn:ra-portal:bench",
            subject: &subject,
            display_name: &format!("Officer {i}"),
            email: None,
        };
        ids.push(
            people::upsert_on_sign_in(&mut tx, &who, Utc::now())
                .await
                .unwrap(),
        );
    }
    tx.commit().await.unwrap();
    ids
}

/// Writes `n` entries through the chain, 5,000 a transaction; rows/s.
async fn fill(db: &Db, n: usize, actors: &[PersonId]) -> f64 {
    let start = Instant::now();
    let t0: DateTime<Utc> = Utc::now() - chrono::Duration::days(400);
    let mut i = 0;
    while i < n {
        let batch = (n - i).min(5000);
        let ids: Vec<String> = (i..i + batch).map(|k| format!("req-{}", k / 6)).collect();
        let orgs: Vec<String> = (i..i + batch)
            .map(|k| format!("V{:04}", (k * 7919) % 3000))
            .collect();
        let events: Vec<AuditEvent<'_>> = (0..batch)
            .map(|j| {
                let k = i + j;
                // The lock is rare: one in 997 entries.
                let (action, subject) = MIX[if k % 997 == 0 { 7 } else { k % 7 }];
                AuditEvent {
                    actor: (k % 10 != 0).then(|| actors[k % actors.len()]),
                    action,
                    subject_type: subject,
                    subject_id: Some(&ids[j]),
                    subject_org: Some(&orgs[j]),
                    details: json!({
                        "summary": format!("Step {k} of a request at {}", orgs[j]),
                        "email": format!("carer{}@home{}.org.uk", k / 6, k % 3000),
                        "from": "submitted", "to": "in_review",
                    }),
                    occurred_at: t0 + chrono::Duration::seconds(k as i64 * 30),
                }
            })
            .collect();
        let mut tx = db.begin().await.unwrap();
        audit::record_many(&mut tx, &events).await.unwrap();
        tx.commit().await.unwrap();
        i += batch;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// Every column the chain hashes, as a tuple: no struct, no verifier.
type Row = (
    i64,
    DateTime<Utc>,
    Option<PersonId>,
    String,
    String,
    Option<String>,
    Json<serde_json::Value>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The baseline: the same rows read the same way, each hashed in a plain loop and
/// compared, without the verifier.
async fn bare_verify(db: &Db) -> usize {
    const SQL: &str = "SELECT position, occurred_at, actor_person_id, action, subject_type, \
        subject_id, details, entry_hash, payload_salt, subject_org, actor_name, actor_role, \
        actor_org, request_id, client_addr \
        FROM audit_events WHERE position > $1 ORDER BY position LIMIT 5000";
    let (mut after, mut prev, mut n) = (0_i64, GENESIS, 0);
    loop {
        let rows: Vec<Row> = on_pool!(db, |p| sqlx::query_as(SQL)
            .bind(after)
            .fetch_all(p)
            .await
            .unwrap());
        let Some(last) = rows.last() else { return n };
        after = last.0;
        for r in &rows {
            let salt = Salt::from_hex(r.8.as_deref().unwrap()).unwrap();
            let fields = EntryFields {
                position: r.0,
                occurred_at: r.1,
                actor: r.2.map(|a| a.0),
                action: &r.3,
                subject_type: &r.4,
                subject_id: r.5.as_deref(),
                subject_org: r.9.as_deref(),
                provenance: Provenance {
                    actor_name: r.10.as_deref(),
                    actor_role: r.11.as_deref(),
                    actor_org: r.12.as_deref(),
                    request_id: r.13.as_deref(),
                    client_addr: r.14.as_deref(),
                },
                payload_hash: payload_hash(&salt, &r.6.0),
            };
            let hash = entry_hash(&prev, &fields);
            assert_eq!(Some(hash), r.7.as_deref().and_then(Digest::from_hex));
            prev = hash;
            n += 1;
        }
    }
}

/// One small change (a person's row touched), with or without its audit entry.
async fn change(db: &Db, who: PersonId, audited: bool) {
    let mut tx = db.begin().await.unwrap();
    ra_db::on_tx!(&mut tx, |c| {
        sqlx::query("UPDATE people SET updated_at = $1 WHERE id = $2")
            .bind(Utc::now())
            .bind(who)
            .execute(c)
            .await
            .unwrap();
    });
    if audited {
        let e = AuditEvent {
            actor: Some(who),
            action: "organisation.headcount_set",
            subject_type: Subject::Organisation,
            subject_id: Some("VBENCH"),
            subject_org: Some("VBENCH"),
            details: json!({ "summary": "A change" }),
            occurred_at: Utc::now(),
        };
        audit::record(&mut tx, e).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// Four writers, 200 changes each; the wall time.
async fn four_writers(db: &Db, actors: &[PersonId], audited: bool) -> Duration {
    let start = Instant::now();
    let tasks: Vec<_> = (0..4)
        .map(|w| {
            let (db, who) = (db.clone(), actors[w]);
            tokio::spawn(async move {
                for _ in 0..200 {
                    change(&db, who, audited).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    start.elapsed()
}

async fn run(backend: Backend, n: usize) {
    let portal = TestPortal::start(backend).await;
    let db = portal.db().clone();
    let actors = people_pool(&db, 2000).await;
    let rate = fill(&db, n, &actors).await;
    on_pool!(&db, |p| {
        sqlx::query("ANALYZE").execute(p).await.unwrap();
    });
    let entries: i64 = on_pool!(&db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events"
    )
    .fetch_one(p)
    .await
    .unwrap());
    println!(
        "\n### {backend:?}: {entries} entries (counted), written through the chain at {rate:.0} rows/s\n"
    );

    let key = CheckpointKey::from_base64(
        &std::fs::read_to_string(ra_portal_tests::fixture("audit-signing-test.key")).unwrap(),
    )
    .unwrap();
    let t = Instant::now();
    let report = app::api::audit::check_trail(&db, &[key.public()])
        .await
        .unwrap();
    let verify = t.elapsed();
    assert!(report.verified, "{}", report.message);
    let t = Instant::now();
    let bare = bare_verify(&db).await;
    let baseline = t.elapsed();
    println!(
        "| verify the whole chain | bare read + same hashing: {} ms ({bare} rows) | verifier: {} ms | {:.2}× |",
        ms(baseline),
        ms(verify),
        verify.as_secs_f64() / baseline.as_secs_f64()
    );

    // Alternated, so the two see the same machine (a shared one here) and the same table.
    let who = actors[0];
    let (mut plain, mut with) = (Vec::new(), Vec::new());
    for i in 0..203 {
        for audited in [i % 2 == 0, i % 2 != 0] {
            let t = Instant::now();
            change(&db, who, audited).await;
            if i >= 3 {
                if audited { &mut with } else { &mut plain }.push(t.elapsed());
            }
        }
    }
    plain.sort();
    with.sort();
    let (plain, with) = (plain[plain.len() / 2], with[with.len() / 2]);
    println!(
        "| one change, alone | {} ms | with its audit entry: {} ms | +{} ms |",
        ms(plain),
        ms(with),
        ms(with.saturating_sub(plain))
    );
    let plain4 = four_writers(&db, &actors, false).await;
    let with4 = four_writers(&db, &actors, true).await;
    println!(
        "| 4 writers × 200 changes | {} ms ({:.0}/s) | with entries: {} ms ({:.0}/s) | {:.2}× |",
        ms(plain4),
        800.0 / plain4.as_secs_f64(),
        ms(with4),
        800.0 / with4.as_secs_f64(),
        with4.as_secs_f64() / plain4.as_secs_f64()
    );

    let grace = portal.signed_in("auditor").await;
    let someone = "Officer 17";
    let searches: [(&str, Vec<(&str, &str)>); 4] = [
        ("newest 50", vec![]),
        ("a rare action", vec![("action", "enrolment.locked")]),
        ("one organisation", vec![("org", "V0042")]),
        ("one person", vec![("actor", someone)]),
    ];
    for (name, fields) in searches {
        let q = app::api::audit::AuditFilters {
            action: fields
                .iter()
                .find(|f| f.0 == "action")
                .map(|f| f.1.to_owned()),
            org: fields.iter().find(|f| f.0 == "org").map(|f| f.1.to_owned()),
            actor: fields
                .iter()
                .find(|f| f.0 == "actor")
                .map(|f| f.1.to_owned()),
            ..Default::default()
        };
        let query = app::api::audit::audit_query(&db, &q).await.unwrap();
        let raw = median!(
            9,
            assert!(
                !search::search(&db, &query)
                    .await
                    .unwrap()
                    .entries
                    .is_empty()
            )
        );
        let via = median!(9, {
            let (code, body) = grace.call("audit/search", &fields).await;
            assert_eq!(code, 200, "{body}");
        });
        println!(
            "| search: {name} | query: {} ms | server function: {} ms | +{} ms |",
            ms(raw),
            ms(via),
            ms(via.saturating_sub(raw))
        );
    }
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("AUDIT_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    println!("## Audit trail at {n} entries (medians; verify and writers single runs)");
    for backend in [Backend::Sqlite, Backend::Postgres] {
        run(backend, n).await;
    }
}

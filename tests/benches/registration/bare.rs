//! The fair baselines for the bulk commit: the same request rows and audit rows the
//! portal writes, loaded as well as bare SQL can load them, with nothing judged, hashed
//! or emailed. Multi-row INSERTs batched as the portal batches (50 rows a statement) on
//! both databases, and COPY on PostgreSQL.

use std::time::{Duration, Instant};

use chrono::Utc;
use ra_db::{Db, on_pool, on_tx};
use uuid::Uuid;

use super::BULK_ROWS;

/// Rows a statement, as `ra_db`'s repositories insert them.
const ROWS_PER_INSERT: usize = 50;

/// One bulk-uploaded request and the audit entry the portal writes with it.
struct Row {
    id: Uuid,
    name: String,
    email: String,
    phone: String,
    audit_id: Uuid,
    position: i64,
    details: serde_json::Value,
}

/// A hash-sized placeholder: the baseline stores as many bytes as the chain does.
const HASH: &str = "5e0c0a6fd2b4c9a1e8f7d3b2a1c0e9f8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2";

fn rows(tag: &str, round: usize) -> Vec<Row> {
    // Positions far past anything the portal's own chain reaches in this database.
    let first = 1_000_000_000 + (round * BULK_ROWS) as i64;
    (0..BULK_ROWS)
        .map(|i| {
            let email = format!("{tag}{round}x{i}@meadowbank-care.org.uk");
            Row {
                id: Uuid::new_v4(),
                name: format!("Carer {i}"),
                phone: format!("077009{i:05}"),
                audit_id: Uuid::new_v4(),
                position: first + i as i64,
                // The shape and size of the portal's `registration.submitted` details.
                details: serde_json::json!({
                    "person_name": format!("Carer {i}"), "email": email, "job_role": "Carer",
                    "ods_code": "VMB01", "phone": format!("077009{i:05}"), "phone_kind": "personal",
                    "source": "bulk", "import": Uuid::nil(),
                }),
                email,
            }
        })
        .collect()
}

const REQUEST_COLUMNS: &str = "id, person_name, email, email_key, email_domain, job_role, ods_code, \
    phone, phone_kind, state, source, requested_by, requested_at, last_step_at";
const AUDIT_COLUMNS: &str = "id, occurred_at, actor_person_id, action, subject_type, subject_id, \
    details, position, prev_hash, entry_hash, payload_hash, payload_salt, subject_org";

/// `n` rows of `per_row` placeholders each, numbered on from `$1`.
fn values(n: usize, per_row: usize) -> String {
    (0..n)
        .map(|r| {
            let p: Vec<String> = (1..=per_row)
                .map(|k| format!("${}", r * per_row + k))
                .collect();
            format!("({})", p.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A bare database's one row the baselines refer to: the person raising the requests.
pub async fn add_requester(db: &Db, by: Uuid) {
    on_pool!(db, |p| sqlx::query(
        "INSERT INTO people (id, issuer, subject, display_name, created_at, updated_at) \
         VALUES ($1, 'x', 'y', 'Tom', $2, $2)"
    )
    .bind(by)
    .bind(Utc::now())
    .execute(p)
    .await
    .unwrap()
    .rows_affected());
}

/// Both tables in one transaction, 50 rows a statement.
pub async fn batched(db: &Db, by: Uuid, round: usize) -> Duration {
    let rows = rows("batched", round);
    let now = Utc::now();
    let start = Instant::now();
    let mut tx = db.begin().await.unwrap();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO registration_requests ({REQUEST_COLUMNS}) VALUES {}",
            values(chunk.len(), 14)
        );
        on_tx!(&mut tx, |c| {
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(r.id)
                    .bind(&r.name)
                    .bind(&r.email)
                    .bind(&r.email)
                    .bind("meadowbank-care.org.uk")
                    .bind("Carer")
                    .bind("VMB01")
                    .bind(&r.phone)
                    .bind("personal")
                    .bind("submitted")
                    .bind("bulk")
                    .bind(by)
                    .bind(now)
                    .bind(now);
            }
            q.execute(c).await.unwrap().rows_affected()
        });
    }
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO audit_events ({AUDIT_COLUMNS}) VALUES {}",
            values(chunk.len(), 13)
        );
        on_tx!(&mut tx, |c| {
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(r.audit_id)
                    .bind(now)
                    .bind(by)
                    .bind("registration.submitted")
                    .bind("registration_request")
                    .bind(r.id.to_string())
                    .bind(sqlx::types::Json(&r.details))
                    .bind(r.position)
                    .bind(HASH)
                    .bind(HASH)
                    .bind(HASH)
                    .bind(HASH)
                    .bind("VMB01");
            }
            q.execute(c).await.unwrap().rows_affected()
        });
    }
    tx.commit().await.unwrap();
    start.elapsed()
}

/// A CSV field for COPY: quoted, quotes doubled.
fn field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Both tables by COPY, in one transaction (PostgreSQL only).
pub async fn copy(pool: &sqlx::PgPool, by: Uuid, round: usize) -> Duration {
    let rows = rows("copy", round);
    let now = Utc::now().to_rfc3339();
    let start = Instant::now();
    let requests: String = rows
        .iter()
        .map(|r| {
            format!(
                "{},{},{},{},meadowbank-care.org.uk,Carer,VMB01,{},personal,submitted,bulk,{by},{now},{now}\n",
                r.id,
                field(&r.name),
                field(&r.email),
                field(&r.email),
                r.phone
            )
        })
        .collect();
    let audit: String = rows
        .iter()
        .map(|r| {
            format!(
                "{},{now},{by},registration.submitted,registration_request,{},{},{},{HASH},{HASH},{HASH},{HASH},VMB01\n",
                r.audit_id,
                r.id,
                field(&r.details.to_string()),
                r.position
            )
        })
        .collect();
    let mut tx = pool.begin().await.unwrap();
    for (table, columns, data) in [
        ("registration_requests", REQUEST_COLUMNS, requests),
        ("audit_events", AUDIT_COLUMNS, audit),
    ] {
        let mut copy = tx
            .copy_in_raw(&format!(
                "COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"
            ))
            .await
            .unwrap();
        copy.send(data.into_bytes()).await.unwrap();
        assert_eq!(copy.finish().await.unwrap(), BULK_ROWS as u64, "{table}");
    }
    tx.commit().await.unwrap();
    start.elapsed()
}

/// Rows of `table` counted, not assumed.
pub async fn count(db: &Db, table: &str) -> i64 {
    on_pool!(db, |p| sqlx::query_scalar::<_, i64>(&format!(
        "SELECT COUNT(*) FROM {table}"
    ))
    .fetch_one(p)
    .await
    .unwrap())
}

//! The queue's data: 1,000,000 requests for 30,000 care-home sites (present in
//! `organisations`, with ODS-shaped codes), raised by 3,000 managers who each look after
//! ten sites, and decided by 40 RA officers. Tom Bell is one of the managers and Rachel
//! Adeyemi one of the officers, so "requested by" and "completed by" find their share,
//! not every row.

use std::time::{Duration, Instant};

use chrono::Utc;
use ra_db::{Db, on_pool};
use uuid::Uuid;

use crate::sites::{insert_sites, site_code};

const REQUESTS: usize = 1_000_000;
const SITES: usize = 30_000;
const MANAGERS: usize = 3_000;
const OFFICERS: usize = 40;
const CHUNK: usize = 500;

/// Runs `head VALUES … tail` over `rows` in chunks: each row's placeholders (`per_row`
/// of them, numbered on from `$1`) shaped by `row`, its values bound by `bind`.
macro_rules! insert_all {
    ($db:expr, $rows:expr, $per_row:expr, $head:expr, $row:expr, $tail:expr, |$q:ident, $r:ident| $bind:expr) => {{
        for chunk in $rows.chunks(CHUNK) {
            let values: Vec<String> = (0..chunk.len())
                .map(|k| {
                    let p: Vec<String> = (1..=$per_row)
                        .map(|j| format!("${}", k * $per_row + j))
                        .collect();
                    $row(p)
                })
                .collect();
            let sql = format!("{} VALUES {} {}", $head, values.join(", "), $tail);
            on_pool!($db, |p| {
                let mut $q = sqlx::query(&sql);
                for $r in chunk {
                    $q = $bind;
                }
                $q.execute(p).await.unwrap();
            });
        }
    }};
}

/// Four values, then the time bound last as both `created_at` and `updated_at`.
fn created_twice(p: Vec<String>) -> String {
    format!(
        "({}, {}, {}, {}, {}, {})",
        p[0], p[1], p[2], p[3], p[4], p[4]
    )
}

/// People of the seed: `first` (already in the database) then synthetic ones.
async fn people(db: &Db, first: Uuid, kind: &str, n: usize) -> Vec<Uuid> {
    let ids: Vec<Uuid> = std::iter::once(first)
        .chain((1..n).map(|_| Uuid::new_v4()))
        .collect();
    let now = Utc::now();
    let rows: Vec<(usize, Uuid)> = ids.iter().copied().enumerate().skip(1).collect();
    insert_all!(
        db,
        rows,
        5,
        "INSERT INTO people (id, issuer, subject, display_name, created_at, updated_at)",
        created_twice,
        "",
        |q, r| q
            .bind(r.1)
            .bind("bench")
            .bind(format!("{kind}{}", r.0))
            .bind(format!("Synthetic {kind} {}", r.0))
            .bind(now)
    );
    ids
}

pub async fn queue(db: &Db, tom: Uuid, rachel: Uuid) -> Duration {
    let start = Instant::now();
    let now = Utc::now();
    insert_sites(db, SITES).await;
    let managers = people(db, tom, "manager", MANAGERS).await;
    let officers = people(db, rachel, "officer", OFFICERS).await;
    let states = [
        "submitted",
        "in_review",
        "approved",
        "meeting_booked",
        "enrolled",
        "cancelled",
        "rejected",
    ];
    let rows: Vec<usize> = (0..REQUESTS).collect();
    insert_all!(
        db,
        rows,
        7,
        "INSERT INTO registration_requests (id, person_name, email, email_key, email_domain, \
         job_role, ods_code, phone, phone_kind, state, source, requested_by, requested_at, \
         last_step_at, completed_by)",
        |p: Vec<String>| format!(
            "({}, 'Person', {}, {}, 'example.org.uk', 'Carer', {}, '07700900000', 'personal', \
             {}, 'single', {}, {}, {}, {})",
            p[0], p[1], p[1], p[2], p[3], p[4], p[5], p[5], p[6]
        ),
        "",
        |q, i| {
            let site = i % SITES;
            q.bind(Uuid::new_v4())
                .bind(format!("p{i}@example.org.uk"))
                .bind(site_code(site))
                .bind(states[i % states.len()])
                // A site's requests come from its manager; each manager has ten sites.
                .bind(managers[site % MANAGERS])
                .bind(now - chrono::Duration::seconds(*i as i64))
                .bind((i % 7 == 6).then_some(officers[i % OFFICERS]))
        }
    );
    start.elapsed()
}

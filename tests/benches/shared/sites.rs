//! Care-home sites as ODS shapes them, present in `organisations`: what the benchmarks'
//! rows point at, so joins and name searches meet real rows.

use chrono::Utc;
use ra_db::{Db, on_pool};
use uuid::Uuid;

/// A care-home site's code as ODS shapes them: `V` and four base-36 characters.
pub fn site_code(n: usize) -> String {
    let mut digits = [b'0'; 4];
    let mut v = n;
    for d in digits.iter_mut().rev() {
        *d = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[v % 36];
        v /= 36;
    }
    format!("V{}", String::from_utf8_lossy(&digits))
}

/// Sites `0..n` ("Synthetic Care Home {n}"), 500 a statement; a site already there (the
/// demo data's) keeps its row.
pub async fn insert_sites(db: &Db, n: usize) {
    let now = Utc::now();
    let all: Vec<usize> = (0..n).collect();
    for chunk in all.chunks(500) {
        let values: Vec<String> = (0..chunk.len())
            .map(|k| {
                let b = k * 5;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 5
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO organisations (id, ods_code, name, kind, created_at, updated_at) \
             VALUES {} ON CONFLICT (ods_code) DO NOTHING",
            values.join(", ")
        );
        on_pool!(db, |p| {
            let mut q = sqlx::query(&sql);
            for &s in chunk {
                q = q
                    .bind(Uuid::new_v4())
                    .bind(site_code(s))
                    .bind(format!("Synthetic Care Home {s}"))
                    .bind("care_home_site")
                    .bind(now);
            }
            q.execute(p).await.unwrap();
        });
    }
}

//! Both migration folders describe the same logical schema.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::collections::BTreeMap;

use ra_db::Db;
use ra_portal_tests::{Backend, TestDb};

/// table → column → nullable
type Shape = BTreeMap<String, BTreeMap<String, bool>>;

async fn shape(db: &Db) -> Shape {
    let rows: Vec<(String, String, bool)> = match db {
        Db::Sqlite(p) => sqlx::query_as(
            "SELECT m.name, c.name, c.\"notnull\" = 0 FROM sqlite_master m JOIN pragma_table_info(m.name) c \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
        )
        .fetch_all(p)
        .await
        .unwrap(),
        Db::Postgres(p) => sqlx::query_as(
            "SELECT table_name::text, column_name::text, is_nullable = 'YES' FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
        )
        .fetch_all(p)
        .await
        .unwrap(),
    };
    let mut out = Shape::new();
    for (table, column, nullable) in rows {
        out.entry(table).or_default().insert(column, nullable);
    }
    out
}

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let sqlite = TestDb::new(Backend::Sqlite).await.connect().await;
    let postgres = TestDb::new(Backend::Postgres).await.connect().await;
    let (a, b) = (shape(&sqlite).await, shape(&postgres).await);
    assert!(
        a.contains_key("sessions") && a.contains_key("people"),
        "{a:?}"
    );
    assert_eq!(
        a, b,
        "migrations/sqlite and migrations/postgres have drifted apart"
    );
    assert!(sqlite.ready().await.unwrap());
    assert!(postgres.ready().await.unwrap());
}

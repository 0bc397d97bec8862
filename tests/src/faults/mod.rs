//! Faults made on purpose: inserts into a table that fail (a trigger), so a test can
//! show a change that fails part-way leaves nothing behind, or that a retry after a
//! failure works; an SMTP catcher and a PostgreSQL server of the test's own, to stop and
//! start again; a portal in a child process, to kill.

mod catcher;
mod child;
mod cluster;

pub use catcher::Catcher;
pub use child::{ChildPortal, serve_as_child};
pub use cluster::Cluster;

use ra_db::Backend;

use crate::TestPortal;

impl TestPortal {
    /// From now on every insert into `table` fails.
    pub async fn break_inserts(&self, table: &str) {
        self.break_inserts_from(table, 1).await;
    }

    /// From now on the `nth` insert into `table` (counting from now) and every one after
    /// it fails, also within one statement: a multi-row insert fails part-way.
    pub async fn break_inserts_from(&self, table: &str, nth: i64) {
        let rows = self.count(&format!("SELECT COUNT(*) FROM {table}")).await;
        let limit = rows + nth - 1;
        let statements: Vec<String> = match self.db().backend() {
            Backend::Sqlite => vec![format!(
                "CREATE TRIGGER fault_{table} BEFORE INSERT ON {table} \
                 WHEN (SELECT COUNT(*) FROM {table}) >= {limit} \
                 BEGIN SELECT RAISE(ABORT, 'fault injected by the test'); END"
            )],
            Backend::Postgres => vec![
                format!(
                    "CREATE FUNCTION fault_{table}() RETURNS trigger LANGUAGE plpgsql AS \
                     $$ BEGIN IF (SELECT COUNT(*) FROM {table}) >= {limit} THEN \
                     RAISE EXCEPTION 'fault injected by the test'; END IF; RETURN NEW; END $$"
                ),
                format!(
                    "CREATE TRIGGER fault_{table} BEFORE INSERT ON {table} \
                     FOR EACH ROW EXECUTE FUNCTION fault_{table}()"
                ),
            ],
        };
        for sql in statements {
            self.run(&sql).await;
        }
    }

    /// Inserts into `table` work again.
    pub async fn mend_inserts(&self, table: &str) {
        self.run(&format!(
            "DROP TRIGGER fault_{table}{}",
            match self.db().backend() {
                Backend::Sqlite => String::new(),
                Backend::Postgres => format!(" ON {table}"),
            }
        ))
        .await;
        if self.db().backend() == Backend::Postgres {
            self.run(&format!("DROP FUNCTION fault_{table}()")).await;
        }
    }

    async fn run(&self, sql: &str) {
        ra_db::on_pool!(self.db(), |p| sqlx::query(sql).execute(p).await.map(|_| ())).unwrap();
    }
}

impl TestPortal {
    /// Caps the size of the portal's SQLite database at its present size plus `extra`
    /// pages (`None`: SQLite's own maximum), on every connection of its pool, as a full
    /// disk would: writes that need more space fail with `SQLITE_FULL`.
    pub async fn cap_sqlite_pages(&self, extra: Option<i64>) {
        let ra_db::Db::Sqlite(pool) = self.db() else {
            panic!("a size cap is SQLite's");
        };
        let size: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(pool)
            .await
            .unwrap();
        let cap = extra.map_or(1_073_741_823, |e| size + e);
        let mut held = Vec::new();
        for _ in 0..pool.options().get_max_connections() {
            held.push(pool.acquire().await.unwrap());
        }
        for conn in &mut held {
            sqlx::query(&format!("PRAGMA max_page_count = {cap}"))
                .execute(&mut **conn)
                .await
                .unwrap();
        }
    }
}

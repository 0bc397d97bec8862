//! Faults made on purpose in a test's own database: inserts into a table that fail (a
//! trigger), so a test can show a change that fails part-way leaves nothing behind, or
//! that a retry after a failure works.

use ra_db::Backend;

use crate::TestPortal;

impl TestPortal {
    /// From now on every insert into `table` fails.
    pub async fn break_inserts(&self, table: &str) {
        let statements: Vec<String> = match self.db().backend() {
            Backend::Sqlite => vec![format!(
                "CREATE TRIGGER fault_{table} BEFORE INSERT ON {table} \
                 BEGIN SELECT RAISE(ABORT, 'fault injected by the test'); END"
            )],
            Backend::Postgres => vec![
                format!(
                    "CREATE FUNCTION fault_{table}() RETURNS trigger LANGUAGE plpgsql AS \
                     $$ BEGIN RAISE EXCEPTION 'fault injected by the test'; END $$"
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

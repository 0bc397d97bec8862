//! Choosing and opening the backend named by `DATABASE_URL`.

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    migrate::Migrator,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions},
};

use crate::Db;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a `DATABASE_URL` names, judged by its scheme alone.
    pub fn from_url(url: &str) -> Result<Self, ConnectError> {
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(ConnectError::UnknownScheme(scheme.to_owned())),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("unknown database scheme {0:?}: use sqlite://… or postgres://…")]
    UnknownScheme(String),
    #[error("could not create the directory for the SQLite file: {0}")]
    Directory(std::io::Error),
    #[error("{0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub(crate) fn migrator(backend: Backend) -> &'static Migrator {
    match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    }
}

/// Opens a pool for `url`. A SQLite file and its directory are created when missing.
/// `search_path` (PostgreSQL only) lets tests give each database its own schema.
pub async fn connect(url: &str, search_path: Option<&str>) -> Result<Db, ConnectError> {
    match Backend::from_url(url)? {
        Backend::Sqlite => {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            let file = opts.get_filename();
            if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty())
                && file != Path::new(":memory:")
            {
                std::fs::create_dir_all(dir).map_err(ConnectError::Directory)?;
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::Sqlite(pool))
        }
        Backend::Postgres => {
            let mut opts = PgConnectOptions::from_str(url)?;
            if let Some(schema) = search_path {
                opts = opts.options([("search_path", schema)]);
            }
            // A short wait for a connection: while PostgreSQL restarts, requests fail
            // within seconds with a clear message instead of hanging.
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(opts)
                .await?;
            Ok(Db::Postgres(pool))
        }
    }
}

/// Applies the backend's embedded migrations.
pub async fn migrate(db: &Db) -> Result<(), ConnectError> {
    match db {
        Db::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
        Db::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_is_chosen_by_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://data/x.db").ok(),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            Backend::from_url("postgres://127.0.0.1/db").ok(),
            Some(Backend::Postgres)
        );
        assert_eq!(
            Backend::from_url("postgresql://h/db").ok(),
            Some(Backend::Postgres)
        );
        let err = Backend::from_url("mysql://h/db")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unknown database scheme \"mysql\": use sqlite://… or postgres://…")
        );
    }
}

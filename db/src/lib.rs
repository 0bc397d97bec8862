//! RA Portal data layer.
//!
//! One binary serves SQLite (the zero-set-up default) and PostgreSQL (production); the
//! backend is picked at run time from `DATABASE_URL`. SQL is shared where the dialects
//! agree (`$1` placeholders, `RETURNING`, `ON CONFLICT`) and every query runs through
//! [`Db`] or [`Tx`], which dispatch to the matching sqlx pool. Repository functions live in
//! [`repo`], one module per table group.

mod args;
mod connect;
pub mod cursor;
pub mod repo;
mod sql;

pub use connect::{Backend, ConnectError, connect, migrate};

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool};

/// A connection pool on either backend.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction on either backend: changes and their audit records commit together.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    /// A unique constraint refused the change; holds the constraint's name.
    #[error("duplicate value for {0}")]
    Duplicate(String),
}

impl DbError {
    /// Turns unique-constraint violations into [`DbError::Duplicate`] so callers can
    /// answer "already listed" instead of failing.
    pub fn from_write(err: sqlx::Error, constraint: &str) -> Self {
        match &err {
            sqlx::Error::Database(e) if e.is_unique_violation() => {
                DbError::Duplicate(constraint.to_owned())
            }
            _ => DbError::Sqlx(err),
        }
    }
}

/// Failures that are the database's state, not the portal's logic: callers tell people
/// plainly instead of answering "something went wrong".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// Not reachable now: the server is restarting, the network is down, the pool timed
    /// out waiting for a connection. A retry later may work.
    Unreachable,
    /// Out of space: the transaction was rolled back.
    Full,
    /// Too busy: SQLite's writer lock was not free in time, PostgreSQL has no connection
    /// or lock to spare. Nothing was saved; a retry in a moment may work.
    Busy,
}

impl DbError {
    pub fn trouble(&self) -> Option<Trouble> {
        let DbError::Sqlx(e) = self else { return None };
        match e {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => Some(Trouble::Unreachable),
            sqlx::Error::Database(d) => match d.code().as_deref() {
                // SQLITE_FULL; PostgreSQL's disk_full.
                Some("13" | "53100") => Some(Trouble::Full),
                // SQLITE_BUSY and SQLITE_LOCKED (with their extended codes); PostgreSQL's
                // too_many_connections and lock_not_available.
                Some("5" | "261" | "517" | "6" | "262" | "53300" | "55P03") => Some(Trouble::Busy),
                // PostgreSQL's connection exceptions (08…) and operator intervention
                // (57P01 admin shutdown, 57P03 cannot connect now, …).
                Some(c) if c.starts_with("08") || c.starts_with("57P") => {
                    Some(Trouble::Unreachable)
                }
                _ => None,
            },
            _ => None,
        }
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// Runs the same sqlx expression against whichever pool `db` holds.
#[macro_export]
macro_rules! on_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs the same sqlx expression against whichever transaction `tx` holds.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}

impl Db {
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn begin(&self) -> DbResult<Tx> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Readiness: the database answers and every embedded migration has been applied.
    pub async fn ready(&self) -> DbResult<bool> {
        let applied: Vec<i64> = on_pool!(self, |p| {
            sqlx::query_scalar(
                "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version",
            )
            .fetch_all(p)
            .await?
        });
        let expected: Vec<i64> = connect::migrator(self.backend())
            .iter()
            .map(|m| m.version)
            .collect();
        Ok(expected.iter().all(|v| applied.contains(v)))
    }

    /// Connections open and idle now, and the most the pool opens (for `/metrics`).
    pub fn pool_stats(&self) -> PoolStats {
        on_pool!(self, |p| PoolStats {
            open: p.size(),
            idle: u32::try_from(p.num_idle()).unwrap_or(u32::MAX),
            max: p.options().get_max_connections(),
        })
    }

    pub async fn close(&self) {
        on_pool!(self, |p| p.close().await)
    }
}

/// A pool's connections at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn commit(self) -> DbResult<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outages_and_full_disks_are_told_apart_from_bugs() {
        let trouble = |e: sqlx::Error| DbError::Sqlx(e).trouble();
        assert_eq!(
            trouble(sqlx::Error::PoolTimedOut),
            Some(Trouble::Unreachable)
        );
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        assert_eq!(trouble(sqlx::Error::Io(reset)), Some(Trouble::Unreachable));
        assert_eq!(trouble(sqlx::Error::RowNotFound), None);
        assert_eq!(DbError::Corrupt("bad json".into()).trouble(), None);
        assert_eq!(DbError::Duplicate("uq".into()).trouble(), None);
    }
}

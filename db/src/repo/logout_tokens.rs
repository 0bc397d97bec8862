//! Logout tokens already acted on, by `jti`, shared by every instance: a replay within
//! the token's life is refused. A `jti` is recorded in the transaction that ends the
//! sessions, so a call that failed leaves nothing behind and the provider's retry works.

use chrono::{DateTime, Utc};

use crate::{Db, DbError, DbResult, Tx, on_pool, on_tx};

/// The primary key: a `jti` recorded twice is a replay.
pub const SEEN_CONSTRAINT: &str = "logout_tokens_pkey";

pub async fn seen(db: &Db, jti: &str) -> DbResult<bool> {
    const SQL: &str = "SELECT COUNT(*) FROM logout_tokens WHERE jti = $1";
    let n: i64 = on_pool!(db, |p| sqlx::query_scalar(SQL)
        .bind(jti)
        .fetch_one(p)
        .await?);
    Ok(n > 0)
}

/// Records `jti` until `until`; [`DbError::Duplicate`] if it is already there (two calls
/// with one token at once: the second is the replay).
pub async fn remember(
    tx: &mut Tx,
    jti: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> DbResult<()> {
    const SQL: &str =
        "INSERT INTO logout_tokens (jti, seen_at, remember_until) VALUES ($1, $2, $3)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(jti)
        .bind(now)
        .bind(until)
        .execute(c)
        .await
        .map_err(|e| DbError::from_write(e, SEEN_CONSTRAINT))?
        .rows_affected());
    Ok(())
}

/// Forgets tokens that could no longer be replayed anyway.
pub async fn forget_old(db: &Db, now: DateTime<Utc>) -> DbResult<u64> {
    const SQL: &str = "DELETE FROM logout_tokens WHERE remember_until < $1";
    Ok(on_pool!(db, |p| sqlx::query(SQL)
        .bind(now)
        .execute(p)
        .await?
        .rows_affected()))
}

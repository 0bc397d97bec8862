//! Sign-ins in progress. An attempt is taken (deleted) by the callback that completes it,
//! so a replayed callback finds nothing.

use chrono::{DateTime, Utc};

use crate::{Db, DbResult, on_pool};

pub struct NewLoginAttempt<'a> {
    pub state: &'a str,
    pub browser_hash: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    pub return_to: Option<&'a str>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LoginAttemptRow {
    pub state: String,
    pub browser_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(db: &Db, a: &NewLoginAttempt<'_>) -> DbResult<()> {
    const SQL: &str = "INSERT INTO login_attempts \
        (state, browser_hash, nonce, pkce_verifier, return_to, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
    on_pool!(db, |p| {
        sqlx::query(SQL)
            .bind(a.state)
            .bind(a.browser_hash)
            .bind(a.nonce)
            .bind(a.pkce_verifier)
            .bind(a.return_to)
            .bind(a.created_at)
            .execute(p)
            .await?
            .rows_affected()
    });
    Ok(())
}

/// Removes and returns the attempt for `state`, if any: each attempt completes at most once.
pub async fn take(db: &Db, state: &str) -> DbResult<Option<LoginAttemptRow>> {
    const SQL: &str = "DELETE FROM login_attempts WHERE state = $1 \
        RETURNING state, browser_hash, nonce, pkce_verifier, return_to, created_at";
    Ok(on_pool!(db, |p| {
        sqlx::query_as::<_, LoginAttemptRow>(SQL)
            .bind(state)
            .fetch_optional(p)
            .await?
    }))
}

pub async fn delete_older_than(db: &Db, cutoff: DateTime<Utc>) -> DbResult<u64> {
    const SQL: &str = "DELETE FROM login_attempts WHERE created_at < $1";
    Ok(on_pool!(db, |p| sqlx::query(SQL)
        .bind(cutoff)
        .execute(p)
        .await?
        .rows_affected()))
}

//! Server-side sessions. Only the SHA-256 of the cookie token is stored, so a copy of the
//! table does not let anyone sign in.

use chrono::{DateTime, Utc};
use ra_domain::PersonId;

use crate::{Db, DbResult, Tx, on_pool, on_tx};

pub struct NewSession<'a> {
    pub id_hash: &'a str,
    pub person_id: PersonId,
    pub principal_json: &'a str,
    pub oidc_sid: Option<&'a str>,
    pub id_token: Option<&'a str>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id_hash: String,
    pub person_id: PersonId,
    pub principal: String,
    pub oidc_sid: Option<String>,
    pub id_token: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

const COLUMNS: &str =
    "id_hash, person_id, principal, oidc_sid, id_token, created_at, last_seen_at, expires_at";

pub async fn create(tx: &mut Tx, s: &NewSession<'_>) -> DbResult<()> {
    const SQL: &str = "INSERT INTO sessions \
        (id_hash, person_id, principal, oidc_sid, id_token, created_at, last_seen_at, expires_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $6, $7)";
    on_tx!(tx, |c| {
        sqlx::query(SQL)
            .bind(s.id_hash)
            .bind(s.person_id)
            .bind(s.principal_json)
            .bind(s.oidc_sid)
            .bind(s.id_token)
            .bind(s.created_at)
            .bind(s.expires_at)
            .execute(c)
            .await?
            .rows_affected()
    });
    Ok(())
}

pub async fn find(db: &Db, id_hash: &str) -> DbResult<Option<SessionRow>> {
    let sql = format!("SELECT {COLUMNS} FROM sessions WHERE id_hash = $1");
    Ok(on_pool!(db, |p| {
        sqlx::query_as::<_, SessionRow>(&sql)
            .bind(id_hash)
            .fetch_optional(p)
            .await?
    }))
}

/// Records activity, pushing the idle expiry forward.
pub async fn touch(
    db: &Db,
    id_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> DbResult<()> {
    const SQL: &str = "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1";
    on_pool!(db, |p| {
        sqlx::query(SQL)
            .bind(id_hash)
            .bind(now)
            .bind(expires_at)
            .execute(p)
            .await?
            .rows_affected()
    });
    Ok(())
}

/// Ends a session; returns it if it existed.
pub async fn delete(db: &Db, id_hash: &str) -> DbResult<Option<SessionRow>> {
    let sql = format!("DELETE FROM sessions WHERE id_hash = $1 RETURNING {COLUMNS}");
    Ok(on_pool!(db, |p| {
        sqlx::query_as::<_, SessionRow>(&sql)
            .bind(id_hash)
            .fetch_optional(p)
            .await?
    }))
}

/// Ends a session inside a transaction (sign-out with its audit record).
pub async fn delete_in(tx: &mut Tx, id_hash: &str) -> DbResult<Option<SessionRow>> {
    let sql = format!("DELETE FROM sessions WHERE id_hash = $1 RETURNING {COLUMNS}");
    Ok(on_tx!(tx, |c| {
        sqlx::query_as::<_, SessionRow>(&sql)
            .bind(id_hash)
            .fetch_optional(c)
            .await?
    }))
}

pub async fn delete_expired(db: &Db, now: DateTime<Utc>) -> DbResult<u64> {
    const SQL: &str = "DELETE FROM sessions WHERE expires_at <= $1";
    Ok(on_pool!(db, |p| sqlx::query(SQL)
        .bind(now)
        .execute(p)
        .await?
        .rows_affected()))
}

pub async fn count_all(db: &Db) -> DbResult<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM sessions";
    Ok(on_pool!(db, |p| sqlx::query_scalar(SQL)
        .fetch_one(p)
        .await?))
}

/// Ends every session of a person (their access was withdrawn); returns how many.
pub async fn delete_for_person(tx: &mut Tx, person: PersonId) -> DbResult<u64> {
    const SQL: &str = "DELETE FROM sessions WHERE person_id = $1";
    Ok(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(person)
        .execute(c)
        .await?
        .rows_affected()))
}

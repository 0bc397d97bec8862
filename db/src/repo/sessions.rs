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
    /// Set when the provider ended the session (back-channel logout): it is refused from
    /// then on, and its browser told why.
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: Option<String>,
}

const COLUMNS: &str = "id_hash, person_id, principal, oidc_sid, id_token, created_at, last_seen_at, \
    expires_at, ended_at, end_reason";

/// Which sessions a logout ends.
#[derive(Debug, Clone, Copy)]
pub enum Ending<'a> {
    /// The provider's session `sid` (of this person only, when the token names one).
    Sid(&'a str, Option<PersonId>),
    /// Every session of the person.
    Person(PersonId),
}

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

/// Removes expired sessions, and ended ones whose browser has had a day to hear why.
pub async fn delete_expired(db: &Db, now: DateTime<Utc>) -> DbResult<u64> {
    const SQL: &str = "DELETE FROM sessions WHERE expires_at <= $1 OR ended_at <= $2";
    Ok(on_pool!(db, |p| sqlx::query(SQL)
        .bind(now)
        .bind(now - chrono::Duration::days(1))
        .execute(p)
        .await?
        .rows_affected()))
}

/// Marks the sessions a logout names as ended, in the caller's transaction; returns their
/// id hashes. Already-ended sessions are left as they are (a repeated logout is a no-op).
pub async fn end(
    tx: &mut Tx,
    which: Ending<'_>,
    reason: &str,
    now: DateTime<Utc>,
) -> DbResult<Vec<String>> {
    const BY_SID: &str = "UPDATE sessions SET ended_at = $1, end_reason = $2 \
        WHERE oidc_sid = $3 AND ($4 IS NULL OR person_id = $4) AND ended_at IS NULL RETURNING id_hash";
    const BY_PERSON: &str = "UPDATE sessions SET ended_at = $1, end_reason = $2 \
        WHERE person_id = $3 AND ended_at IS NULL RETURNING id_hash";
    Ok(match which {
        Ending::Sid(sid, person) => on_tx!(tx, |c| sqlx::query_scalar(BY_SID)
            .bind(now)
            .bind(reason)
            .bind(sid)
            .bind(person)
            .fetch_all(c)
            .await?),
        Ending::Person(person) => on_tx!(tx, |c| sqlx::query_scalar(BY_PERSON)
            .bind(now)
            .bind(reason)
            .bind(person)
            .fetch_all(c)
            .await?),
    })
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

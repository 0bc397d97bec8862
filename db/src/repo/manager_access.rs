//! Managers without a CIS2 identity: their one-time sign-in links (hashes only) and
//! their access to one organisation, decided by an RA officer.

use chrono::{DateTime, Utc};
use ra_domain::{AccessId, OdsCode, PersonId, manager_access::AccessStatus};

use crate::{Db, DbResult, Tx, on_pool, on_tx};

pub struct NewLink<'a> {
    pub token_hash: &'a str,
    pub email: &'a str,
    pub full_name: &'a str,
    pub ods_code: &'a OdsCode,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    pub email: String,
    pub full_name: String,
    pub ods_code: OdsCode,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccessRow {
    pub id: AccessId,
    pub person_id: PersonId,
    pub email: String,
    pub full_name: String,
    pub ods_code: OdsCode,
    pub org_name: Option<String>,
    pub status: AccessStatus,
    pub requested_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by_name: Option<String>,
    pub reason: Option<String>,
}

const SELECT: &str = "SELECT a.id, a.person_id, a.email, a.full_name, a.ods_code, o.name AS org_name, \
        a.status, a.requested_at, a.decided_at, d.display_name AS decided_by_name, a.reason \
    FROM manager_access a \
    LEFT JOIN organisations o ON o.ods_code = a.ods_code \
    LEFT JOIN people d ON d.id = a.decided_by";

/// Adds a link unless `email` already has `max_live` links that could still be used;
/// false when it has. The count and the insert are one statement, and on PostgreSQL
/// the address is locked for the transaction first, so links asked for at the same
/// moment cannot both slip under the limit (SQLite runs one writer at a time).
pub async fn insert_link(tx: &mut Tx, l: &NewLink<'_>, max_live: i64) -> DbResult<bool> {
    const LOCK: &str = "SELECT pg_advisory_xact_lock(hashtext($1))";
    const SQL: &str = "INSERT INTO email_sign_in_links \
        (token_hash, email, full_name, ods_code, created_at, expires_at) \
        SELECT $1, $2, $3, $4, $5, $6 WHERE (SELECT COUNT(*) FROM email_sign_in_links \
            WHERE email = $2 AND used_at IS NULL AND expires_at > $5) < $7";
    if let Tx::Postgres(t) = tx {
        sqlx::query(LOCK).bind(l.email).execute(&mut **t).await?;
    }
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(l.token_hash)
        .bind(l.email)
        .bind(l.full_name)
        .bind(l.ods_code)
        .bind(l.created_at)
        .bind(l.expires_at)
        .bind(max_live)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n == 1)
}

/// Spends the link: only one caller can, and only before it expires.
pub async fn take_link(
    tx: &mut Tx,
    token_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<Option<LinkRow>> {
    const SQL: &str = "UPDATE email_sign_in_links SET used_at = $2 \
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
        RETURNING email, full_name, ods_code";
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, LinkRow>(SQL)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(c)
        .await?))
}

/// Links past their expiry are of no use to anyone; their hashes need not be kept.
pub async fn delete_expired_links(db: &Db, now: DateTime<Utc>) -> DbResult<u64> {
    const SQL: &str = "DELETE FROM email_sign_in_links WHERE expires_at <= $1";
    Ok(on_pool!(db, |p| sqlx::query(SQL)
        .bind(now)
        .execute(p)
        .await?
        .rows_affected()))
}

/// The pending or approved access for this email and organisation, if any.
pub async fn find_live(
    tx: &mut Tx,
    email: &str,
    ods_code: &OdsCode,
) -> DbResult<Option<AccessRow>> {
    let sql = format!(
        "{SELECT} WHERE a.email = $1 AND a.ods_code = $2 AND a.status IN ('pending', 'approved')"
    );
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, AccessRow>(&sql)
        .bind(email)
        .bind(ods_code)
        .fetch_optional(c)
        .await?))
}

/// Holds an approved access until the transaction ends (a row lock on PostgreSQL, the
/// writer's lock on SQLite), so a withdrawal cannot slip between the check and the new
/// session; false when it is no longer approved.
pub async fn hold_approved(tx: &mut Tx, id: AccessId) -> DbResult<bool> {
    const SQL: &str =
        "UPDATE manager_access SET status = status WHERE id = $1 AND status = 'approved'";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n == 1)
}

pub async fn find(db: &Db, id: AccessId) -> DbResult<Option<AccessRow>> {
    let sql = format!("{SELECT} WHERE a.id = $1");
    Ok(on_pool!(db, |p| sqlx::query_as::<_, AccessRow>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await?))
}

/// Records a new pending access; `None` when one is already live for the email and
/// organisation (a concurrent link won), leaving the transaction usable.
pub async fn insert_pending(
    tx: &mut Tx,
    person: PersonId,
    link: &LinkRow,
    now: DateTime<Utc>,
) -> DbResult<Option<AccessId>> {
    const SQL: &str = "INSERT INTO manager_access \
        (id, person_id, email, full_name, ods_code, status, requested_at) \
        VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT DO NOTHING";
    let id = AccessId::new();
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(person)
        .bind(&link.email)
        .bind(&link.full_name)
        .bind(&link.ods_code)
        .bind(now)
        .execute(c)
        .await?
        .rows_affected());
    Ok((n == 1).then_some(id))
}

/// Moves the access from `from` to `to`; false when someone else moved it first.
pub async fn decide(
    tx: &mut Tx,
    id: AccessId,
    from: AccessStatus,
    to: AccessStatus,
    by: PersonId,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    const SQL: &str = "UPDATE manager_access SET status = $3, decided_at = $4, decided_by = $5, \
        reason = $6 WHERE id = $1 AND status = $2";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(from)
        .bind(to)
        .bind(now)
        .bind(by)
        .bind(reason)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n == 1)
}

/// Accesses with `status`, oldest request first (the order to work through them), at
/// most `limit`.
pub async fn list(db: &Db, status: AccessStatus, limit: i64) -> DbResult<Vec<AccessRow>> {
    let sql = format!("{SELECT} WHERE a.status = $1 ORDER BY a.requested_at, a.id LIMIT $2");
    Ok(on_pool!(db, |p| sqlx::query_as::<_, AccessRow>(&sql)
        .bind(status)
        .bind(limit)
        .fetch_all(p)
        .await?))
}

/// How many accesses have each status, in one query.
pub async fn counts(db: &Db) -> DbResult<Vec<(AccessStatus, i64)>> {
    const SQL: &str = "SELECT status, COUNT(*) FROM manager_access GROUP BY status";
    Ok(on_pool!(db, |p| sqlx::query_as::<_, (AccessStatus, i64)>(
        SQL
    )
    .fetch_all(p)
    .await?))
}

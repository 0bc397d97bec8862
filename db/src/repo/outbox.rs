//! The email outbox: messages enqueued with the change they report, claimed by one
//! worker at a time, sent, retried with backoff, or given up on and shown.

use chrono::{DateTime, Duration, Utc};
use ra_domain::mail::MailStatus;
use uuid::Uuid;

use crate::{Db, DbResult, Tx, on_pool, on_tx};

pub struct NewMail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
}

/// Adds a message to send; commit it with the change it reports.
pub async fn enqueue(tx: &mut Tx, mail: &NewMail<'_>, now: DateTime<Utc>) -> DbResult<Uuid> {
    const SQL: &str = "INSERT INTO mail_outbox (id, created_at, to_address, subject, body_text, body_html, \
            status, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $2)";
    let id = Uuid::new_v4();
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(now)
        .bind(mail.to)
        .bind(mail.subject)
        .bind(mail.text)
        .bind(mail.html)
        .execute(c)
        .await?
        .rows_affected());
    Ok(id)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailRow {
    pub id: Uuid,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attempts: i32,
}

/// Claims up to `limit` due messages for `worker` until `now + lease`.
///
/// PostgreSQL: `FOR UPDATE SKIP LOCKED` lets several portal instances claim side by side
/// without waiting for or double-claiming each other's rows. SQLite has one writer at a
/// time, so the single `UPDATE … RETURNING` is already exclusive.
pub async fn claim(
    db: &Db,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> DbResult<Vec<MailRow>> {
    const DUE: &str = "SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= $3 \
        AND (locked_until IS NULL OR locked_until < $3) ORDER BY next_attempt_at LIMIT $4";
    let sql = format!(
        "UPDATE mail_outbox SET locked_by = $1, locked_until = $2 WHERE id IN ({DUE}{}) \
         RETURNING id, to_address, subject, body_text, body_html, attempts",
        match db {
            Db::Postgres(_) => " FOR UPDATE SKIP LOCKED",
            Db::Sqlite(_) => "",
        }
    );
    Ok(on_pool!(db, |p| sqlx::query_as::<_, MailRow>(&sql)
        .bind(worker)
        .bind(now + lease)
        .bind(now)
        .bind(limit)
        .fetch_all(p)
        .await?))
}

/// Records a delivery, if the claim is still this worker's.
pub async fn mark_sent(db: &Db, id: Uuid, worker: &str, now: DateTime<Utc>) -> DbResult<bool> {
    const SQL: &str = "UPDATE mail_outbox SET status = 'sent', sent_at = $1, locked_by = NULL, \
        locked_until = NULL WHERE id = $2 AND locked_by = $3 AND status = 'pending'";
    let n = on_pool!(db, |p| sqlx::query(SQL)
        .bind(now)
        .bind(id)
        .bind(worker)
        .execute(p)
        .await?
        .rows_affected());
    Ok(n == 1)
}

/// Records a failed attempt: retry at `retry_at`, or give up (`None`) and mark it failed.
pub async fn mark_attempt_failed(
    db: &Db,
    id: Uuid,
    worker: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> DbResult<()> {
    const SQL: &str = "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1, \
        status = CASE WHEN $2 THEN 'pending' ELSE 'failed' END, \
        next_attempt_at = COALESCE($3, next_attempt_at), locked_by = NULL, locked_until = NULL \
        WHERE id = $4 AND locked_by = $5";
    on_pool!(db, |p| sqlx::query(SQL)
        .bind(error)
        .bind(retry_at.is_some())
        .bind(retry_at)
        .bind(id)
        .bind(worker)
        .execute(p)
        .await?
        .rows_affected());
    Ok(())
}

/// What waits in the outbox: messages still to send (due or backing off), the oldest
/// one's creation time, and messages given up on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlog {
    pub pending: i64,
    pub oldest_pending: Option<DateTime<Utc>>,
    pub failed: i64,
}

pub async fn backlog(db: &Db) -> DbResult<Backlog> {
    const COUNT: &str = "SELECT COUNT(*) FROM mail_outbox WHERE status = $1";
    // ORDER BY rather than MIN(): SQLite gives an aggregate no declared type to decode.
    const OLDEST: &str = "SELECT created_at FROM mail_outbox WHERE status = 'pending' \
        ORDER BY created_at LIMIT 1";
    let count = |status: &'static str| async move {
        Ok::<i64, crate::DbError>(on_pool!(db, |p| sqlx::query_scalar::<_, i64>(COUNT)
            .bind(status)
            .fetch_one(p)
            .await?))
    };
    Ok(Backlog {
        pending: count("pending").await?,
        oldest_pending: on_pool!(db, |p| sqlx::query_scalar::<_, DateTime<Utc>>(OLDEST)
            .fetch_optional(p)
            .await?),
        failed: count("failed").await?,
    })
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxEntry {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub to_address: String,
    pub subject: String,
    pub status: MailStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// Messages not yet delivered (pending or failed), oldest first: for RA officers.
pub async fn undelivered(db: &Db, limit: i64) -> DbResult<Vec<OutboxEntry>> {
    const SQL: &str = "SELECT id, created_at, to_address, subject, status, attempts, last_error, sent_at \
        FROM mail_outbox WHERE status <> 'sent' ORDER BY created_at, id LIMIT $1";
    Ok(on_pool!(db, |p| sqlx::query_as::<_, OutboxEntry>(SQL)
        .bind(limit)
        .fetch_all(p)
        .await?))
}

pub async fn find(db: &Db, id: Uuid) -> DbResult<Option<OutboxEntry>> {
    const SQL: &str = "SELECT id, created_at, to_address, subject, status, attempts, last_error, sent_at \
        FROM mail_outbox WHERE id = $1";
    Ok(on_pool!(db, |p| sqlx::query_as::<_, OutboxEntry>(SQL)
        .bind(id)
        .fetch_optional(p)
        .await?))
}

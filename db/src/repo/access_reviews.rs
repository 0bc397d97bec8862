//! Access reviews (`access_reviews`, `access_review_items`): one open at a time (a unique
//! column), the accesses it covers fixed when it starts, each decided once.

use chrono::{DateTime, Utc};
use ra_domain::{AccessId, PersonId, ReviewId, access_review::ReviewDecision};

use crate::{Db, DbError, DbResult, Tx, on_pool, on_tx};

/// When reviews were last done, and what waits for one.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReviewState {
    pub last_completed: Option<DateTime<Utc>>,
    /// When the longest-standing approved access was approved.
    pub oldest_access: Option<DateTime<Utc>>,
    pub accesses: i64,
}

pub async fn state(db: &Db) -> DbResult<ReviewState> {
    const SQL: &str = "SELECT \
        (SELECT MAX(completed_at) FROM access_reviews) AS last_completed, \
        (SELECT MIN(decided_at) FROM manager_access WHERE status = 'approved') AS oldest_access, \
        (SELECT COUNT(*) FROM manager_access WHERE status = 'approved') AS accesses";
    Ok(on_pool!(db, |p| sqlx::query_as(SQL).fetch_one(p).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReviewRow {
    pub id: ReviewId,
    pub started_at: DateTime<Utc>,
    pub started_by_name: String,
    pub completed_at: Option<DateTime<Utc>>,
    pub confirmed: i64,
    pub revoked: i64,
    pub undecided: i64,
}

const REVIEWS: &str = "SELECT r.id, r.started_at, p.display_name AS started_by_name, r.completed_at, \
    (SELECT COUNT(*) FROM access_review_items i WHERE i.review_id = r.id AND i.decision = 'confirm') AS confirmed, \
    (SELECT COUNT(*) FROM access_review_items i WHERE i.review_id = r.id AND i.decision = 'revoke') AS revoked, \
    (SELECT COUNT(*) FROM access_review_items i WHERE i.review_id = r.id AND i.decision IS NULL) AS undecided \
    FROM access_reviews r JOIN people p ON p.id = r.started_by";

/// The open review, if there is one.
pub async fn open(db: &Db) -> DbResult<Option<ReviewRow>> {
    let sql = format!("{REVIEWS} WHERE r.open = 1");
    Ok(on_pool!(db, |p| sqlx::query_as(&sql)
        .fetch_optional(p)
        .await?))
}

/// Reviews, newest first.
pub async fn list(db: &Db, limit: i64) -> DbResult<Vec<ReviewRow>> {
    let sql = format!("{REVIEWS} ORDER BY r.started_at DESC LIMIT $1");
    Ok(on_pool!(db, |p| sqlx::query_as(&sql)
        .bind(limit)
        .fetch_all(p)
        .await?))
}

/// Starts a review of every approved access; None when one is open already (someone
/// started it a moment ago), else how many accesses it covers.
pub async fn start(
    tx: &mut Tx,
    id: ReviewId,
    by: PersonId,
    now: DateTime<Utc>,
) -> DbResult<Option<u64>> {
    const REVIEW: &str =
        "INSERT INTO access_reviews (id, started_at, started_by, open) VALUES ($1, $2, $3, 1)";
    const ITEMS: &str = "INSERT INTO access_review_items (review_id, access_id) \
        SELECT $1, id FROM manager_access WHERE status = 'approved'";
    let inserted = on_tx!(tx, |c| sqlx::query(REVIEW)
        .bind(id)
        .bind(now)
        .bind(by)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
        .map_err(|e| DbError::from_write(e, "access_reviews_open")));
    match inserted {
        Ok(_) => {}
        Err(DbError::Duplicate(_)) => return Ok(None),
        Err(e) => return Err(e),
    }
    let n = on_tx!(tx, |c| sqlx::query(ITEMS)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(Some(n))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRow {
    pub access_id: AccessId,
    pub full_name: String,
    pub email: String,
    pub ods_code: String,
    pub approved_at: Option<DateTime<Utc>>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    pub decision: Option<String>,
    pub reason: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// The accesses a review covers, undecided first, then by name.
pub async fn items(db: &Db, review: ReviewId) -> DbResult<Vec<ItemRow>> {
    const SQL: &str = "SELECT i.access_id, a.full_name, a.email, a.ods_code, \
        a.decided_at AS approved_at, p.last_sign_in_at, i.decision, i.reason, \
        d.display_name AS decided_by_name, i.decided_at \
        FROM access_review_items i JOIN manager_access a ON a.id = i.access_id \
        JOIN people p ON p.id = a.person_id LEFT JOIN people d ON d.id = i.decided_by \
        WHERE i.review_id = $1 \
        ORDER BY CASE WHEN i.decision IS NULL THEN 0 ELSE 1 END, a.full_name, a.email";
    Ok(on_pool!(db, |p| sqlx::query_as(SQL)
        .bind(review)
        .fetch_all(p)
        .await?))
}

/// Records a decision once: false when the item was already decided (or is not in the
/// review).
pub async fn decide(
    tx: &mut Tx,
    review: ReviewId,
    access: AccessId,
    decision: ReviewDecision,
    reason: &str,
    by: PersonId,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    const SQL: &str = "UPDATE access_review_items SET decision = $1, reason = $2, \
        decided_by = $3, decided_at = $4 \
        WHERE review_id = $5 AND access_id = $6 AND decision IS NULL";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(decision.as_str())
        .bind(reason)
        .bind(by)
        .bind(now)
        .bind(review)
        .bind(access)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n == 1)
}

/// Completes the review once nothing in it waits; true when this call completed it.
pub async fn complete_if_done(tx: &mut Tx, review: ReviewId, now: DateTime<Utc>) -> DbResult<bool> {
    const SQL: &str = "UPDATE access_reviews SET completed_at = $1, open = NULL \
        WHERE id = $2 AND completed_at IS NULL AND NOT EXISTS \
        (SELECT 1 FROM access_review_items WHERE review_id = $2 AND decision IS NULL)";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(now)
        .bind(review)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n == 1)
}

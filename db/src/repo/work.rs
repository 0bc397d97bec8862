//! What waits for RA officers, counted for their home page. Each count uses the same
//! clause as the list its link opens, so the number is the length of that list.

use chrono::{DateTime, NaiveDate, Utc};

use crate::{
    Db, DbResult, on_pool,
    sql::{overdue_clause, stale_clause},
};

pub struct WorkQuery {
    /// Open requests with no step since this are stale.
    pub stale_before: DateTime<Utc>,
    /// Submissions to NHS England before this day are overdue.
    pub submitted_before: NaiveDate,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct RaWorkRow {
    pub to_review: i64,
    pub stale: i64,
    pub domains_to_decide: i64,
    pub domains_overdue: i64,
    pub undelivered: i64,
    pub managers_to_approve: i64,
}

/// Everything waiting, in one round trip; each count is served by an index on its
/// status column.
pub async fn for_ra(db: &Db, q: &WorkQuery) -> DbResult<RaWorkRow> {
    let sql = format!(
        "SELECT \
            (SELECT COUNT(*) FROM registration_requests r WHERE r.state = 'submitted') AS to_review, \
            (SELECT COUNT(*) FROM registration_requests r WHERE {stale}) AS stale, \
            (SELECT COUNT(*) FROM allow_list_entries e WHERE e.status = 'requested') \
                AS domains_to_decide, \
            (SELECT COUNT(*) FROM allow_list_entries e WHERE {overdue}) AS domains_overdue, \
            (SELECT COUNT(*) FROM mail_outbox WHERE status <> 'sent') AS undelivered, \
            (SELECT COUNT(*) FROM manager_access WHERE status = 'pending') AS managers_to_approve",
        stale = stale_clause("r", "$1"),
        overdue = overdue_clause("e", "$2"),
    );
    Ok(on_pool!(db, |p| sqlx::query_as::<_, RaWorkRow>(&sql)
        .bind(q.stale_before)
        .bind(q.submitted_before)
        .fetch_one(p)
        .await?))
}

//! The RA queue: keyset pages over every request in the caller's scope, with only the
//! filters in use in the SQL, and the per-state counts.

use chrono::{DateTime, Utc};
use ra_domain::{
    OdsCode, PersonId, ScopeFilter,
    registration::{RequestSource, RequestState},
};

use super::{RequestRow, SELECT};
use crate::{
    Db, DbResult,
    args::{Arg, Args, fetch_all, scope_clause, time_range},
    cursor::Cursor,
};

/// Filters of the RA queue, like CIM's request reports. `scope` is whose requests the
/// caller may read, and has no default.
#[derive(Debug, Clone)]
pub struct QueueQuery<'a> {
    pub scope: ScopeFilter<'a>,
    pub state: Option<RequestState>,
    pub ods_code: Option<OdsCode>,
    pub source: Option<RequestSource>,
    /// Raised by one of these people (matched by name or email); empty matches nothing.
    pub requested_by: Option<Vec<PersonId>>,
    /// Completed by one of these RA officers.
    pub completed_by: Option<Vec<PersonId>>,
    /// Oldest first instead of newest first.
    pub oldest_first: bool,
    /// Raised from this instant (included) …
    pub from: Option<DateTime<Utc>>,
    /// … to this one (not included).
    pub to: Option<DateTime<Utc>>,
    /// Only open requests with no step since this time (stale ones).
    pub stale_before: Option<DateTime<Utc>>,
    /// The page after this row (requested_at, id), in the order asked for.
    pub after: Option<Cursor>,
    pub limit: u32,
}

fn queue_sql(q: &QueueQuery<'_>) -> (String, Args) {
    let mut args = Args::default();
    let mut clauses: Vec<String> = scope_clause("r.ods_code", q.scope, &mut args)
        .into_iter()
        .collect();
    if let Some(s) = q.state {
        let p = args.push(Arg::Text(s.as_str().into()));
        clauses.push(format!("r.state = {p}"));
    }
    if let Some(o) = &q.ods_code {
        let p = args.push(Arg::Text(o.as_str().into()));
        clauses.push(format!("r.ods_code = {p}"));
    }
    if let Some(s) = q.source {
        let p = args.push(Arg::Text(s.as_str().into()));
        clauses.push(format!("r.source = {p}"));
    }
    for (column, people) in [
        ("r.requested_by", &q.requested_by),
        ("r.completed_by", &q.completed_by),
    ] {
        if let Some(ids) = people {
            let ps: Vec<String> = ids.iter().map(|id| args.push(Arg::Id(id.0))).collect();
            if ps.is_empty() {
                clauses.push("1 = 0".into());
            } else {
                clauses.push(format!("{column} IN ({})", ps.join(", ")));
            }
        }
    }
    clauses.extend(time_range("r.requested_at", q.from, q.to, &mut args));
    if let Some(t) = q.stale_before {
        let p = args.push(Arg::Time(t));
        clauses.push(crate::sql::stale_clause("r", &p));
    }
    let (beyond, order) = if q.oldest_first {
        (">", "ASC")
    } else {
        ("<", "DESC")
    };
    if let Some((t, id)) = q.after.as_ref().and_then(|c| Some((c.as_time()?, c.id))) {
        let (pt, pi) = (args.push(Arg::Time(t)), args.push(Arg::Id(id)));
        clauses.push(format!("(r.requested_at, r.id) {beyond} ({pt}, {pi})"));
    }
    let limit = crate::sql::limit(u64::from(q.limit) + 1);
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (
        format!("{SELECT}{filter} ORDER BY r.requested_at {order}, r.id {order} {limit}"),
        args,
    )
}

pub struct QueuePage {
    pub rows: Vec<RequestRow>,
    pub next: Option<Cursor>,
}

pub async fn queue(db: &Db, q: &QueueQuery<'_>) -> DbResult<QueuePage> {
    let (sql, args) = queue_sql(q);
    let mut rows: Vec<RequestRow> = fetch_all(db, &sql, &args).await?;
    let next = if rows.len() > q.limit as usize {
        rows.truncate(q.limit as usize);
        rows.last().map(|r| Cursor::time(r.requested_at, r.id))
    } else {
        None
    };
    Ok(QueuePage { rows, next })
}

/// Requests per state in `scope`: for the whole queue from the kept counts, for a
/// manager's organisations (a few) counted from their rows.
pub async fn counts(db: &Db, scope: ScopeFilter<'_>) -> DbResult<Vec<(RequestState, i64)>> {
    let mut args = Args::default();
    let sql = match scope_clause("ods_code", scope, &mut args) {
        None => "SELECT state, n FROM registration_state_counts WHERE n > 0 ORDER BY state".into(),
        Some(clause) => format!(
            "SELECT state, COUNT(*) AS n FROM registration_requests WHERE {clause} \
             GROUP BY state ORDER BY state"
        ),
    };
    fetch_all(db, &sql, &args).await
}

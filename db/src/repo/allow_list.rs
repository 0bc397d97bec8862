//! The email-domain allow list: entries, their keyset-paginated listing, the lookups an
//! address check needs, impact counts and pending CSV imports.

use chrono::{DateTime, NaiveDate, Utc};
use ra_domain::{
    EntryId, OdsCode, PersonId,
    allow_list::{DomainName, EntrySource, EntryStatus, ListedDomain},
};

use crate::{
    Db, DbError, DbResult, Tx,
    args::{Arg, Args, fetch_all},
    cursor::Cursor,
    on_pool, on_tx,
    sql::{KEYS_PER_QUERY, ROWS_PER_INSERT, keys_table, like_contains, open_states, value_rows},
};

/// The unique index that keeps one live entry per domain.
pub const LIVE_DOMAIN_CONSTRAINT: &str = "allow_list_live_domain";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: EntryId,
    pub domain: DomainName,
    pub covers_subdomains: bool,
    pub ods_code: OdsCode,
    pub org_name: Option<String>,
    pub status: EntryStatus,
    pub source: EntrySource,
    pub reason: String,
    pub evidence_url: Option<String>,
    pub created_by: Option<PersonId>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub status_changed_at: DateTime<Utc>,
    pub status_reason: Option<String>,
    pub submitted_on: Option<NaiveDate>,
    pub nhse_reference: Option<String>,
}

const SELECT: &str = "SELECT e.id, e.domain, e.covers_subdomains, e.ods_code, o.name AS org_name, \
        e.status, e.source, e.reason, e.evidence_url, e.created_by, p.display_name AS created_by_name, \
        e.created_at, e.status_changed_at, e.status_reason, e.submitted_on, e.nhse_reference \
    FROM allow_list_entries e \
    LEFT JOIN organisations o ON o.ods_code = e.ods_code \
    LEFT JOIN people p ON p.id = e.created_by";

pub struct NewEntryRow<'a> {
    pub id: EntryId,
    pub domain: &'a DomainName,
    pub covers_subdomains: bool,
    pub ods_code: &'a OdsCode,
    pub status: EntryStatus,
    pub source: EntrySource,
    pub reason: &'a str,
    pub evidence_url: Option<&'a str>,
    pub created_by: PersonId,
    pub now: DateTime<Utc>,
}

/// Adds entries in a few statements; a live entry for any of the domains gives
/// [`DbError::Duplicate`] and, with the caller's rollback, adds none.
pub async fn insert(tx: &mut Tx, entries: &[NewEntryRow<'_>]) -> DbResult<()> {
    const PER_ROW: usize = 10;
    for chunk in entries.chunks(ROWS_PER_INSERT) {
        let values: Vec<String> = value_rows(chunk.len(), PER_ROW)
            .map(|p| format!("({}, {})", p.join(", "), p[9]))
            .collect();
        let sql = format!(
            "INSERT INTO allow_list_entries (id, domain, covers_subdomains, ods_code, status, \
             source, reason, evidence_url, created_by, created_at, status_changed_at) VALUES {}",
            values.join(", ")
        );
        on_tx!(tx, |c| {
            let mut q = sqlx::query(&sql);
            for e in chunk {
                q = q
                    .bind(e.id)
                    .bind(e.domain)
                    .bind(e.covers_subdomains)
                    .bind(e.ods_code)
                    .bind(e.status)
                    .bind(e.source)
                    .bind(e.reason)
                    .bind(e.evidence_url)
                    .bind(e.created_by)
                    .bind(e.now);
            }
            q.execute(c)
                .await
                .map_err(|err| DbError::from_write(err, LIVE_DOMAIN_CONSTRAINT))?
                .rows_affected()
        });
    }
    Ok(())
}

pub async fn find(db: &Db, id: EntryId) -> DbResult<Option<EntryRow>> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    Ok(on_pool!(db, |p| sqlx::query_as::<_, EntryRow>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await?))
}

pub async fn find_in(tx: &mut Tx, id: EntryId) -> DbResult<Option<EntryRow>> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, EntryRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await?))
}

pub struct StatusChange<'a> {
    pub id: EntryId,
    pub from: EntryStatus,
    pub to: EntryStatus,
    pub reason: Option<&'a str>,
    pub submitted_on: Option<NaiveDate>,
    pub reference: Option<&'a str>,
    pub now: DateTime<Utc>,
}

/// Moves an entry on, only if it is still in `from`: returns false when someone else
/// changed it first, so the caller can say so instead of overwriting their step.
pub async fn change_status(tx: &mut Tx, ch: &StatusChange<'_>) -> DbResult<bool> {
    const SQL: &str = "UPDATE allow_list_entries SET status = $1, status_changed_at = $2, \
            status_reason = COALESCE($3, status_reason), \
            submitted_on = COALESCE($4, submitted_on), nhse_reference = COALESCE($5, nhse_reference) \
        WHERE id = $6 AND status = $7";
    let n = on_tx!(tx, |c| {
        sqlx::query(SQL)
            .bind(ch.to)
            .bind(ch.now)
            .bind(ch.reason)
            .bind(ch.submitted_on)
            .bind(ch.reference)
            .bind(ch.id)
            .bind(ch.from)
            .execute(c)
            .await
            .map_err(|err| DbError::from_write(err, LIVE_DOMAIN_CONSTRAINT))?
            .rows_affected()
    });
    Ok(n == 1)
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    DomainAsc,
    DomainDesc,
    /// Latest status change first.
    RecentlyChanged,
}

/// The cursor a page ends with: the last row's sort key (domain or time) and id.
fn cursor_of(row: &EntryRow, sort: Sort) -> Cursor {
    match sort {
        Sort::DomainAsc | Sort::DomainDesc => Cursor::text(row.domain.as_str(), row.id),
        Sort::RecentlyChanged => Cursor::time(row.status_changed_at, row.id),
    }
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    /// Part of a domain, an ODS code or part of an organisation's name.
    pub search: Option<String>,
    pub status: Option<EntryStatus>,
    pub ods_code: Option<OdsCode>,
    /// Only entries submitted to NHS England before this day and still waiting.
    pub submitted_before: Option<NaiveDate>,
    pub sort: Sort,
    pub after: Option<Cursor>,
    pub limit: u32,
}

pub struct Page {
    pub rows: Vec<EntryRow>,
    /// Set when more rows follow.
    pub next: Option<Cursor>,
}

/// The SQL and arguments for a page, with only the filters in use, so each query
/// shape can use its index (a catch-all `$1 IS NULL OR …` would defeat them).
fn list_sql(q: &ListQuery) -> (String, Args) {
    let mut args = Args::default();
    let mut clauses: Vec<String> = Vec::new();
    if let Some(status) = q.status {
        let p = args.push(Arg::Text(status.as_str().into()));
        clauses.push(format!("e.status = {p}"));
    }
    if let Some(code) = &q.ods_code {
        let p = args.push(Arg::Text(code.as_str().into()));
        clauses.push(format!("e.ods_code = {p}"));
    }
    if let Some(day) = q.submitted_before {
        let p = args.push(Arg::Date(day));
        clauses.push(crate::sql::overdue_clause("e", &p));
    }
    if let Some(search) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let lower = args.push(Arg::Text(like_contains(&search.to_lowercase())));
        let upper = args.push(Arg::Text(like_contains(&search.to_uppercase())));
        clauses.push(format!(
            "(e.domain LIKE {lower} ESCAPE '\\' OR e.ods_code LIKE {upper} ESCAPE '\\' \
             OR lower(o.name) LIKE {lower} ESCAPE '\\')"
        ));
    }
    let order = match q.sort {
        Sort::DomainAsc => "e.domain, e.id",
        Sort::DomainDesc => "e.domain DESC, e.id DESC",
        Sort::RecentlyChanged => "e.status_changed_at DESC, e.id DESC",
    };
    let after = q.after.as_ref();
    match q.sort {
        Sort::DomainAsc | Sort::DomainDesc => {
            if let Some((d, id)) = after.and_then(|c| Some((c.as_text()?, c.id))) {
                let (pd, pi) = (args.push(Arg::Text(d.into())), args.push(Arg::Id(id)));
                let op = if q.sort == Sort::DomainAsc { ">" } else { "<" };
                clauses.push(format!("(e.domain, e.id) {op} ({pd}, {pi})"));
            }
        }
        Sort::RecentlyChanged => {
            if let Some((t, id)) = after.and_then(|c| Some((c.as_time()?, c.id))) {
                let (pt, pi) = (args.push(Arg::Time(t)), args.push(Arg::Id(id)));
                clauses.push(format!("(e.status_changed_at, e.id) < ({pt}, {pi})"));
            }
        }
    }
    // (A cursor from another sort order is ignored: the list starts from the top.)
    let limit = crate::sql::limit(u64::from(q.limit) + 1);
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (format!("{SELECT}{filter} ORDER BY {order} {limit}"), args)
}

pub async fn list(db: &Db, q: &ListQuery) -> DbResult<Page> {
    let (sql, args) = list_sql(q);
    let mut rows: Vec<EntryRow> = fetch_all(db, &sql, &args).await?;
    let next = if rows.len() > q.limit as usize {
        rows.truncate(q.limit as usize);
        rows.last().map(|r| cursor_of(r, q.sort))
    } else {
        None
    };
    Ok(Page { rows, next })
}

#[derive(sqlx::FromRow)]
struct ListedRow {
    id: EntryId,
    domain: DomainName,
    covers_subdomains: bool,
    status: EntryStatus,
    ods_code: OdsCode,
}

impl From<ListedRow> for ListedDomain {
    fn from(r: ListedRow) -> Self {
        ListedDomain {
            id: r.id,
            domain: r.domain,
            covers_subdomains: r.covers_subdomains,
            status: r.status,
            ods_code: r.ods_code,
        }
    }
}

/// The live entries for any of `domains` (exact names), for checks and import verdicts.
pub async fn live_for(db: &Db, domains: &[&str]) -> DbResult<Vec<ListedDomain>> {
    let mut out = Vec::new();
    for chunk in domains.chunks(KEYS_PER_QUERY) {
        let sql = format!(
            "{} SELECT e.id, e.domain, e.covers_subdomains, e.status, e.ods_code \
             FROM k JOIN allow_list_entries e ON e.domain = k.key \
             WHERE e.status NOT IN ('rejected', 'removed')",
            keys_table(chunk.len())
        );
        let rows: Vec<ListedRow> = on_pool!(db, |p| {
            let mut q = sqlx::query_as::<_, ListedRow>(&sql);
            for d in chunk {
                q = q.bind(*d);
            }
            q.fetch_all(p).await?
        });
        out.extend(rows.into_iter().map(ListedDomain::from));
    }
    Ok(out)
}

/// Who and what depends on a domain, shown before it is suspended or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Impact {
    /// People known to the portal whose email address is under the domain.
    pub people: i64,
    /// Registration requests still open for addresses under it.
    pub open_requests: i64,
    /// Registered (not removed) devices of people with addresses under it.
    pub devices: i64,
}

pub async fn impact(db: &Db, domain: &DomainName, covers_subdomains: bool) -> DbResult<Impact> {
    // `$1` is "%@domain", `$3` "%.domain" (subdomains, only when the entry covers them).
    const PEOPLE: &str = "SELECT COUNT(*) FROM people WHERE lower(email) LIKE $1 ESCAPE '\\' \
        OR ($2 AND lower(email) LIKE $3 ESCAPE '\\')";
    const REQUESTS: &str = concat!(
        "SELECT COUNT(*) FROM registration_requests WHERE state IN ",
        open_states!(),
        " AND (email_key LIKE $1 ESCAPE '\\' OR ($2 AND email_key LIKE $3 ESCAPE '\\'))"
    );
    const DEVICES: &str = "SELECT COUNT(*) FROM devices WHERE removed_at IS NULL \
        AND (person_email LIKE $1 ESCAPE '\\' OR ($2 AND person_email LIKE $3 ESCAPE '\\'))";
    let exact = format!("%@{}", domain.as_str().replace('_', "\\_"));
    let below = format!("%.{}", domain.as_str().replace('_', "\\_"));
    let mut counts = [0i64; 3];
    for (sql, n) in [PEOPLE, REQUESTS, DEVICES]
        .into_iter()
        .zip(counts.iter_mut())
    {
        *n = on_pool!(db, |p| sqlx::query_scalar(sql)
            .bind(&exact)
            .bind(covers_subdomains)
            .bind(&below)
            .fetch_one(p)
            .await?);
    }
    Ok(Impact {
        people: counts[0],
        open_requests: counts[1],
        devices: counts[2],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_used_filters_reach_the_sql() {
        let q = ListQuery {
            search: None,
            status: Some(EntryStatus::Active),
            ods_code: None,
            submitted_before: None,
            sort: Sort::DomainAsc,
            after: None,
            limit: 50,
        };
        let (sql, args) = list_sql(&q);
        assert!(
            sql.ends_with("WHERE e.status = $1 ORDER BY e.domain, e.id LIMIT 51"),
            "{sql}"
        );
        assert_eq!(args.len(), 1);
        let overdue = ListQuery {
            status: None,
            submitted_before: NaiveDate::from_ymd_opt(2026, 11, 18),
            ..q
        };
        let (sql, args) = list_sql(&overdue);
        assert!(
            sql.ends_with(
                "WHERE e.status = 'submitted' AND e.submitted_on < $1 ORDER BY e.domain, e.id LIMIT 51"
            ),
            "{sql}"
        );
        assert_eq!(args.len(), 1);
    }
}

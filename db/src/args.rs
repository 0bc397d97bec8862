//! Arguments for SQL built at run time (only the filters in use), bound in order on
//! whichever backend runs it.

use chrono::{DateTime, NaiveDate, Utc};
use ra_domain::ScopeFilter;
use sqlx::{postgres::PgRow, sqlite::SqliteRow};
use uuid::Uuid;

use crate::{Db, DbResult, on_pool};

pub(crate) enum Arg {
    Text(String),
    Id(Uuid),
    Time(DateTime<Utc>),
    Date(NaiveDate),
    Int(i64),
}

#[derive(Default)]
pub(crate) struct Args(Vec<Arg>);

impl Args {
    /// Adds an argument and returns its placeholder (`$n`).
    pub(crate) fn push(&mut self, a: Arg) -> String {
        self.0.push(a);
        format!("${}", self.0.len())
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// `column IN (…)` for the organisations a scope allows, or nothing for "everything".
pub(crate) fn scope_clause(
    column: &str,
    scope: ScopeFilter<'_>,
    args: &mut Args,
) -> Option<String> {
    match scope {
        ScopeFilter::Everything => None,
        ScopeFilter::Only(orgs) if orgs.is_empty() => Some("1 = 0".into()),
        ScopeFilter::Only(orgs) => {
            let ps: Vec<String> = orgs
                .iter()
                .map(|o| args.push(Arg::Text(o.as_str().into())))
                .collect();
            Some(format!("{column} IN ({})", ps.join(", ")))
        }
    }
}

/// `column` from `from` (included) to `before` (not included), for the ends given.
pub(crate) fn time_range(
    column: &str,
    from: Option<DateTime<Utc>>,
    before: Option<DateTime<Utc>>,
    args: &mut Args,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(t) = from {
        out.push(format!("{column} >= {}", args.push(Arg::Time(t))));
    }
    if let Some(t) = before {
        out.push(format!("{column} < {}", args.push(Arg::Time(t))));
    }
    out
}

/// Runs `sql` with `args` and decodes every row as `T`.
pub(crate) async fn fetch_all<T>(db: &Db, sql: &str, args: &Args) -> DbResult<Vec<T>>
where
    T: Send + Unpin + for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow>,
{
    Ok(on_pool!(db, |p| {
        let mut query = sqlx::query_as::<_, T>(sql);
        for a in &args.0 {
            query = match a {
                Arg::Text(s) => query.bind(s.as_str()),
                Arg::Id(u) => query.bind(*u),
                Arg::Time(t) => query.bind(*t),
                Arg::Date(d) => query.bind(*d),
                Arg::Int(i) => query.bind(*i),
            };
        }
        query.fetch_all(p).await?
    }))
}

//! Pieces of SQL text shared by the repositories.

/// `LIMIT n` for a page of a list, written into the statement rather than bound. sqlx
/// prepares a statement once per connection, and PostgreSQL plans it generically after
/// five runs; with the limit unknown, that plan expects a tenth of the table and trades an
/// ordered index scan's early stop for a parallel scan (the allow list's name search at
/// 100,000 entries: 69 ms, against 5.5 ms with the limit written, `EXPLAIN ANALYZE`).
pub(crate) fn limit(n: u64) -> String {
    format!("LIMIT {n}")
}

/// Keys per lookup statement: 500 bind parameters, well under both backends' limits.
pub(crate) const KEYS_PER_QUERY: usize = 500;

/// Escapes LIKE wildcards so a search for `a_b` finds `a_b`, not `axb`.
pub(crate) fn like_contains(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// `WITH k(key) AS (VALUES ($1), …, ($n))`: a list of keys as a table to join on.
///
/// Lookups of many keys join this rather than use `IN ($1, …)`. PostgreSQL's generic plan
/// for a long `IN` list of parameters compares every row with every parameter in turn,
/// and a table whose statistics lag behind a bulk insert gets scanned that way: measured at
/// 180 ms per 500 keys over 30,000 rows, against 7 ms for the join (a hash of the keys, or
/// an index probe per key once the table is large). Unlike `IN`, a key given twice
/// matches twice: callers gather the answers into sets.
pub(crate) fn keys_table(n: usize) -> String {
    let rows: Vec<String> = (1..=n).map(|i| format!("(${i})")).collect();
    format!("WITH k(key) AS (VALUES {})", rows.join(", "))
}

/// `$first, …` — `n` placeholders numbered from `first`, for a short `IN (…)` list.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    let list: Vec<String> = (first..first + n).map(|i| format!("${i}")).collect();
    list.join(", ")
}

/// Rows per multi-row `INSERT`. Measured on a 10,000-row bulk commit: 50 rows a statement
/// took SQLite 0.3 s for the requests and 0.13 s for their audit events, where 400-500 rows
/// a statement took 0.75 s and 0.34 s (sqlx binds thousands of parameters per statement
/// slowly); PostgreSQL is as fast at 50 as at 500.
pub(crate) const ROWS_PER_INSERT: usize = 50;

/// The placeholders of a multi-row `VALUES` list: row by row, `per_row` of them,
/// numbered on from `$1`.
pub(crate) fn value_rows(rows: usize, per_row: usize) -> impl Iterator<Item = Vec<String>> {
    (0..rows).map(move |r| {
        (1..=per_row)
            .map(|k| format!("${}", r * per_row + k))
            .collect()
    })
}

/// Runs one multi-row `INSERT` per chunk: `columns` and a row's placeholders wrapped by
/// `row` (e.g. to add a subselect), each row's values bound by `bind`.
macro_rules! insert_chunks {
    ($tx:expr, $rows:expr, $per_row:expr, $head:expr, $row:expr, |$q:ident, $r:ident| $bind:expr) => {{
        for chunk in $rows.chunks($crate::sql::ROWS_PER_INSERT) {
            let values: Vec<String> = $crate::sql::value_rows(chunk.len(), $per_row)
                .map($row)
                .collect();
            let sql = format!("{} VALUES {}", $head, values.join(", "));
            $crate::on_tx!($tx, |c| {
                let mut $q = sqlx::query(&sql);
                for $r in chunk {
                    $q = $bind;
                }
                $q.execute(c).await?.rows_affected()
            });
        }
    }};
}

pub(crate) use insert_chunks;

/// The open registration states as an SQL list. Written out, not built, so SQLite can see
/// that a query's `state IN …` matches the one-open-request index's `WHERE` clause (the
/// migration holds the same list); a test keeps it equal to the domain's `is_open`.
macro_rules! open_states {
    () => {
        "('submitted', 'in_review', 'approved', 'meeting_booked', 'identity_verified', 'link_sent', 'link_expired')"
    };
}
pub(crate) use open_states;

/// The closed states, written out for the same reason: the retention index's `WHERE`.
macro_rules! closed_states {
    () => {
        "('rejected', 'enrolled', 'cancelled', 'device_removed')"
    };
}
pub(crate) use closed_states;

/// Open requests (table alias `r`) with no step since the time in placeholder `p`: the
/// stale ones, as the queue filters them and the home page counts them.
pub(crate) fn stale_clause(r: &str, p: &str) -> String {
    format!("{r}.state IN {} AND {r}.last_step_at < {p}", open_states!())
}

/// Allow-list entries (alias `e`) submitted to NHS England before the day in `p` and
/// still waiting: the overdue ones.
pub(crate) fn overdue_clause(e: &str, p: &str) -> String {
    format!("{e}.status = 'submitted' AND {e}.submitted_on < {p}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ra_domain::registration::state::ALL_STATES;

    #[test]
    fn placeholders_count_from_one() {
        assert_eq!(keys_table(2), "WITH k(key) AS (VALUES ($1), ($2))");
        let rows: Vec<Vec<String>> = value_rows(2, 3).collect();
        assert_eq!(rows, [["$1", "$2", "$3"], ["$4", "$5", "$6"]]);
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_contains("a_b%c\\"), "%a\\_b\\%c\\\\%");
    }

    #[test]
    fn open_states_are_the_domains_open_states() {
        let open: Vec<String> = ALL_STATES
            .into_iter()
            .filter(|s| s.is_open())
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        assert_eq!(open_states!(), format!("({})", open.join(", ")));
    }

    #[test]
    fn closed_states_are_the_rest_and_the_retention_index_uses_them() {
        let closed: Vec<String> = ALL_STATES
            .into_iter()
            .filter(|s| !s.is_open())
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        assert_eq!(closed_states!(), format!("({})", closed.join(", ")));
        for migration in [
            include_str!("../../migrations/sqlite/20261206090001_auditor_reports.sql"),
            include_str!("../../migrations/postgres/20261206090001_auditor_reports.sql"),
        ] {
            let flat = migration.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat.contains(&format!("state IN {}", closed_states!())),
                "{flat}"
            );
        }
    }

    #[test]
    fn the_one_open_request_index_uses_the_same_states() {
        for migration in [
            include_str!("../../migrations/sqlite/20261124000004_registration_requests.sql"),
            include_str!("../../migrations/postgres/20261124000004_registration_requests.sql"),
        ] {
            let flat = migration.split_whitespace().collect::<Vec<_>>().join(" ");
            let list = open_states!()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(flat.contains(&format!("WHERE state IN {list}")), "{flat}");
        }
    }
}

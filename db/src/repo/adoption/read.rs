//! The adoption counts as the pages read them without a date range: the kept counts of
//! each organisation (`kept`), with the two figures that depend on "now" counted live
//! from small indexes (stale requests: the open ones, `registration_open_by_org`;
//! enrolments in the last four weeks: `devices_recent_by_org`, time first, with each
//! device's organisation).

use ra_domain::ScopeFilter;

use super::{AdoptionQuery, AdoptionRow, DaysRow, ORG_COLUMNS, ORGANISATIONS, or_zero, where_all};
use crate::{
    Backend, Db, DbResult,
    args::{Arg, Args, fetch_all, scope_clause},
    sql::stale_clause,
};

/// Every organisation in `q.scope` with its counts, as [`super::organisations`] counts them
/// over every request (`q.raised` is not read: kept counts cover every request).
pub async fn organisations(db: &Db, q: &AdoptionQuery<'_>) -> DbResult<Vec<AdoptionRow>> {
    let mut args = Args::default();
    let stale_before = args.push(Arg::Time(q.stale_before));
    let recent = args.push(Arg::Time(q.recent_since));
    let mut stale = vec![stale_clause("r", &stale_before)];
    stale.extend(scope_clause("r.ods_code", q.scope, &mut args));
    let stale = where_all(&stale);
    let mut enrolled = vec![format!("d.registered_at >= {recent}")];
    enrolled.extend(scope_clause("d.ods_code", q.scope, &mut args));
    let enrolled = where_all(&enrolled);
    let scope = where_all(
        &scope_clause("o.ods_code", q.scope, &mut args)
            .into_iter()
            .collect::<Vec<_>>(),
    );
    // SQLite plans without statistics unless ANALYZE ran before the connection opened,
    // and then reads the stale requests through `registration_by_state`, row by row
    // (105 ms against 46 ms for the overview's statement at 10% of NHS scale).
    let hint = match db.backend() {
        Backend::Sqlite => " INDEXED BY registration_open_by_org",
        Backend::Postgres => "",
    };
    let sql = format!(
        "WITH stale AS (SELECT r.ods_code, COUNT(*) AS n FROM registration_requests r{hint}{stale} \
            GROUP BY r.ods_code), \
         recent AS (SELECT d.ods_code, COUNT(DISTINCT d.request_id) AS n \
            FROM devices d{enrolled} GROUP BY d.ods_code) \
         SELECT {ORG_COLUMNS}, {counts}, k.last_activity, k.last_enrolment \
         FROM {ORGANISATIONS} \
         LEFT JOIN adoption_counts k ON k.ods_code = o.ods_code \
         LEFT JOIN stale ON stale.ods_code = o.ods_code \
         LEFT JOIN recent ON recent.ods_code = o.ods_code\
        {scope} ORDER BY o.ods_code",
        counts = or_zero(&[
            ("k.requested", "requested"),
            ("k.registered", "registered"),
            ("k.review", "review"),
            ("k.approved", "approved"),
            ("k.verified", "verified"),
            ("k.link_sent", "link_sent"),
            ("stale.n", "stale"),
            ("k.rejected", "rejected"),
            ("k.personal", "personal"),
            ("k.business", "business"),
            ("recent.n", "enrolled_recently"),
        ]),
    );
    fetch_all(db, &sql, &args).await
}

/// Enrolled requests by whole days to their first device, per organisation in `scope`,
/// as [`super::days_to_enrol`] counts them over every request.
pub async fn days_to_enrol(db: &Db, scope: ScopeFilter<'_>) -> DbResult<Vec<DaysRow>> {
    let mut args = Args::default();
    let mut kept = vec!["k.requests > 0".to_owned()];
    kept.extend(scope_clause("k.ods_code", scope, &mut args));
    let sql = format!(
        "SELECT k.ods_code, k.days, k.requests FROM adoption_days k{} \
         ORDER BY k.ods_code, k.days",
        where_all(&kept)
    );
    fetch_all(db, &sql, &args).await
}

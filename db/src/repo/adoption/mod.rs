//! What SQL counts for adoption, per organisation; `ra_domain::adoption` turns the counts
//! into figures and rolls them up. Counted here from the requests and devices themselves
//! (what a date range needs, and the from-scratch check of the kept counts); without a
//! date range the pages read the counts `kept` up to date with every change (`read`).

pub mod kept;
pub mod read;
mod rebuild;

pub use rebuild::rebuild;

use chrono::{DateTime, NaiveDate, Utc};
use ra_domain::{
    OdsCode, ScopeFilter,
    date_input::DateRange,
    organisation::{Country, OrgKind},
};

use crate::{
    Backend, Db, DbResult,
    args::{Arg, Args, fetch_all, scope_clause, time_range},
    sql::stale_clause,
};

/// One organisation with its counts.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AdoptionRow {
    pub ods_code: OdsCode,
    pub name: String,
    pub kind: OrgKind,
    pub country: Option<Country>,
    pub region: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub local_code: bool,
    /// The group it belongs to (its parent's code), if any.
    pub parent_code: Option<OdsCode>,
    pub parent_name: Option<String>,
    pub headcount: Option<i64>,
    /// People with at least one request.
    pub requested: i64,
    /// People with at least one active device.
    pub registered: i64,
    pub review: i64,
    pub approved: i64,
    pub verified: i64,
    pub link_sent: i64,
    pub stale: i64,
    pub rejected: i64,
    /// Registered people whose device's request gave a personal / business phone.
    pub personal: i64,
    pub business: i64,
    /// Requests enrolled (first device) since the window's start.
    pub enrolled_recently: i64,
    pub last_activity: Option<DateTime<Utc>>,
    /// When a device was last registered: what "stuck" looks at.
    pub last_enrolment: Option<DateTime<Utc>>,
}

/// Which organisations, and the instants the counts depend on.
#[derive(Debug, Clone, Copy)]
pub struct AdoptionQuery<'a> {
    pub scope: ScopeFilter<'a>,
    /// Open requests whose last step is before this are stale.
    pub stale_before: DateTime<Utc>,
    /// Enrolments from this instant count towards the projection's rate.
    pub recent_since: DateTime<Utc>,
    /// Only requests raised in these days count (and the devices and people of those
    /// requests); the organisations are listed whatever the range.
    pub raised: DateRange,
}

/// The requests `r` of `scope` raised in `raised`, as conditions to AND together.
fn requests_in(scope: ScopeFilter<'_>, raised: &DateRange, args: &mut Args) -> Vec<String> {
    let mut out: Vec<String> = scope_clause("r.ods_code", scope, args)
        .into_iter()
        .collect();
    out.extend(time_range(
        "r.requested_at",
        raised.start(),
        raised.end(),
        args,
    ));
    out
}

/// ` WHERE a AND b`, or nothing.
pub(crate) fn where_all(conditions: &[String]) -> String {
    if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    }
}

/// An organisation's own columns of [`AdoptionRow`], from [`ORGANISATIONS`].
pub(crate) const ORG_COLUMNS: &str = "o.ods_code, o.name, o.kind, o.country, o.region, \
    o.closed_on, o.local_code, p.ods_code AS parent_code, p.name AS parent_name, o.headcount";
/// `COALESCE(count, 0) AS name, …`: an organisation with nothing counted has noughts.
pub(crate) fn or_zero(counts: &[(&str, &str)]) -> String {
    let each: Vec<String> = counts
        .iter()
        .map(|(count, name)| format!("COALESCE({count}, 0) AS {name}"))
        .collect();
    each.join(", ")
}

/// The organisations `o` with their group `p`.
pub(crate) const ORGANISATIONS: &str =
    "organisations o LEFT JOIN organisations p ON p.id = o.parent_id";

/// Every organisation in scope with its counts (none counted gives zeros), counted from
/// the requests and devices.
pub async fn organisations(db: &Db, q: &AdoptionQuery<'_>) -> DbResult<Vec<AdoptionRow>> {
    let mut args = Args::default();
    let stale = args.push(Arg::Time(q.stale_before));
    let recent = args.push(Arg::Time(q.recent_since));
    // The scope is applied inside each count as well as on the organisations: SQLite does
    // not push a filter into a grouped CTE, and one site's page would count every request.
    let in_req = where_all(&requests_in(q.scope, &q.raised, &mut args));
    let mut active = vec!["d.removed_at IS NULL".to_owned()];
    active.extend(requests_in(q.scope, &q.raised, &mut args));
    let in_dev = where_all(&active);
    let in_enrolled = where_all(&requests_in(q.scope, &q.raised, &mut args));
    let scope = where_all(
        &scope_clause("o.ods_code", q.scope, &mut args)
            .into_iter()
            .collect::<Vec<_>>(),
    );
    let sql = format!(
        "WITH req AS (\
            SELECT ods_code, COUNT(DISTINCT email_key) AS requested, \
                SUM(CASE WHEN state IN ('submitted', 'in_review') THEN 1 ELSE 0 END) AS review, \
                SUM(CASE WHEN state IN ('approved', 'meeting_booked') THEN 1 ELSE 0 END) AS approved, \
                SUM(CASE WHEN state = 'identity_verified' THEN 1 ELSE 0 END) AS verified, \
                SUM(CASE WHEN state IN ('link_sent', 'link_expired') THEN 1 ELSE 0 END) AS link_sent, \
                SUM(CASE WHEN {stale_when} THEN 1 ELSE 0 END) AS stale, \
                SUM(CASE WHEN state = 'rejected' THEN 1 ELSE 0 END) AS rejected, \
                MAX(last_step_at) AS last_activity \
            FROM registration_requests r{in_req} GROUP BY ods_code), \
         dev AS (\
            SELECT r.ods_code, COUNT(DISTINCT d.person_email) AS registered, \
                COUNT(DISTINCT CASE WHEN r.phone_kind = 'personal' THEN d.person_email END) AS personal, \
                COUNT(DISTINCT CASE WHEN r.phone_kind = 'business' THEN d.person_email END) AS business \
            FROM devices d JOIN registration_requests r ON r.id = d.request_id{in_dev} \
            GROUP BY r.ods_code), \
         enrolled AS (\
            SELECT r.ods_code, MAX(d.registered_at) AS last_enrolment, \
                COUNT(DISTINCT CASE WHEN d.registered_at >= {recent} THEN d.request_id END) AS recent \
            FROM devices d JOIN registration_requests r ON r.id = d.request_id{in_enrolled} \
            GROUP BY r.ods_code) \
         SELECT {ORG_COLUMNS}, {counts}, req.last_activity, enrolled.last_enrolment \
         FROM {ORGANISATIONS} \
         LEFT JOIN req ON req.ods_code = o.ods_code \
         LEFT JOIN dev ON dev.ods_code = o.ods_code \
         LEFT JOIN enrolled ON enrolled.ods_code = o.ods_code \
        {scope} ORDER BY o.ods_code",
        stale_when = stale_clause("r", &stale),
        counts = or_zero(&[
            ("req.requested", "requested"),
            ("dev.registered", "registered"),
            ("req.review", "review"),
            ("req.approved", "approved"),
            ("req.verified", "verified"),
            ("req.link_sent", "link_sent"),
            ("req.stale", "stale"),
            ("req.rejected", "rejected"),
            ("dev.personal", "personal"),
            ("dev.business", "business"),
            ("enrolled.recent", "enrolled_recently"),
        ]),
    );
    fetch_all(db, &sql, &args).await
}

/// Each enrolled request in `scope` raised in `raised` with its first device's time (a
/// later one, after a removal, is not when it enrolled), as the table `f (ods_code,
/// requested_at, at)`. The requests are filtered before the devices are grouped, so a
/// page of one site reads only that site's.
fn first_devices(scope: ScopeFilter<'_>, raised: &DateRange, args: &mut Args) -> String {
    let scope = where_all(&requests_in(scope, raised, args));
    format!(
        "(SELECT r.id, r.ods_code, r.requested_at, MIN(dv.registered_at) AS at \
         FROM registration_requests r JOIN devices dv ON dv.request_id = r.id{scope} \
         GROUP BY r.id, r.ods_code, r.requested_at) f"
    )
}

/// Whole days from `from` to `to` (both times), as SQL: the same sum on both backends,
/// live and kept.
pub(crate) fn whole_days(backend: Backend, to: &str, from: &str) -> String {
    match backend {
        Backend::Sqlite => format!("CAST(julianday({to}) - julianday({from}) AS INTEGER)"),
        Backend::Postgres => {
            format!("CAST(FLOOR(EXTRACT(EPOCH FROM ({to} - {from})) / 86400) AS BIGINT)")
        }
    }
}

/// Whole days from request to first device, per organisation: (code, days, requests).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DaysRow {
    pub ods_code: OdsCode,
    pub days: i64,
    pub requests: i64,
}

pub async fn days_to_enrol(
    db: &Db,
    scope: ScopeFilter<'_>,
    raised: &DateRange,
) -> DbResult<Vec<DaysRow>> {
    let mut args = Args::default();
    let first = first_devices(scope, raised, &mut args);
    let days = whole_days(db.backend(), "f.at", "f.requested_at");
    let sql = format!(
        "SELECT f.ods_code, {days} AS days, COUNT(*) AS requests FROM {first} \
         GROUP BY f.ods_code, {days} ORDER BY f.ods_code, days"
    );
    fetch_all(db, &sql, &args).await
}

/// Requests enrolled (first device) per UTC day in scope: (day, requests), oldest first.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DayCount {
    pub day: String,
    pub requests: i64,
}

pub async fn enrolments_by_day(db: &Db, scope: ScopeFilter<'_>) -> DbResult<Vec<DayCount>> {
    let mut args = Args::default();
    let first = first_devices(scope, &DateRange::default(), &mut args);
    // Times are stored in UTC: SQLite's text starts with the UTC date.
    let day = match db.backend() {
        Backend::Sqlite => "substr(f.at, 1, 10)",
        Backend::Postgres => "to_char(f.at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
    };
    let sql = format!(
        "SELECT {day} AS day, COUNT(*) AS requests FROM {first} GROUP BY {day} ORDER BY day"
    );
    fetch_all(db, &sql, &args).await
}

/// Open requests in `scope`, the longest without a step first: the people still to do on
/// a rollout page, and where each one stands.
pub async fn still_to_do(
    db: &Db,
    scope: ScopeFilter<'_>,
    limit: u32,
) -> DbResult<Vec<super::registration::RequestRow>> {
    let mut args = Args::default();
    let mut clauses = vec![format!("r.state IN {}", crate::sql::open_states!())];
    clauses.extend(scope_clause("r.ods_code", scope, &mut args));
    let limit = crate::sql::limit(u64::from(limit));
    let sql = format!(
        "{} WHERE {} ORDER BY r.last_step_at, r.id {limit}",
        super::registration::SELECT,
        clauses.join(" AND ")
    );
    fetch_all(db, &sql, &args).await
}

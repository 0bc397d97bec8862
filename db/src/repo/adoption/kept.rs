//! The adoption counts kept per organisation (`adoption_counts`, `adoption_days`), moved
//! in the same transaction as every change to requests and devices. The repository
//! functions that make those changes call this module themselves (`registration::insert_many`,
//! `registration::change_state`, `enrolment::insert_device`, `enrolment::remove_devices`),
//! so no caller can forget it.
//!
//! Concurrency: each change first takes its organisation's counts row lock (a write to
//! the row), then changes the requests or devices, then moves the counts. Changes to one
//! organisation therefore run one after another, so the "is this person's first device
//! here?" questions below see every committed change, and the counts move by `n = n + …`
//! in single statements. The row is locked before the request row and before the audit
//! chain's head (callers record their audit entry last), and several organisations'
//! rows in code order, so the order is the same in every transaction.

use chrono::{DateTime, Utc};
use ra_domain::{
    OdsCode, RequestId,
    adoption::Stage,
    registration::{PhoneKind, RequestState},
};

use crate::{
    DbResult, Tx, on_tx,
    sql::{KEYS_PER_QUERY, keys_table},
};

/// The column that counts requests in `state`, if any does.
fn column(state: RequestState) -> Option<&'static str> {
    match Stage::of(state) {
        Some(Stage::Review) => Some("review"),
        Some(Stage::Approved) => Some("approved"),
        Some(Stage::IdentityVerified) => Some("verified"),
        Some(Stage::LinkSent) => Some("link_sent"),
        None if state == RequestState::Rejected => Some("rejected"),
        None => None,
    }
}

/// Takes the counts rows' locks of `codes`, creating rows that are missing, in code order.
pub(crate) async fn lock(tx: &mut Tx, codes: &[OdsCode]) -> DbResult<()> {
    const SQL: &str = "INSERT INTO adoption_counts (ods_code) VALUES ($1) \
        ON CONFLICT (ods_code) DO UPDATE SET requested = adoption_counts.requested";
    let mut codes: Vec<&OdsCode> = codes.iter().collect();
    codes.sort();
    codes.dedup();
    for code in codes {
        on_tx!(tx, |c| sqlx::query(SQL)
            .bind(code)
            .execute(c)
            .await?
            .rows_affected());
    }
    Ok(())
}

/// Takes the counts row lock of request `id`'s organisation; returns its code (none when
/// there is no such request). One write, so SQLite takes its write lock here rather than
/// upgrading a read (which fails at once if another write committed in between).
pub(crate) async fn lock_for_request(tx: &mut Tx, id: RequestId) -> DbResult<Option<OdsCode>> {
    const SQL: &str = "INSERT INTO adoption_counts (ods_code) \
        SELECT ods_code FROM registration_requests WHERE id = $1 \
        ON CONFLICT (ods_code) DO UPDATE SET requested = adoption_counts.requested \
        RETURNING ods_code";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(id)
        .fetch_optional(c)
        .await?))
}

/// Requests just raised at `code` for `email_keys` (each once; none had another open
/// request), at `now`: they wait for review, and people with no earlier request here
/// are newly requested.
pub(crate) async fn raised(
    tx: &mut Tx,
    code: &OdsCode,
    email_keys: &[String],
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut new_people = 0i64;
    for chunk in email_keys.chunks(KEYS_PER_QUERY) {
        let org = chunk.len() + 1;
        let sql = format!(
            "{} SELECT COUNT(*) FROM k WHERE (SELECT COUNT(*) FROM registration_requests r \
             WHERE r.email_key = k.key AND r.ods_code = ${org}) = 1",
            keys_table(chunk.len())
        );
        let n: i64 = on_tx!(tx, |c| {
            let mut q = sqlx::query_scalar(&sql);
            for k in chunk {
                q = q.bind(k.as_str());
            }
            q.bind(code).fetch_one(c).await?
        });
        new_people += n;
    }
    // A new request's step is its raising, so the latest step is at least `now`.
    const SQL: &str = "UPDATE adoption_counts SET requested = requested + $1, \
        review = review + $2, last_activity = CASE WHEN last_activity IS NULL \
        OR last_activity < $3 THEN $3 ELSE last_activity END WHERE ods_code = $4";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(new_people)
        .bind(i64::try_from(email_keys.len()).unwrap_or(i64::MAX))
        .bind(now)
        .bind(code)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// A request at `code` stepped from `from` to `to` (perhaps the same state, with a new
/// step time): its count moves, and the latest step is read again (a step may replace
/// the latest one with an earlier time, so it is not just the greater of the two).
pub(crate) async fn stepped(
    tx: &mut Tx,
    code: &OdsCode,
    from: RequestState,
    to: RequestState,
) -> DbResult<()> {
    let mut set = Vec::new();
    let (a, b) = (column(from), column(to));
    if a != b {
        set.extend(a.map(|a| format!("{a} = {a} - 1")));
        set.extend(b.map(|b| format!("{b} = {b} + 1")));
    }
    set.push(
        "last_activity = (SELECT MAX(r.last_step_at) FROM registration_requests r \
         WHERE r.ods_code = $1)"
            .into(),
    );
    let sql = format!(
        "UPDATE adoption_counts SET {} WHERE ods_code = $1",
        set.join(", ")
    );
    on_tx!(tx, |c| sqlx::query(&sql)
        .bind(code)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// What one person's active devices at one organisation count for: taken before and
/// after a device change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub(crate) struct Devices {
    active: i64,
    personal: i64,
    business: i64,
}

/// `person`'s active devices at `code`.
pub(crate) async fn devices(tx: &mut Tx, code: &OdsCode, person: &str) -> DbResult<Devices> {
    let sql = format!(
        "SELECT COUNT(*) AS active, \
            COALESCE(SUM(CASE WHEN r.phone_kind = '{p}' THEN 1 ELSE 0 END), 0) AS personal, \
            COALESCE(SUM(CASE WHEN r.phone_kind = '{b}' THEN 1 ELSE 0 END), 0) AS business \
         FROM devices d JOIN registration_requests r ON r.id = d.request_id \
         WHERE d.person_email = $1 AND d.removed_at IS NULL AND r.ods_code = $2",
        p = PhoneKind::Personal.as_str(),
        b = PhoneKind::Business.as_str(),
    );
    Ok(on_tx!(tx, |c| sqlx::query_as(&sql)
        .bind(person)
        .bind(code)
        .fetch_one(c)
        .await?))
}

/// Whole days from request `id` to its first device, if it has one.
pub(crate) async fn first_device_days(tx: &mut Tx, id: RequestId) -> DbResult<Option<i64>> {
    let days = super::whole_days(tx.backend(), "MIN(d.registered_at)", "r.requested_at");
    let sql = format!(
        "SELECT {days} FROM registration_requests r JOIN devices d ON d.request_id = r.id \
         WHERE r.id = $1 GROUP BY r.id, r.requested_at"
    );
    Ok(on_tx!(tx, |c| sqlx::query_scalar(&sql)
        .bind(id)
        .fetch_optional(c)
        .await?))
}

fn flips(before: i64, after: i64) -> i64 {
    i64::from(after > 0) - i64::from(before > 0)
}

/// A person's devices at `code` went from `before` to `after`: registered, personal and
/// business move when the person gains their first or loses their last.
pub(crate) async fn devices_changed(
    tx: &mut Tx,
    code: &OdsCode,
    before: Devices,
    after: Devices,
) -> DbResult<()> {
    if before == after {
        return Ok(());
    }
    const SQL: &str = "UPDATE adoption_counts SET registered = registered + $1, \
        personal = personal + $2, business = business + $3 WHERE ods_code = $4";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(flips(before.active, after.active))
        .bind(flips(before.personal, after.personal))
        .bind(flips(before.business, after.business))
        .bind(code)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// A device was registered at `code` at `at`; its request's days to its first device went
/// from `before` to `after` (they change only with the request's first device).
pub(crate) async fn enrolled(
    tx: &mut Tx,
    code: &OdsCode,
    at: DateTime<Utc>,
    before: Option<i64>,
    after: Option<i64>,
) -> DbResult<()> {
    // Devices are never deleted and keep their time, so the latest is the greater.
    const LATEST: &str = "UPDATE adoption_counts SET last_enrolment = CASE WHEN \
        last_enrolment IS NULL OR last_enrolment < $1 THEN $1 ELSE last_enrolment END \
        WHERE ods_code = $2";
    on_tx!(tx, |c| sqlx::query(LATEST)
        .bind(at)
        .bind(code)
        .execute(c)
        .await?
        .rows_affected());
    if before != after {
        for (days, by) in [(before, -1i64), (after, 1)] {
            if let Some(days) = days {
                add_days(tx, code, days, by).await?;
            }
        }
    }
    Ok(())
}

async fn add_days(tx: &mut Tx, code: &OdsCode, days: i64, by: i64) -> DbResult<()> {
    const SQL: &str = "INSERT INTO adoption_days (ods_code, days, requests) VALUES ($1, $2, $3) \
        ON CONFLICT (ods_code, days) DO UPDATE SET requests = adoption_days.requests + $3";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(code)
        .bind(days)
        .bind(by)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

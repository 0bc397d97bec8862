//! The kept adoption counts worked out again from every request and device (and each
//! device's organisation, where missing): after bulk loads that bypass the repository
//! (the data generator, the demo's rollout, tests that write rows directly). The
//! migration fills the tables with the same sums.

use crate::{Db, DbResult, on_tx};

/// Replaces every kept count with one counted from the rows themselves, in one
/// transaction.
pub async fn rebuild(db: &Db) -> DbResult<()> {
    let days = super::whole_days(db.backend(), "at", "requested_at");
    let statements = [
        "UPDATE devices SET ods_code = (SELECT r.ods_code FROM registration_requests r \
         WHERE r.id = devices.request_id) WHERE ods_code IS NULL"
            .to_owned(),
        "DELETE FROM adoption_counts".to_owned(),
        "DELETE FROM adoption_days".to_owned(),
        "INSERT INTO adoption_counts (ods_code, requested, review, approved, verified, \
            link_sent, rejected, last_activity) \
         SELECT ods_code, COUNT(DISTINCT email_key), \
            SUM(CASE WHEN state IN ('submitted', 'in_review') THEN 1 ELSE 0 END), \
            SUM(CASE WHEN state IN ('approved', 'meeting_booked') THEN 1 ELSE 0 END), \
            SUM(CASE WHEN state = 'identity_verified' THEN 1 ELSE 0 END), \
            SUM(CASE WHEN state IN ('link_sent', 'link_expired') THEN 1 ELSE 0 END), \
            SUM(CASE WHEN state = 'rejected' THEN 1 ELSE 0 END), MAX(last_step_at) \
         FROM registration_requests GROUP BY ods_code"
            .to_owned(),
        // One grouped pass over the devices, not a subquery per organisation:
        // PostgreSQL planned each of those as a hash join over every device and request
        // (over six minutes at NHS scale, unfinished; SQLite walked its indexes).
        "WITH dev AS (SELECT r.ods_code, \
            COUNT(DISTINCT CASE WHEN d.removed_at IS NULL THEN d.person_email END) AS registered, \
            COUNT(DISTINCT CASE WHEN d.removed_at IS NULL AND r.phone_kind = 'personal' \
                THEN d.person_email END) AS personal, \
            COUNT(DISTINCT CASE WHEN d.removed_at IS NULL AND r.phone_kind = 'business' \
                THEN d.person_email END) AS business, \
            MAX(d.registered_at) AS last_enrolment \
            FROM devices d JOIN registration_requests r ON r.id = d.request_id \
            GROUP BY r.ods_code) \
         UPDATE adoption_counts SET registered = dev.registered, personal = dev.personal, \
            business = dev.business, last_enrolment = dev.last_enrolment \
         FROM dev WHERE dev.ods_code = adoption_counts.ods_code"
            .to_owned(),
        format!(
            "INSERT INTO adoption_days (ods_code, days, requests) \
             SELECT ods_code, {days} AS d, COUNT(*) \
             FROM (SELECT r.id, r.ods_code, r.requested_at, MIN(dv.registered_at) AS at \
                FROM registration_requests r JOIN devices dv ON dv.request_id = r.id \
                GROUP BY r.id, r.ods_code, r.requested_at) f \
             GROUP BY ods_code, {days}"
        ),
    ];
    let mut tx = db.begin().await?;
    for sql in &statements {
        on_tx!(&mut tx, |c| sqlx::query(sql)
            .execute(c)
            .await?
            .rows_affected());
    }
    tx.commit().await?;
    tracing::info!("adoption counts rebuilt from the requests and devices");
    Ok(())
}

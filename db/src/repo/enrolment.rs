//! Enrolment links (token hashes, emailed codes, the encrypted TOTP secret) and the
//! devices they register.

use chrono::{DateTime, Utc};
use ra_domain::{DeviceId, EnrolmentLinkId, OdsCode, PersonId, RequestId};

use super::adoption::kept;
use crate::{Db, DbResult, Tx, on_pool, on_tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    pub id: EnrolmentLinkId,
    pub request_id: RequestId,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub replaced_at: Option<DateTime<Utc>>,
    pub wrong_codes: i32,
    pub email_code_hash: Option<String>,
    pub email_code_expires_at: Option<DateTime<Utc>>,
    pub secret_enc: Option<Vec<u8>>,
}

const LINK_COLUMNS: &str = "id, request_id, created_at, expires_at, used_at, replaced_at, wrong_codes, \
    email_code_hash, email_code_expires_at, secret_enc";

/// Replaces any earlier link for the request and stores a new one.
pub async fn insert_link(
    tx: &mut Tx,
    request_id: RequestId,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> DbResult<EnrolmentLinkId> {
    const REPLACE: &str = "UPDATE enrolment_links SET replaced_at = $1 \
        WHERE request_id = $2 AND used_at IS NULL AND replaced_at IS NULL";
    const INSERT: &str = "INSERT INTO enrolment_links (id, request_id, token_hash, created_at, expires_at, \
        wrong_codes) VALUES ($1, $2, $3, $4, $5, 0)";
    let id = EnrolmentLinkId::new();
    on_tx!(tx, |c| sqlx::query(REPLACE)
        .bind(now)
        .bind(request_id)
        .execute(&mut *c)
        .await?
        .rows_affected());
    on_tx!(tx, |c| sqlx::query(INSERT)
        .bind(id)
        .bind(request_id)
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .execute(c)
        .await?
        .rows_affected());
    Ok(id)
}

pub async fn find_by_token_hash(db: &Db, hash: &str) -> DbResult<Option<LinkRow>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM enrolment_links WHERE token_hash = $1");
    Ok(on_pool!(db, |p| sqlx::query_as::<_, LinkRow>(&sql)
        .bind(hash)
        .fetch_optional(p)
        .await?))
}

pub async fn set_email_code(
    tx: &mut Tx,
    id: EnrolmentLinkId,
    code_hash: &str,
    expires_at: DateTime<Utc>,
) -> DbResult<()> {
    const SQL: &str =
        "UPDATE enrolment_links SET email_code_hash = $1, email_code_expires_at = $2 WHERE id = $3";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(code_hash)
        .bind(expires_at)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Claims one attempt at a code, before the code is judged: the link's count goes up
/// only while it is under `max`, in one conditional update, so however many guesses
/// arrive at once no more than `max` are ever judged. None: no attempt left. The row
/// stays locked until `tx` ends, so a link's guesses are judged one after another.
pub async fn claim_attempt(tx: &mut Tx, id: EnrolmentLinkId, max: i32) -> DbResult<Option<i32>> {
    const SQL: &str = "UPDATE enrolment_links SET wrong_codes = wrong_codes + 1 \
        WHERE id = $1 AND wrong_codes < $2 RETURNING wrong_codes";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(id)
        .bind(max)
        .fetch_optional(c)
        .await?))
}

/// Gives back an attempt whose code was right: only wrong codes count.
pub async fn give_back_attempt(tx: &mut Tx, id: EnrolmentLinkId) -> DbResult<()> {
    const SQL: &str = "UPDATE enrolment_links SET wrong_codes = wrong_codes - 1 \
        WHERE id = $1 AND wrong_codes > 0";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Stores the encrypted secret and spends the emailed code.
pub async fn set_secret(tx: &mut Tx, id: EnrolmentLinkId, secret_enc: &[u8]) -> DbResult<()> {
    const SQL: &str = "UPDATE enrolment_links SET secret_enc = $1, email_code_hash = NULL, \
        email_code_expires_at = NULL WHERE id = $2";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(secret_enc)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Spends the link, once: false if it was already used (a double submit).
pub async fn mark_used(tx: &mut Tx, id: EnrolmentLinkId, now: DateTime<Utc>) -> DbResult<bool> {
    const SQL: &str = "UPDATE enrolment_links SET used_at = $1, secret_enc = NULL WHERE id = $2 AND used_at IS NULL";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(now)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n == 1)
}

/// Requests whose latest link expired unused while they wait in `link_sent`, with their
/// organisation.
pub async fn expired_requests(db: &Db, now: DateTime<Utc>) -> DbResult<Vec<(RequestId, OdsCode)>> {
    const SQL: &str = "SELECT r.id, r.ods_code FROM registration_requests r JOIN enrolment_links l ON l.request_id = r.id \
        WHERE r.state = 'link_sent' AND l.used_at IS NULL AND l.replaced_at IS NULL AND l.expires_at <= $1";
    Ok(on_pool!(db, |p| sqlx::query_as(SQL)
        .bind(now)
        .fetch_all(p)
        .await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeviceRow {
    pub id: DeviceId,
    pub request_id: RequestId,
    pub person_email: String,
    pub kind: String,
    pub registered_at: DateTime<Utc>,
    pub removed_at: Option<DateTime<Utc>>,
    pub removed_by_name: Option<String>,
    pub removal_reason: Option<String>,
}

pub async fn insert_device(
    tx: &mut Tx,
    request_id: RequestId,
    person_email: &str,
    now: DateTime<Utc>,
) -> DbResult<DeviceId> {
    const SQL: &str = "INSERT INTO devices (id, request_id, person_email, kind, registered_at, \
        ods_code) VALUES ($1, $2, $3, 'microsoft_authenticator', $4, $5)";
    let id = DeviceId::new();
    let person = person_email.to_lowercase();
    let code = kept::lock_for_request(tx, request_id).await?;
    let before = match &code {
        Some(code) => Some((
            kept::devices(tx, code, &person).await?,
            kept::first_device_days(tx, request_id).await?,
        )),
        None => None,
    };
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(request_id)
        .bind(&person)
        .bind(now)
        .bind(&code)
        .execute(c)
        .await?
        .rows_affected());
    if let (Some(code), Some((devices, days))) = (code, before) {
        let after = kept::devices(tx, &code, &person).await?;
        kept::devices_changed(tx, &code, devices, after).await?;
        let after_days = kept::first_device_days(tx, request_id).await?;
        kept::enrolled(tx, &code, now, days, after_days).await?;
    }
    Ok(id)
}

/// Marks the request's devices removed; returns how many were.
pub async fn remove_devices(
    tx: &mut Tx,
    request_id: RequestId,
    by: PersonId,
    reason: &str,
    now: DateTime<Utc>,
) -> DbResult<u64> {
    const SQL: &str = "UPDATE devices SET removed_at = $1, removed_by = $2, removal_reason = $3 \
        WHERE request_id = $4 AND removed_at IS NULL";
    const PEOPLE: &str =
        "SELECT DISTINCT person_email FROM devices WHERE request_id = $1 AND removed_at IS NULL";
    let Some(code) = kept::lock_for_request(tx, request_id).await? else {
        return Ok(0);
    };
    let people: Vec<String> = on_tx!(tx, |c| sqlx::query_scalar(PEOPLE)
        .bind(request_id)
        .fetch_all(c)
        .await?);
    let mut before = Vec::with_capacity(people.len());
    for person in &people {
        before.push(kept::devices(tx, &code, person).await?);
    }
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(now)
        .bind(by)
        .bind(reason)
        .bind(request_id)
        .execute(c)
        .await?
        .rows_affected());
    for (person, before) in people.iter().zip(before) {
        let after = kept::devices(tx, &code, person).await?;
        kept::devices_changed(tx, &code, before, after).await?;
    }
    Ok(n)
}

/// Every device a person has had, newest first.
pub async fn devices_of(db: &Db, person_email: &str) -> DbResult<Vec<DeviceRow>> {
    const SQL: &str = "SELECT d.id, d.request_id, d.person_email, d.kind, d.registered_at, d.removed_at, \
            p.display_name AS removed_by_name, d.removal_reason \
        FROM devices d LEFT JOIN people p ON p.id = d.removed_by \
        WHERE d.person_email = $1 ORDER BY d.registered_at DESC";
    Ok(on_pool!(db, |p| sqlx::query_as::<_, DeviceRow>(SQL)
        .bind(person_email.to_lowercase())
        .fetch_all(p)
        .await?))
}

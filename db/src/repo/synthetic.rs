//! Synthetic data written in bulk: the demo's rollout and the NHS-scale generator. Rows
//! go in as the portal's own bulk paths write them (50 a statement, in the caller's
//! transaction), so a generated database is read exactly as a real one.

use chrono::{DateTime, Utc};
use ra_domain::{
    OdsCode, OrgId, PersonId, RequestId,
    organisation::{Country, HeadcountGiver, OrgKind},
    registration::{PhoneKind, RequestState},
};
use uuid::Uuid;

use super::organisations::{self, NewHeadcount, NewOrg};
use crate::{Db, DbResult, Tx, on_pool, on_tx, sql::insert_chunks};

pub struct SynthOrg {
    pub id: OrgId,
    pub code: OdsCode,
    pub name: String,
    pub kind: OrgKind,
    pub country: Option<Country>,
    pub region: Option<String>,
    /// The group it belongs to, by code and by id.
    pub parent: Option<OdsCode>,
    pub parent_id: Option<OrgId>,
    pub headcount: Option<i64>,
}

#[derive(Clone)]
pub struct SynthPerson {
    pub id: PersonId,
    pub subject: String,
    pub name: String,
    pub email: String,
}

pub struct SynthRequest {
    pub id: RequestId,
    pub person_name: String,
    pub email: String,
    pub domain: String,
    pub ods_code: OdsCode,
    pub phone_kind: PhoneKind,
    pub state: RequestState,
    pub requested_by: PersonId,
    pub requested_at: DateTime<Utc>,
    pub last_step_at: DateTime<Utc>,
    pub completed_by: Option<PersonId>,
}

pub struct SynthDevice {
    pub request_id: RequestId,
    pub person_email: String,
    pub registered_at: DateTime<Utc>,
    pub removed_at: Option<DateTime<Utc>>,
}

/// Organisations, as the organisation import writes them.
pub async fn insert_orgs(tx: &mut Tx, orgs: &[SynthOrg], now: DateTime<Utc>) -> DbResult<()> {
    let rows: Vec<NewOrg<'_>> = orgs
        .iter()
        .map(|o| NewOrg {
            id: o.id,
            code: &o.code,
            name: &o.name,
            kind: o.kind,
            country: o.country,
            region: o.region.as_deref(),
            parent_id: o.parent_id,
            headcount: o.headcount.map(|staff| NewHeadcount {
                staff,
                as_of: now.date_naive(),
                by: None,
                giver: HeadcountGiver::RaOfficer,
            }),
        })
        .collect();
    organisations::insert_many(tx, &rows, now).await
}

/// People who raise requests (managers); their issuer marks them synthetic.
pub async fn insert_people(
    tx: &mut Tx,
    people: &[SynthPerson],
    now: DateTime<Utc>,
) -> DbResult<()> {
    insert_chunks!(
        tx,
        people,
        6,
        "INSERT INTO people (id, issuer, subject, display_name, email, created_at, updated_at)",
        |p: Vec<String>| format!(
            "({}, {}, {}, {}, {}, {}, {})",
            p[0], p[1], p[2], p[3], p[4], p[5], p[5]
        ),
        |q, m| q
            .bind(m.id)
            .bind(SYNTHETIC_ISSUER)
            .bind(&m.subject)
            .bind(&m.name)
            .bind(&m.email)
            .bind(now)
    );
    Ok(())
}

/// The issuer of every synthetic person: no sign-in can ever match it.
pub const SYNTHETIC_ISSUER: &str = "urn:ra-portal:synthetic";

pub async fn insert_requests(tx: &mut Tx, requests: &[SynthRequest]) -> DbResult<()> {
    insert_chunks!(
        tx,
        requests,
        12,
        "INSERT INTO registration_requests (id, person_name, email, email_key, email_domain, \
         job_role, ods_code, phone, phone_kind, state, source, requested_by, requested_at, \
         last_step_at, completed_by)",
        |p: Vec<String>| format!(
            "({}, {}, {}, {}, {}, 'Carer', {}, '07700900000', {}, {}, 'single', {}, {}, {}, {})",
            p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]
        ),
        |q, r| q
            .bind(r.id)
            .bind(&r.person_name)
            .bind(&r.email)
            .bind(r.email.to_lowercase())
            .bind(&r.domain)
            .bind(&r.ods_code)
            .bind(r.phone_kind)
            .bind(r.state)
            .bind(r.requested_by)
            .bind(r.requested_at)
            .bind(r.last_step_at)
            .bind(r.completed_by)
    );
    Ok(())
}

pub async fn insert_devices(tx: &mut Tx, devices: &[SynthDevice]) -> DbResult<()> {
    insert_chunks!(
        tx,
        devices,
        5,
        "INSERT INTO devices (id, request_id, person_email, kind, registered_at, removed_at, \
         ods_code)",
        |p: Vec<String>| format!(
            "({}, {}, {}, 'microsoft_authenticator', {}, {}, \
             (SELECT ods_code FROM registration_requests WHERE id = {}))",
            p[0], p[1], p[2], p[3], p[4], p[1]
        ),
        |q, d| q
            .bind(Uuid::new_v4())
            .bind(d.request_id)
            .bind(d.person_email.to_lowercase())
            .bind(d.registered_at)
            .bind(d.removed_at)
    );
    Ok(())
}

/// Synthetic people already in the database (a generated data set is there).
pub async fn people_count(db: &Db) -> DbResult<i64> {
    Ok(on_pool!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM people WHERE issuer = $1"
    )
    .bind(SYNTHETIC_ISSUER)
    .fetch_one(p)
    .await?))
}

/// Rows in the tables the generator writes, each counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Counts {
    pub organisations: i64,
    pub people: i64,
    pub requests: i64,
    pub devices: i64,
    pub audit_events: i64,
}

impl Counts {
    pub fn total(&self) -> i64 {
        self.organisations + self.people + self.requests + self.devices + self.audit_events
    }
}

pub async fn counts(db: &Db) -> DbResult<Counts> {
    const SQL: &str = "SELECT (SELECT COUNT(*) FROM organisations) AS organisations, \
        (SELECT COUNT(*) FROM people) AS people, \
        (SELECT COUNT(*) FROM registration_requests) AS requests, \
        (SELECT COUNT(*) FROM devices) AS devices, \
        (SELECT COUNT(*) FROM audit_events) AS audit_events";
    Ok(on_pool!(db, |p| sqlx::query_as::<_, Counts>(SQL)
        .fetch_one(p)
        .await?))
}

/// Sets what the portal knows of an existing organisation (demo data); the headcount, when
/// given, as given by an RA officer today.
pub async fn describe(
    tx: &mut Tx,
    code: &OdsCode,
    kind: OrgKind,
    country: Option<Country>,
    region: Option<&str>,
    headcount: Option<i64>,
    now: DateTime<Utc>,
) -> DbResult<()> {
    const SQL: &str = "UPDATE organisations SET kind = $2, country = $3, region = $4, \
        headcount = COALESCE($5, headcount), \
        headcount_as_of = CASE WHEN $5 IS NULL THEN headcount_as_of ELSE $6 END, \
        headcount_giver = CASE WHEN $5 IS NULL THEN headcount_giver ELSE 'ra_officer' END, \
        updated_at = $7 WHERE ods_code = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(code)
        .bind(kind)
        .bind(country)
        .bind(region)
        .bind(headcount)
        .bind(now.date_naive())
        .bind(now)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Whether the synthetic person `subject` is there (a part of the demo was written).
pub async fn has_person(db: &Db, subject: &str) -> DbResult<bool> {
    let n: i64 = on_pool!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM people WHERE issuer = $1 AND subject = $2"
    )
    .bind(SYNTHETIC_ISSUER)
    .bind(subject)
    .fetch_one(p)
    .await?);
    Ok(n > 0)
}

//! Organisations by code (ODS or portal-local); a group (e.g. a care-home company) is
//! the parent of its sites.

mod groups;
mod import;

pub use groups::{Placement, lock_placements, set_group, take_local_code};
pub use import::{
    KnownOrg, NewHeadcount, NewOrg, OrgUpdate, ids_for, insert_many, known_for, update,
};

use chrono::{DateTime, NaiveDate, Utc};
use ra_domain::{
    OdsCode, OrgId, PersonId, Steward,
    organisation::{Country, GivenHeadcount, HeadcountGiver, OrgKind},
};

use serde_json::json;

use super::audit::{AuditEvent, Subject};
use crate::{
    Db, DbResult, Tx, on_pool, on_tx,
    sql::{KEYS_PER_QUERY, keys_table},
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganisationRow {
    pub id: OrgId,
    pub ods_code: OdsCode,
    pub name: String,
    pub parent_id: Option<OrgId>,
    pub kind: OrgKind,
    pub country: Option<Country>,
    pub region: Option<String>,
    pub headcount: Option<i64>,
    pub headcount_as_of: Option<NaiveDate>,
    pub headcount_giver: Option<HeadcountGiver>,
    /// The group it is a site of.
    pub group_code: Option<OdsCode>,
    pub group_name: Option<String>,
}

/// An organisation `o` with its group `g`.
const SELECT: &str = "SELECT o.id, o.ods_code, o.name, o.parent_id, o.kind, o.country, o.region, \
    o.headcount, o.headcount_as_of, o.headcount_giver, g.ods_code AS group_code, \
    g.name AS group_name FROM organisations o LEFT JOIN organisations g ON g.id = o.parent_id";

/// A headcount as it stood before a change, for the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HeadcountBefore {
    pub id: OrgId,
    pub headcount: Option<i64>,
    pub headcount_as_of: Option<NaiveDate>,
}

/// An organisation as [`upsert`] left it: its id, whether it was new, and the name it
/// had before when the upsert renamed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upserted {
    pub id: OrgId,
    pub created: bool,
    pub renamed_from: Option<String>,
}

/// Records an organisation named by CIS2 (`nhsid_user_orgs`) or by an RA officer,
/// refreshing its name and nothing else (its group, kind, headcount and the rest are
/// the portal's, kept across sign-ins); says whether it was new, so the caller audits
/// its creation.
pub async fn upsert(
    tx: &mut Tx,
    code: &OdsCode,
    name: &str,
    parent: Option<OrgId>,
    now: DateTime<Utc>,
) -> DbResult<Upserted> {
    // Two statements, not one `DO UPDATE`: only an insert that happened says "created",
    // on both databases (a concurrent insert of the same code makes this one update).
    const INSERT: &str = "INSERT INTO organisations (id, ods_code, name, parent_id, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (ods_code) DO NOTHING RETURNING id";
    // Only a change is written (and so audited by the caller): a sign-in that names an
    // organisation as the portal already has it changes nothing.
    const CURRENT: &str = "SELECT id, name FROM organisations WHERE ods_code = $1";
    const UPDATE: &str = "UPDATE organisations SET name = $2, \
        parent_id = COALESCE($3, parent_id), updated_at = $4 WHERE ods_code = $1";
    let inserted: Option<OrgId> = on_tx!(tx, |c| {
        sqlx::query_scalar(INSERT)
            .bind(OrgId::new())
            .bind(code)
            .bind(name)
            .bind(parent)
            .bind(now)
            .fetch_optional(c)
            .await?
    });
    if let Some(id) = inserted {
        return Ok(Upserted {
            id,
            created: true,
            renamed_from: None,
        });
    }
    let (id, was): (OrgId, String) = on_tx!(tx, |c| sqlx::query_as(CURRENT)
        .bind(code)
        .fetch_one(c)
        .await?);
    if was == name && parent.is_none() {
        return Ok(Upserted {
            id,
            created: false,
            renamed_from: None,
        });
    }
    on_tx!(tx, |c| sqlx::query(UPDATE)
        .bind(code)
        .bind(name)
        .bind(parent)
        .bind(now)
        .execute(c)
        .await?
        .rows_affected());
    Ok(Upserted {
        id,
        created: false,
        renamed_from: (was != name).then_some(was),
    })
}

/// The audit event of an organisation new to the portal, by `actor` (none: the portal
/// itself), about its ODS code as every organisation entry is.
pub fn created_event<'a>(
    code: &'a OdsCode,
    name: &str,
    actor: Option<PersonId>,
    summary: String,
    now: DateTime<Utc>,
) -> AuditEvent<'a> {
    AuditEvent {
        actor,
        action: "organisation_created",
        subject_type: Subject::Organisation,
        subject_id: Some(code.as_str()),
        subject_org: Some(code.as_str()),
        details: json!({ "summary": summary, "ods_code": code.as_str(), "name": name }),
        occurred_at: now,
    }
}

pub async fn find_by_code(db: &Db, code: &OdsCode) -> DbResult<Option<OrganisationRow>> {
    let sql = format!("{SELECT} WHERE o.ods_code = $1");
    Ok(on_pool!(db, |p| {
        sqlx::query_as::<_, OrganisationRow>(&sql)
            .bind(code)
            .fetch_optional(p)
            .await?
    }))
}

/// The sites of a group, by name.
pub async fn children(db: &Db, parent: OrgId) -> DbResult<Vec<OrganisationRow>> {
    let sql = format!("{SELECT} WHERE o.parent_id = $1 ORDER BY o.name");
    Ok(on_pool!(db, |p| sqlx::query_as::<_, OrganisationRow>(&sql)
        .bind(parent)
        .fetch_all(p)
        .await?))
}

/// The ODS codes of the sites of any of `groups`, in one query: a manager's scope.
pub async fn sites_of(db: &Db, groups: &[OdsCode]) -> DbResult<Vec<OdsCode>> {
    let mut out = Vec::new();
    for chunk in groups.chunks(KEYS_PER_QUERY) {
        let sql = format!(
            "{} SELECT s.ods_code FROM k JOIN organisations g ON g.ods_code = k.key \
             JOIN organisations s ON s.parent_id = g.id",
            keys_table(chunk.len())
        );
        let found: Vec<OdsCode> = on_pool!(db, |p| {
            let mut q = sqlx::query_scalar(&sql);
            for code in chunk {
                q = q.bind(code);
            }
            q.fetch_all(p).await?
        });
        out.extend(found);
    }
    Ok(out)
}

/// Records the steward's organisation's headcount; what it was before, or `None` when the
/// portal does not know the organisation. The first statement locks the row (a write on
/// SQLite, a row lock on PostgreSQL), so the "before" is the one this change replaces.
pub async fn set_headcount(
    tx: &mut Tx,
    steward: &Steward,
    given: GivenHeadcount,
    now: DateTime<Utc>,
) -> DbResult<Option<HeadcountBefore>> {
    const LOCK: &str = "UPDATE organisations SET updated_at = $2 WHERE ods_code = $1 \
        RETURNING id, headcount, headcount_as_of";
    const SET: &str = "UPDATE organisations SET headcount = $2, headcount_as_of = $3, \
        headcount_by = $4, headcount_giver = $5 WHERE id = $1";
    let by: PersonId = steward.person_id();
    Ok(on_tx!(tx, |c| {
        let before: Option<HeadcountBefore> = sqlx::query_as(LOCK)
            .bind(steward.org_code())
            .bind(now)
            .fetch_optional(&mut *c)
            .await?;
        if let Some(b) = &before {
            sqlx::query(SET)
                .bind(b.id)
                .bind(i64::from(given.staff))
                .bind(given.as_of)
                .bind(by)
                .bind(steward.giver())
                .execute(&mut *c)
                .await?;
        }
        before
    }))
}

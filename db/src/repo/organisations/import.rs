//! Writing organisations in bulk (the CSV import, and the generator through it) and
//! reading what the portal knows of the codes a file names.

use chrono::{DateTime, NaiveDate, Utc};
use ra_domain::{
    OdsCode, OrgId, PersonId,
    organisation::{Country, HeadcountGiver, OrgKind},
};

use crate::{
    Db, DbError, DbResult, Tx, on_pool, on_tx,
    sql::{KEYS_PER_QUERY, insert_chunks, keys_table},
};

/// A headcount to store: `by` is `None` only for generated data.
#[derive(Debug, Clone, Copy)]
pub struct NewHeadcount {
    pub staff: i64,
    pub as_of: NaiveDate,
    pub by: Option<PersonId>,
    pub giver: HeadcountGiver,
}

pub struct NewOrg<'a> {
    pub id: OrgId,
    pub code: &'a OdsCode,
    pub name: &'a str,
    pub kind: OrgKind,
    pub country: Option<Country>,
    pub region: Option<&'a str>,
    pub parent_id: Option<OrgId>,
    pub headcount: Option<NewHeadcount>,
}

/// New organisations, 50 a statement. A site may name a parent in the same statement
/// (constraints are checked at its end) or an earlier one, never a later one: callers
/// put groups first. A code the portal holds already is [`DbError::Duplicate`].
pub async fn insert_many(tx: &mut Tx, orgs: &[NewOrg<'_>], now: DateTime<Utc>) -> DbResult<()> {
    let written: DbResult<()> = async {
        insert_many_unchecked(tx, orgs, now).await?;
        Ok(())
    }
    .await;
    written.map_err(|e| match e {
        DbError::Sqlx(e) => DbError::from_write(e, "organisations.ods_code"),
        e => e,
    })
}

async fn insert_many_unchecked(
    tx: &mut Tx,
    orgs: &[NewOrg<'_>],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    insert_chunks!(
        tx,
        orgs,
        13,
        "INSERT INTO organisations (id, ods_code, name, parent_id, kind, country, region, \
         headcount, headcount_as_of, headcount_by, headcount_giver, local_code, created_at, \
         updated_at)",
        // created_at and updated_at are both the last placeholder.
        |p: Vec<String>| format!("({}, {})", p.join(", "), p[12]),
        |q, o| q
            .bind(o.id)
            .bind(o.code)
            .bind(o.name)
            .bind(o.parent_id)
            .bind(o.kind)
            .bind(o.country)
            .bind(o.region)
            .bind(o.headcount.map(|h| h.staff))
            .bind(o.headcount.map(|h| h.as_of))
            .bind(o.headcount.and_then(|h| h.by))
            .bind(o.headcount.map(|h| h.giver))
            // The flag follows the code: a local code is never an ODS one.
            .bind(o.code.is_local())
            .bind(now)
    );
    Ok(())
}

/// What the portal holds of an organisation an import names.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KnownOrg {
    pub id: OrgId,
    pub ods_code: OdsCode,
    pub name: String,
    pub kind: OrgKind,
    pub parent_code: Option<OdsCode>,
    pub country: Option<Country>,
    pub region: Option<String>,
    pub headcount: Option<i64>,
    pub headcount_as_of: Option<NaiveDate>,
    pub has_sites: bool,
}

/// The organisations among `codes`, in one query per 500 codes.
pub async fn known_for(db: &Db, codes: &[OdsCode]) -> DbResult<Vec<KnownOrg>> {
    let mut out = Vec::new();
    for chunk in codes.chunks(KEYS_PER_QUERY) {
        let sql = format!(
            "{} SELECT o.id, o.ods_code, o.name, o.kind, p.ods_code AS parent_code, o.country, \
             o.region, o.headcount, o.headcount_as_of, \
             EXISTS (SELECT 1 FROM organisations s WHERE s.parent_id = o.id) AS has_sites \
             FROM k JOIN organisations o ON o.ods_code = k.key \
             LEFT JOIN organisations p ON p.id = o.parent_id",
            keys_table(chunk.len())
        );
        let found: Vec<KnownOrg> = on_pool!(db, |p| {
            let mut q = sqlx::query_as(&sql);
            for code in chunk {
                q = q.bind(code);
            }
            q.fetch_all(p).await?
        });
        out.extend(found);
    }
    Ok(out)
}

/// The ids of those of `codes` the portal holds, read inside `tx`.
pub async fn ids_for(tx: &mut Tx, codes: &[&OdsCode]) -> DbResult<Vec<(OdsCode, OrgId)>> {
    let mut out = Vec::new();
    for chunk in codes.chunks(KEYS_PER_QUERY) {
        let sql = format!(
            "{} SELECT o.ods_code, o.id FROM k JOIN organisations o ON o.ods_code = k.key",
            keys_table(chunk.len())
        );
        let found: Vec<(OdsCode, OrgId)> = on_tx!(tx, |c| {
            let mut q = sqlx::query_as(&sql);
            for code in chunk {
                q = q.bind(*code);
            }
            q.fetch_all(c).await?
        });
        out.extend(found);
    }
    Ok(out)
}

/// An organisation's facts after an import; the headcount only when it changed.
pub struct OrgUpdate<'a> {
    pub id: OrgId,
    pub name: &'a str,
    pub kind: OrgKind,
    pub country: Option<Country>,
    pub region: Option<&'a str>,
    pub parent_id: Option<OrgId>,
    pub headcount: Option<NewHeadcount>,
}

pub async fn update(tx: &mut Tx, o: &OrgUpdate<'_>, now: DateTime<Utc>) -> DbResult<()> {
    const FACTS: &str = "UPDATE organisations SET name = $2, kind = $3, country = $4, \
        region = $5, parent_id = $6, updated_at = $7 WHERE id = $1";
    const HEADCOUNT: &str = "UPDATE organisations SET headcount = $2, headcount_as_of = $3, \
        headcount_by = $4, headcount_giver = $5 WHERE id = $1";
    on_tx!(tx, |c| {
        sqlx::query(FACTS)
            .bind(o.id)
            .bind(o.name)
            .bind(o.kind)
            .bind(o.country)
            .bind(o.region)
            .bind(o.parent_id)
            .bind(now)
            .execute(&mut *c)
            .await?;
        if let Some(h) = o.headcount {
            sqlx::query(HEADCOUNT)
                .bind(o.id)
                .bind(h.staff)
                .bind(h.as_of)
                .bind(h.by)
                .bind(h.giver)
                .execute(&mut *c)
                .await?;
        }
    });
    Ok(())
}

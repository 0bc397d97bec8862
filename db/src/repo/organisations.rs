//! Organisations by ODS code; a group (e.g. a care-home company) is the parent of its sites.

use chrono::{DateTime, Utc};
use ra_domain::{OdsCode, OrgId};

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
}

/// Records an organisation named by CIS2 (`nhsid_user_orgs`), refreshing its name.
pub async fn upsert(
    tx: &mut Tx,
    code: &OdsCode,
    name: &str,
    parent: Option<OrgId>,
    now: DateTime<Utc>,
) -> DbResult<OrgId> {
    const SQL: &str = "INSERT INTO organisations (id, ods_code, name, parent_id, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $5) \
        ON CONFLICT (ods_code) DO UPDATE SET name = excluded.name, \
            parent_id = COALESCE(excluded.parent_id, organisations.parent_id), updated_at = excluded.updated_at \
        RETURNING id";
    Ok(on_tx!(tx, |c| {
        sqlx::query_scalar(SQL)
            .bind(OrgId::new())
            .bind(code)
            .bind(name)
            .bind(parent)
            .bind(now)
            .fetch_one(c)
            .await?
    }))
}

pub async fn find_by_code(db: &Db, code: &OdsCode) -> DbResult<Option<OrganisationRow>> {
    const SQL: &str = "SELECT id, ods_code, name, parent_id FROM organisations WHERE ods_code = $1";
    Ok(on_pool!(db, |p| {
        sqlx::query_as::<_, OrganisationRow>(SQL)
            .bind(code)
            .fetch_optional(p)
            .await?
    }))
}

/// The sites of a group, by name.
pub async fn children(db: &Db, parent: OrgId) -> DbResult<Vec<OrganisationRow>> {
    const SQL: &str = "SELECT id, ods_code, name, parent_id FROM organisations WHERE parent_id = $1 ORDER BY name";
    Ok(on_pool!(db, |p| sqlx::query_as::<_, OrganisationRow>(SQL)
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

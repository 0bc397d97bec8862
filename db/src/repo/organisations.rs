//! Organisations by ODS code; a group (e.g. a care-home company) is the parent of its sites.

use chrono::{DateTime, Utc};
use ra_domain::OdsCode;
use uuid::Uuid;

use crate::{Db, DbResult, Tx, on_pool, on_tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganisationRow {
    pub id: Uuid,
    pub ods_code: String,
    pub name: String,
    pub parent_id: Option<Uuid>,
}

/// Records an organisation named by CIS2 (`nhsid_user_orgs`), refreshing its name.
pub async fn upsert(
    tx: &mut Tx,
    code: &OdsCode,
    name: &str,
    parent: Option<Uuid>,
    now: DateTime<Utc>,
) -> DbResult<Uuid> {
    const SQL: &str = "INSERT INTO organisations (id, ods_code, name, parent_id, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $5) \
        ON CONFLICT (ods_code) DO UPDATE SET name = excluded.name, \
            parent_id = COALESCE(excluded.parent_id, organisations.parent_id), updated_at = excluded.updated_at \
        RETURNING id";
    Ok(on_tx!(tx, |c| {
        sqlx::query_scalar(SQL)
            .bind(Uuid::new_v4())
            .bind(code.as_str())
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
            .bind(code.as_str())
            .fetch_optional(p)
            .await?
    }))
}

/// The sites of a group, by name.
pub async fn children(db: &Db, parent: Uuid) -> DbResult<Vec<OrganisationRow>> {
    const SQL: &str = "SELECT id, ods_code, name, parent_id FROM organisations WHERE parent_id = $1 ORDER BY name";
    Ok(on_pool!(db, |p| sqlx::query_as::<_, OrganisationRow>(SQL)
        .bind(parent)
        .fetch_all(p)
        .await?))
}

//! Uploaded CSV files waiting for their uploader to commit them (all rows or none), for
//! each kind of bulk import.

use chrono::{DateTime, Utc};
use ra_domain::{ImportId, PersonId};
use sqlx::types::Json;

use crate::{Db, DbResult, Tx, on_pool, on_tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// Allow-list entries (`allow_list_imports`).
    AllowList,
    /// Registration requests (`registration_imports`).
    Registrations,
    /// Organisations (`organisation_imports`).
    Organisations,
}

impl ImportKind {
    fn table(self) -> &'static str {
        match self {
            ImportKind::AllowList => "allow_list_imports",
            ImportKind::Registrations => "registration_imports",
            ImportKind::Organisations => "organisation_imports",
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportRow {
    pub id: ImportId,
    pub created_by: PersonId,
    pub created_at: DateTime<Utc>,
    pub file_name: String,
    pub rows: Json<serde_json::Value>,
    pub committed_at: Option<DateTime<Utc>>,
}

pub async fn insert(
    tx: &mut Tx,
    kind: ImportKind,
    by: PersonId,
    file_name: &str,
    rows: &serde_json::Value,
    now: DateTime<Utc>,
) -> DbResult<ImportId> {
    let sql = format!(
        "INSERT INTO {} (id, created_by, created_at, file_name, rows) VALUES ($1, $2, $3, $4, $5)",
        kind.table()
    );
    let id = ImportId::new();
    on_tx!(tx, |c| sqlx::query(&sql)
        .bind(id)
        .bind(by)
        .bind(now)
        .bind(file_name)
        .bind(Json(rows))
        .execute(c)
        .await?
        .rows_affected());
    Ok(id)
}

pub async fn find(db: &Db, kind: ImportKind, id: ImportId) -> DbResult<Option<ImportRow>> {
    let sql = format!(
        "SELECT id, created_by, created_at, file_name, rows, committed_at FROM {} WHERE id = $1",
        kind.table()
    );
    Ok(on_pool!(db, |p| sqlx::query_as::<_, ImportRow>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await?))
}

/// Marks an import committed, once: false if it already was (a double submit).
pub async fn mark_committed(
    tx: &mut Tx,
    kind: ImportKind,
    id: ImportId,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let sql = format!(
        "UPDATE {} SET committed_at = $1 WHERE id = $2 AND committed_at IS NULL",
        kind.table()
    );
    let n = on_tx!(tx, |c| sqlx::query(&sql)
        .bind(now)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n == 1)
}

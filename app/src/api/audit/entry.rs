//! `audit/entry`: one entry whole — who, from where, what changed, and its place in the
//! chain.

use leptos::prelude::*;

use super::EntryView;
use crate::AppError;

#[server(endpoint = "audit/entry")]
pub async fn audit_entry(position: String) -> Result<EntryView, AppError> {
    crate::auth::admit::<AuditEntry>()?.auditor()?;
    let position: i64 = position.trim().parse().map_err(|_| AppError::NotFound)?;
    let db = crate::auth::db()?;
    ra_db::repo::audit::search::entry(&db, position)
        .await?
        .map(EntryView::from)
        .ok_or(AppError::NotFound)
}

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

#[cfg(feature = "ssr")]
pub use verify::{AuditKey, check_trail};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub occurred_at: String,
    pub action: String,
    pub actor: Option<String>,
    pub summary: String,
}

/// The latest audit events, newest first.

#[server(endpoint = "audit/recent")]
pub async fn recent_audit_events() -> Result<Vec<AuditEntry>, AppError> {
    use crate::auth;

    auth::admit::<RecentAuditEvents>()?;
    let db = auth::db()?;
    let rows = ra_db::repo::audit::recent(&db, 50).await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            occurred_at: r.occurred_at.format("%d %b %Y %H:%M:%S UTC").to_string(),
            action: r.action,
            actor: r
                .details
                .0
                .get("actor_name")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            summary: r
                .details
                .0
                .get("summary")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned(),
        })
        .collect())
}

pub mod verify;

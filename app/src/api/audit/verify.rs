//! The trail's tamper evidence for auditors: the published key and latest signed
//! checkpoint, and a verification run on demand (also `ra-portal verify-audit`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

/// A signed checkpoint as auditors are given it: enough to check a copy of the trail later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointView {
    pub position: i64,
    pub entry_hash: String,
    /// RFC 3339, exactly as signed.
    pub signed_at: String,
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailSeal {
    /// The Ed25519 key checkpoints are signed with, base64.
    pub public_key: String,
    /// Entries in the chain now.
    pub entries: i64,
    pub latest: Option<CheckpointView>,
}

/// What a verification run found, in words an auditor can act on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyReport {
    pub verified: bool,
    pub message: String,
    pub seconds: f64,
}

/// The checkpoint key, provided to server functions by the server.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct AuditKey(pub std::sync::Arc<ra_domain::audit::CheckpointKey>);

#[cfg(feature = "ssr")]
fn audit_key() -> Result<AuditKey, AppError> {
    use_context::<AuditKey>().ok_or_else(|| {
        tracing::error!("audit key missing from server-function context");
        AppError::Internal
    })
}

/// Walks the whole trail and its checkpoints, timing the run.
#[cfg(feature = "ssr")]
pub async fn check_trail(
    db: &ra_db::Db,
    key: &ra_domain::audit::PublicKey,
) -> Result<VerifyReport, ra_db::DbError> {
    let started = std::time::Instant::now();
    let walk = ra_db::repo::audit::verify::walk(db, key).await?;
    let seconds = started.elapsed().as_secs_f64();
    let mut message = match &walk.outcome {
        Ok(v) => format!(
            "All {} entries verify ({} redacted), with {} signed {}.",
            v.entries,
            v.redacted,
            v.checkpoints,
            if v.checkpoints == 1 {
                "checkpoint"
            } else {
                "checkpoints"
            }
        ),
        Err(fault) => format!("The trail does not verify: {fault}."),
    };
    if walk.unchained > 0 {
        message.push_str(&format!(
            " {} entries were written outside the chain, not by the portal.",
            walk.unchained
        ));
    }
    Ok(VerifyReport {
        verified: walk.verified(),
        message,
        seconds,
    })
}

/// The published key, the chain's length and its latest signed checkpoint.
#[server(endpoint = "audit/seal")]
pub async fn audit_seal() -> Result<TrailSeal, AppError> {
    use crate::auth;
    use chrono::SecondsFormat;

    auth::admit::<AuditSeal>()?.auditor()?;
    let db = auth::db()?;
    let key = audit_key()?;
    let (entries, _) = ra_db::repo::audit::head(&db).await?;
    let latest = ra_db::repo::audit::checkpoints::latest(&db)
        .await?
        .map(|s| CheckpointView {
            position: s.checkpoint.position,
            entry_hash: s.checkpoint.entry_hash.to_hex(),
            signed_at: s
                .checkpoint
                .signed_at
                .to_rfc3339_opts(SecondsFormat::Micros, true),
            signature: s.signature,
        });
    Ok(TrailSeal {
        public_key: key.0.public().to_base64(),
        entries,
        latest,
    })
}

/// Verifies the whole trail now.
#[server(endpoint = "audit/verify")]
pub async fn verify_audit_trail() -> Result<VerifyReport, AppError> {
    use crate::auth;

    auth::admit::<VerifyAuditTrail>()?.auditor()?;
    let db = auth::db()?;
    let key = audit_key()?;
    Ok(check_trail(&db, &key.0.public()).await?)
}

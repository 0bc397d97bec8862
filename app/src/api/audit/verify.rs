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
    /// Keys that signed earlier checkpoints before the key was replaced, still trusted.
    pub earlier_keys: Vec<String>,
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

/// The checkpoint key and the public keys it replaced, provided to server functions by
/// the server.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct AuditKey {
    pub signing: std::sync::Arc<ra_domain::audit::CheckpointKey>,
    pub earlier: std::sync::Arc<[ra_domain::audit::PublicKey]>,
}

#[cfg(feature = "ssr")]
impl AuditKey {
    /// Every key a checkpoint may be signed with: the current one, then earlier ones.
    pub fn trusted(&self) -> Vec<ra_domain::audit::PublicKey> {
        std::iter::once(self.signing.public())
            .chain(self.earlier.iter().copied())
            .collect()
    }
}

#[cfg(feature = "ssr")]
fn audit_key() -> Result<AuditKey, AppError> {
    use_context::<AuditKey>().ok_or_else(|| {
        tracing::error!("audit key missing from server-function context");
        AppError::Internal
    })
}

/// Walks the whole trail and its checkpoints against the trusted `keys`, timing the run.
#[cfg(feature = "ssr")]
pub async fn check_trail(
    db: &ra_db::Db,
    keys: &[ra_domain::audit::PublicKey],
) -> Result<VerifyReport, ra_db::DbError> {
    let started = std::time::Instant::now();
    let walk = ra_db::repo::audit::verify::walk(db, keys).await?;
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
        public_key: key.signing.public().to_base64(),
        earlier_keys: key.earlier.iter().map(|k| k.to_base64()).collect(),
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
    Ok(check_trail(&db, &key.trusted()).await?)
}

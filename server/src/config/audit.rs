//! Settings for the audit trail's signed checkpoints.

use std::{path::PathBuf, time::Duration};

use super::{ConfigError, minutes};

#[derive(Debug, Clone)]
pub struct AuditConfig {
    /// Base64 of the 32-byte Ed25519 seed that signs checkpoints of the chain head.
    pub signing_key_file: PathBuf,
    /// How often the chain head is signed (only when it moved).
    pub checkpoint_every: Duration,
}

pub fn parse<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<AuditConfig, ConfigError> {
    Ok(AuditConfig {
        signing_key_file: get("RA_AUDIT_SIGNING_KEY_FILE")
            .unwrap_or("data/keys/audit-signing.key")
            .into(),
        checkpoint_every: minutes(
            "RA_AUDIT_CHECKPOINT_MINUTES",
            get("RA_AUDIT_CHECKPOINT_MINUTES"),
            60,
        )?,
    })
}

//! Settings for the audit trail: its signed checkpoints, how long personal data in closed
//! requests' entries is kept, and how often RA managers review access.

use std::{path::PathBuf, time::Duration};

use super::{ConfigError, minutes};

#[derive(Debug, Clone)]
pub struct AuditConfig {
    /// Base64 of the 32-byte Ed25519 seed that signs checkpoints of the chain head.
    pub signing_key_file: PathBuf,
    /// How often the chain head is signed (only when it moved).
    pub checkpoint_every: Duration,
    /// Days after a request closes before its entries' personal data is redacted.
    pub retention_days: u32,
    /// Days between access reviews.
    pub review_every_days: u32,
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
        // The NHS's own RA tool keeps closed requests for 30 days.
        retention_days: days(
            "RA_AUDIT_RETENTION_DAYS",
            get("RA_AUDIT_RETENTION_DAYS"),
            30,
        )?,
        review_every_days: days("RA_ACCESS_REVIEW_DAYS", get("RA_ACCESS_REVIEW_DAYS"), 90)?,
    })
}

/// 1 to 3650 days.
fn days(name: &'static str, value: Option<&str>, default: u32) -> Result<u32, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=3650).contains(n))
            .ok_or_else(|| {
                ConfigError::new(
                    name,
                    format!("{v:?} is not a number of days from 1 to 3650"),
                )
            }),
    }
}

//! Settings for the audit trail: its signed checkpoints, how long personal data in closed
//! requests' entries is kept, and how often RA managers review access.

use std::{path::PathBuf, time::Duration};

use ra_domain::audit::PublicKey;

use super::{ConfigError, minutes};

#[derive(Debug, Clone)]
pub struct AuditConfig {
    /// Base64 of the 32-byte Ed25519 seed that signs checkpoints of the chain head.
    pub signing_key_file: PathBuf,
    /// Public keys of signing keys since replaced: checkpoints they signed still verify.
    pub earlier_public_keys: Vec<PublicKey>,
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
        earlier_public_keys: public_keys(
            "RA_AUDIT_EARLIER_PUBLIC_KEYS",
            get("RA_AUDIT_EARLIER_PUBLIC_KEYS"),
        )?,
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

/// Base64 Ed25519 public keys, separated by commas or spaces.
fn public_keys(name: &'static str, value: Option<&str>) -> Result<Vec<PublicKey>, ConfigError> {
    value
        .unwrap_or("")
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|k| !k.is_empty())
        .map(|k| {
            PublicKey::from_base64(k).ok_or_else(|| {
                ConfigError::new(
                    name,
                    format!("{k:?} is not an Ed25519 public key in base64 (44 characters)"),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn earlier_keys_are_read_from_a_list_and_a_bad_one_is_named() {
        let a = "mSlsvqLTS+X0ygo6mA5Zx4mj+gqXt8ImUTzNdvbJN60=";
        let b = "nCbXjrHRiJb5IXneC+Kv3/ei8jUfNj2jri6VSxMCQIc=";
        let keys = public_keys("X", Some(&format!(" {a}, {b} "))).unwrap();
        assert_eq!(
            keys.iter().map(PublicKey::to_base64).collect::<Vec<_>>(),
            [a, b]
        );
        assert!(public_keys("X", None).unwrap().is_empty());
        let err = public_keys("X", Some(&format!("{a},not-a-key"))).unwrap_err();
        assert!(
            err.to_string()
                .contains("\"not-a-key\" is not an Ed25519 public key"),
            "{err}"
        );
    }
}

//! One link of the chain. An entry's hash covers its position, the previous entry's
//! hash and every column but the payload, which it covers through a salted hash: remove
//! the payload and its salt (redaction) and the chain still verifies, while the salt
//! stops anyone guessing a name or email back from the hash that stays.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use super::canonical::canonical_json;

/// A SHA-256 value, stored and shown as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digest(pub [u8; 32]);

/// What the first entry links back to.
pub const GENESIS: Digest = Digest([0; 32]);

/// What a redacted entry's payload becomes.
pub const REDACTED_MARKER: &str = r#"{"redacted":true}"#;

impl Digest {
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    pub fn from_hex(s: &str) -> Option<Self> {
        from_hex(s)?.try_into().ok().map(Self)
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", self.to_hex())
    }
}

/// The random salt of one payload's hash, kept with the payload and erased with it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Salt(pub [u8; 16]);

impl Salt {
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    pub fn from_hex(s: &str) -> Option<Self> {
        from_hex(s)?.try_into().ok().map(Self)
    }
}

impl fmt::Debug for Salt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Salt(..)")
    }
}

/// SHA-256 of a tag, the salt and the payload's RFC 8785 text.
pub fn payload_hash(salt: &Salt, payload: &serde_json::Value) -> Digest {
    let mut h = Sha256::new();
    h.update(b"ra-portal audit payload v1\0");
    h.update(salt.0);
    h.update(canonical_json(payload).as_bytes());
    Digest(h.finalize().into())
}

/// Every column an entry's hash covers besides the link to the one before.
#[derive(Debug, Clone, Copy)]
pub struct EntryFields<'a> {
    pub position: i64,
    /// Whole microseconds: both databases keep exactly that much.
    pub occurred_at: DateTime<Utc>,
    pub actor: Option<Uuid>,
    pub action: &'a str,
    pub subject_type: &'a str,
    pub subject_id: Option<&'a str>,
    /// The organisation the subject belongs to (a request's, an entry's), for search.
    pub subject_org: Option<&'a str>,
    pub provenance: Provenance<'a>,
    pub payload_hash: Digest,
}

/// Who acted, as they were when they acted (a name or role may change later), and where
/// the change came from. Absent for changes no request made (start-up, housekeeping).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Provenance<'a> {
    pub actor_name: Option<&'a str>,
    /// The portal roles they acted in, e.g. "RA agent at RX1".
    pub actor_role: Option<&'a str>,
    /// Their organisations' codes, e.g. "RX1".
    pub actor_org: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub client_addr: Option<&'a str>,
}

/// SHA-256 over a version tag, the position (8 bytes, big-endian), the previous hash
/// (32 bytes), then each text field in a fixed order as a presence byte, a 4-byte
/// big-endian length and its UTF-8 bytes, then the payload hash. Lengths make the
/// encoding unambiguous (`docs/audit.md` writes it out).
pub fn entry_hash(prev: &Digest, e: &EntryFields<'_>) -> Digest {
    let mut h = Sha256::new();
    h.update(b"ra-portal audit entry v1\0");
    h.update(e.position.to_be_bytes());
    h.update(prev.0);
    let when = e.occurred_at.to_rfc3339_opts(SecondsFormat::Micros, true);
    let actor = e.actor.map(|a| a.hyphenated().to_string());
    let p = &e.provenance;
    for field in [
        Some(when.as_str()),
        actor.as_deref(),
        Some(e.action),
        Some(e.subject_type),
        e.subject_id,
        e.subject_org,
        p.actor_name,
        p.actor_role,
        p.actor_org,
        p.request_id,
        p.client_addr,
    ] {
        match field {
            None => h.update([0u8]),
            Some(text) => {
                h.update([1u8]);
                h.update(u32::try_from(text.len()).unwrap_or(u32::MAX).to_be_bytes());
                h.update(text.as_bytes());
            }
        }
    }
    h.update(e.payload_hash.0);
    Digest(h.finalize().into())
}

pub(super) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

pub(super) fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

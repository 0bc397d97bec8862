//! Signed checkpoints: the chain head (position, hash, time) signed with an Ed25519 key
//! held outside the database, so whoever can rewrite the table still cannot re-sign
//! what auditors were given.

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use super::chain::Digest;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    pub position: i64,
    pub entry_hash: Digest,
    /// Whole microseconds, as stored.
    pub signed_at: DateTime<Utc>,
}

impl Checkpoint {
    /// The exact bytes signed: four lines, each ending in a newline.
    pub fn message(&self) -> String {
        format!(
            "ra-portal audit checkpoint v1\n{}\n{}\n{}\n",
            self.position,
            self.entry_hash,
            self.signed_at.to_rfc3339_opts(SecondsFormat::Micros, true)
        )
    }
}

/// The private key, from a file holding base64 of its 32-byte seed.
pub struct CheckpointKey(SigningKey);

impl std::fmt::Debug for CheckpointKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CheckpointKey(..)")
    }
}

impl CheckpointKey {
    pub fn from_base64(text: &str) -> Result<Self, String> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| "the key is not base64".to_owned())?;
        let seed: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| format!("the key has {} bytes; it needs 32", bytes.len()))?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// The signature, base64.
    pub fn sign(&self, checkpoint: &Checkpoint) -> String {
        STANDARD.encode(self.0.sign(checkpoint.message().as_bytes()).to_bytes())
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }
}

/// The key auditors check checkpoints with; published as base64 of its 32 bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", self.to_base64())
    }
}

impl PublicKey {
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.to_bytes())
    }

    pub fn from_base64(text: &str) -> Option<Self> {
        let bytes: [u8; 32] = STANDARD.decode(text.trim()).ok()?.try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok().map(Self)
    }

    /// Whether `signature` (base64) is this key's over `checkpoint`.
    pub fn verifies(&self, checkpoint: &Checkpoint, signature: &str) -> bool {
        let Some(bytes) = STANDARD
            .decode(signature.trim())
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
        else {
            return false;
        };
        self.0
            .verify_strict(
                checkpoint.message().as_bytes(),
                &Signature::from_bytes(&bytes),
            )
            .is_ok()
    }
}

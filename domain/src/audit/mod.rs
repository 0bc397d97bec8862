//! The audit trail's tamper evidence: one hash chain over every entry, a payload hash
//! kept apart so personal data can be redacted without breaking it, and Ed25519-signed
//! checkpoints of the chain head. The encodings are written down in `docs/audit.md`;
//! changing one is a new version tag, never an edit.

pub mod actions;
mod canonical;
mod chain;
mod checkpoint;
mod verify;

pub use canonical::canonical_json;
pub use chain::{
    Digest, EntryFields, GENESIS, Provenance, REDACTED_MARKER, Salt, entry_hash, payload_hash,
};
pub use checkpoint::{Checkpoint, CheckpointKey, PublicKey};
pub use verify::{
    ChainVerifier, Fault, REDACTABLE, REDACTION_ACTION, StoredEntry, Verdict, redaction_payload,
};

#[cfg(test)]
mod tests;

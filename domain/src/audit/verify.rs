//! Walking the chain: entries in position order go in, the first that does not match
//! comes out. Memory stays flat however long the trail: only the last hash, the few
//! checkpoints and the redacted positions awaiting their redaction record are kept.

use std::collections::{BTreeMap, BTreeSet};

use super::chain::{Digest, EntryFields, GENESIS, Salt, entry_hash, payload_hash};
use super::checkpoint::{Checkpoint, PublicKey};

/// The action of the entry that records a redaction; its payload lists the positions.
pub const REDACTION_ACTION: &str = "audit.redacted";

/// The only entries retention redacts: those about registration requests.
pub const REDACTABLE: &str = "registration_request";

/// One entry as stored.
#[derive(Debug, Clone, Copy)]
pub struct StoredEntry<'a> {
    pub fields: EntryFields<'a>,
    pub prev_hash: Digest,
    pub entry_hash: Digest,
    /// Salt and payload; None once redacted.
    pub payload: Option<(Salt, &'a serde_json::Value)>,
}

/// The first thing found wrong, naming the position an auditor should look at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    #[error("entry {expected} is missing or out of order (found {found} in its place)")]
    Gap { expected: i64, found: i64 },
    #[error("entry {position} does not link to the entry before it")]
    BrokenLink { position: i64 },
    #[error("entry {position} was altered: its hash does not match its content")]
    EntryAltered { position: i64 },
    #[error("entry {position}'s details were altered: they do not match their hash")]
    PayloadAltered { position: i64 },
    #[error("entry {position}'s details were removed with no redaction recorded")]
    RemovedWithoutRedaction { position: i64 },
    #[error(
        "entry {position}'s details were removed, but only a registration request's entries may be redacted"
    )]
    RedactedOutsideRetention { position: i64 },
    #[error("the trail ends at entry {last} but its head says {head}: entries were removed")]
    Truncated { last: i64, head: i64 },
    #[error("the checkpoint at entry {position} is not signed by a trusted audit key")]
    CheckpointForged { position: i64 },
    #[error("entry {position} does not match the signed checkpoint for it")]
    CheckpointMismatch { position: i64 },
}

/// All entries verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub entries: i64,
    pub redacted: i64,
    pub checkpoints: usize,
}

pub struct ChainVerifier {
    last_position: i64,
    last_hash: Digest,
    redacted: i64,
    awaiting_record: BTreeSet<i64>,
    checkpoints: BTreeMap<i64, Digest>,
}

impl ChainVerifier {
    /// Checks each checkpoint's signature first: a forged one fails before any walking.
    /// `keys` are the keys trusted to have signed checkpoints: the current one and any it
    /// replaced, so a trail signed before a key rotation still verifies after it.
    pub fn new(keys: &[PublicKey], checkpoints: &[(Checkpoint, String)]) -> Result<Self, Fault> {
        let mut by_position = BTreeMap::new();
        for (c, signature) in checkpoints {
            if !keys.iter().any(|k| k.verifies(c, signature)) {
                return Err(Fault::CheckpointForged {
                    position: c.position,
                });
            }
            by_position.insert(c.position, c.entry_hash);
        }
        Ok(Self {
            last_position: 0,
            last_hash: GENESIS,
            redacted: 0,
            awaiting_record: BTreeSet::new(),
            checkpoints: by_position,
        })
    }

    /// The next entry by position.
    pub fn check(&mut self, e: &StoredEntry<'_>) -> Result<(), Fault> {
        let position = e.fields.position;
        let expected = self.last_position + 1;
        if position != expected {
            return Err(Fault::Gap {
                expected,
                found: position,
            });
        }
        if e.prev_hash != self.last_hash {
            return Err(Fault::BrokenLink { position });
        }
        if entry_hash(&self.last_hash, &e.fields) != e.entry_hash {
            return Err(Fault::EntryAltered { position });
        }
        match e.payload {
            Some((salt, payload)) => {
                if payload_hash(&salt, payload) != e.fields.payload_hash {
                    return Err(Fault::PayloadAltered { position });
                }
                // Only the portal's own retention job (no actor) records redactions.
                if e.fields.action == REDACTION_ACTION && e.fields.actor.is_none() {
                    for p in redacted_positions(payload) {
                        self.awaiting_record.remove(&p);
                    }
                }
            }
            None if e.fields.subject_type != REDACTABLE => {
                return Err(Fault::RedactedOutsideRetention { position });
            }
            None => {
                self.redacted += 1;
                self.awaiting_record.insert(position);
            }
        }
        if self
            .checkpoints
            .get(&position)
            .is_some_and(|h| *h != e.entry_hash)
        {
            return Err(Fault::CheckpointMismatch { position });
        }
        self.last_position = position;
        self.last_hash = e.entry_hash;
        Ok(())
    }

    /// After the last entry: `head` is the stored chain head (position and hash).
    pub fn finish(self, head: (i64, Digest)) -> Result<Verdict, Fault> {
        if let Some(position) = self.awaiting_record.first() {
            return Err(Fault::RemovedWithoutRedaction {
                position: *position,
            });
        }
        if head.0 != self.last_position || head.1 != self.last_hash {
            return Err(Fault::Truncated {
                last: self.last_position,
                head: head.0,
            });
        }
        if let Some((position, _)) = self.checkpoints.range(self.last_position + 1..).next() {
            return Err(Fault::CheckpointMismatch {
                position: *position,
            });
        }
        Ok(Verdict {
            entries: self.last_position,
            redacted: self.redacted,
            checkpoints: self.checkpoints.len(),
        })
    }
}

/// The payload of a redaction record: `{"positions": [..]}`.
pub fn redaction_payload(positions: &[i64]) -> serde_json::Value {
    serde_json::json!({ "positions": positions })
}

fn redacted_positions(payload: &serde_json::Value) -> impl Iterator<Item = i64> + '_ {
    payload
        .get("positions")
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_i64)
}

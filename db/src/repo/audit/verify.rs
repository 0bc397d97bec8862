//! Reading the chain back for verification, a page at a time by position. The walk
//! stops at the head it read first, so entries committed meanwhile wait for the next run.

use chrono::{DateTime, Utc};
use ra_domain::{
    PersonId,
    audit::{
        ChainVerifier, Digest, EntryFields, Fault, Provenance, PublicKey, Salt, StoredEntry,
        Verdict,
    },
};
use sqlx::types::Json;

use super::{chain::head_in, checkpoints};
use crate::{Db, DbResult, Tx, on_tx};

/// What a walk found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    pub outcome: Result<Verdict, Fault>,
    /// Rows with no place in the chain: written around the portal (it chains its own).
    pub unchained: i64,
}

impl Walk {
    pub fn verified(&self) -> bool {
        self.outcome.is_ok() && self.unchained == 0
    }
}

#[derive(sqlx::FromRow)]
struct ChainRow {
    position: i64,
    occurred_at: DateTime<Utc>,
    actor_person_id: Option<PersonId>,
    action: String,
    subject_type: String,
    subject_id: Option<String>,
    details: Json<serde_json::Value>,
    prev_hash: Option<String>,
    entry_hash: Option<String>,
    payload_hash: Option<String>,
    payload_salt: Option<String>,
    actor_name: Option<String>,
    actor_role: Option<String>,
    actor_org: Option<String>,
    request_id: Option<String>,
    client_addr: Option<String>,
    subject_org: Option<String>,
    redacted_at: Option<DateTime<Utc>>,
}

const PAGE: i64 = 5000;
const SELECT: &str = "SELECT position, occurred_at, actor_person_id, action, subject_type, \
    subject_id, details, prev_hash, entry_hash, payload_hash, payload_salt, actor_name, \
    actor_role, actor_org, request_id, client_addr, subject_org, redacted_at FROM audit_events \
    WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3";

/// Checks every entry up to the head and every checkpoint against the trusted `keys`, in one read
/// transaction: a redaction or an entry committed during the walk cannot make it see a
/// payload gone without its record, or a head beyond what it read.
pub async fn walk(db: &Db, keys: &[PublicKey]) -> DbResult<Walk> {
    let mut tx = db.begin().await?;
    if db.backend() == crate::Backend::Postgres {
        on_tx!(&mut tx, |c| sqlx::query(
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
        )
        .execute(c)
        .await?
        .rows_affected());
    }
    let signed = checkpoints::all_in(&mut tx).await?;
    let head = head_in(&mut tx).await?;
    const UNCHAINED: &str = "SELECT COUNT(*) FROM audit_events WHERE position IS NULL";
    let unchained: i64 = on_tx!(&mut tx, |c| sqlx::query_scalar(UNCHAINED)
        .fetch_one(c)
        .await?);
    let outcome = match ChainVerifier::new(keys, &signed) {
        Err(fault) => Err(fault),
        Ok(mut verifier) => match walk_rows(&mut tx, &mut verifier, head.0).await? {
            Err(fault) => Err(fault),
            Ok(()) => verifier.finish(head),
        },
    };
    // Read only: dropping the transaction ends it.
    drop(tx);
    Ok(Walk { outcome, unchained })
}

async fn walk_rows(
    tx: &mut Tx,
    verifier: &mut ChainVerifier,
    head: i64,
) -> DbResult<Result<(), Fault>> {
    let mut after = 0;
    loop {
        let rows: Vec<ChainRow> = on_tx!(tx, |c| sqlx::query_as(SELECT)
            .bind(after)
            .bind(head)
            .bind(PAGE)
            .fetch_all(c)
            .await?);
        let Some(last) = rows.last() else {
            return Ok(Ok(()));
        };
        after = last.position;
        for row in &rows {
            if let Err(fault) = check(verifier, row) {
                return Ok(Err(fault));
            }
        }
    }
}

fn check(verifier: &mut ChainVerifier, row: &ChainRow) -> Result<(), Fault> {
    let altered = Fault::EntryAltered {
        position: row.position,
    };
    let digest = |s: &Option<String>| s.as_deref().and_then(Digest::from_hex);
    let (Some(prev_hash), Some(entry_hash), Some(payload_hash)) = (
        digest(&row.prev_hash),
        digest(&row.entry_hash),
        digest(&row.payload_hash),
    ) else {
        return Err(altered);
    };
    let payload = match row.payload_salt.as_deref() {
        // Redacted: the marker, with the time it was redacted, and nothing else.
        None if row.redacted_at.is_none()
            || row.details.0 != serde_json::json!({ "redacted": true }) =>
        {
            return Err(Fault::PayloadAltered {
                position: row.position,
            });
        }
        None => None,
        Some(salt) => Some((Salt::from_hex(salt).ok_or(altered)?, &row.details.0)),
    };
    verifier.check(&StoredEntry {
        fields: EntryFields {
            position: row.position,
            occurred_at: row.occurred_at,
            actor: row.actor_person_id.map(|a| a.0),
            action: &row.action,
            subject_type: &row.subject_type,
            subject_id: row.subject_id.as_deref(),
            subject_org: row.subject_org.as_deref(),
            provenance: Provenance {
                actor_name: row.actor_name.as_deref(),
                actor_role: row.actor_role.as_deref(),
                actor_org: row.actor_org.as_deref(),
                request_id: row.request_id.as_deref(),
                client_addr: row.client_addr.as_deref(),
            },
            payload_hash,
        },
        prev_hash,
        entry_hash,
        payload,
    })
}

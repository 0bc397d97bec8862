//! Signed checkpoints of the chain head, kept with the trail and published to auditors.

use chrono::{DateTime, SubsecRound, Utc};
use ra_domain::audit::{Checkpoint, CheckpointKey, Digest};

use super::chain::head;
use crate::{Db, DbError, DbResult, Tx, on_pool, on_tx};

/// A checkpoint as stored: what was signed, by which public key, and the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub checkpoint: Checkpoint,
    pub public_key: String,
    pub signature: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    position: i64,
    entry_hash: String,
    signed_at: DateTime<Utc>,
    public_key: String,
    signature: String,
}

impl TryFrom<Row> for Signed {
    type Error = DbError;
    fn try_from(r: Row) -> DbResult<Self> {
        let entry_hash = Digest::from_hex(&r.entry_hash).ok_or_else(|| {
            DbError::Corrupt(format!("checkpoint {}'s hash is not hex", r.position))
        })?;
        Ok(Signed {
            checkpoint: Checkpoint {
                position: r.position,
                entry_hash,
                signed_at: r.signed_at,
            },
            public_key: r.public_key,
            signature: r.signature,
        })
    }
}

const COLUMNS: &str = "SELECT position, entry_hash, signed_at, public_key, signature \
    FROM audit_checkpoints";

/// Every checkpoint with its signature, oldest first, as `tx` sees them.
pub(super) async fn all_in(tx: &mut Tx) -> DbResult<Vec<(Checkpoint, String)>> {
    let sql = format!("{COLUMNS} ORDER BY position");
    let rows: Vec<Row> = on_tx!(tx, |c| sqlx::query_as(&sql).fetch_all(c).await?);
    rows.into_iter()
        .map(|r| Signed::try_from(r).map(|s| (s.checkpoint, s.signature)))
        .collect()
}

/// The newest checkpoint, for exports and the auditors' page.
pub async fn latest(db: &Db) -> DbResult<Option<Signed>> {
    let sql = format!("{COLUMNS} ORDER BY position DESC LIMIT 1");
    let row: Option<Row> = on_pool!(db, |p| sqlx::query_as(&sql).fetch_optional(p).await?);
    row.map(Signed::try_from).transpose()
}

/// Signs the head if it moved since the last checkpoint. Several instances may race to
/// sign the same head: the first insert wins and the others change nothing.
pub async fn sign_head(
    db: &Db,
    key: &CheckpointKey,
    now: DateTime<Utc>,
) -> DbResult<Option<Checkpoint>> {
    let (position, entry_hash) = head(db).await?;
    let latest_position = latest(db).await?.map_or(0, |s| s.checkpoint.position);
    if position == 0 || position <= latest_position {
        return Ok(None);
    }
    let checkpoint = Checkpoint {
        position,
        entry_hash,
        signed_at: now.trunc_subsecs(6),
    };
    const SQL: &str = "INSERT INTO audit_checkpoints \
        (position, entry_hash, signed_at, public_key, signature) VALUES ($1, $2, $3, $4, $5) \
        ON CONFLICT (position) DO NOTHING";
    let written = on_pool!(db, |p| sqlx::query(SQL)
        .bind(position)
        .bind(entry_hash.to_hex())
        .bind(checkpoint.signed_at)
        .bind(key.public().to_base64())
        .bind(key.sign(&checkpoint))
        .execute(p)
        .await?
        .rows_affected());
    Ok((written == 1).then_some(checkpoint))
}

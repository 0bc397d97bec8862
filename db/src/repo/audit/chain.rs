//! Appending to the chain. The head row is locked by the `UPDATE` that reserves the
//! positions, and stays locked until the caller's transaction ends, so transactions on
//! any number of portal instances take positions one after another, in commit order.
//! Callers record their audit events as their last step, which keeps that lock short.

use chrono::{DateTime, SubsecRound, Utc};
use ra_domain::{
    PersonId,
    audit::{Digest, EntryFields, Provenance, Salt, actions, entry_hash, payload_hash},
};
use sqlx::types::Json;
use uuid::Uuid;

use super::{AuditEvent, origin};
use crate::{
    Db, DbError, DbResult, Tx, on_pool, on_tx,
    sql::{ROWS_PER_INSERT, value_rows},
};

/// Reserves `$1` positions: returns the last of them and the hash before the first.
const TAKE_HEAD: &str = "UPDATE audit_chain_head SET position = position + $1 WHERE id = 1 \
    RETURNING position, entry_hash";
const SET_HEAD_HASH: &str = "UPDATE audit_chain_head SET entry_hash = $1 WHERE id = 1";

/// An event with its place in the chain.
struct Link {
    id: Uuid,
    position: i64,
    occurred_at: DateTime<Utc>,
    prev: Digest,
    hash: Digest,
    payload_hash: Digest,
    salt: Salt,
}

/// What an entry's hash is made from, before its payload is hashed.
struct Unlinked<'a> {
    position: i64,
    occurred_at: DateTime<Utc>,
    actor: Option<PersonId>,
    action: &'a str,
    subject_type: &'a str,
    subject_id: Option<&'a str>,
    subject_org: Option<&'a str>,
    provenance: Provenance<'a>,
    details: &'a serde_json::Value,
}

fn link(prev: Digest, u: Unlinked<'_>) -> Link {
    // A v4 UUID's 122 random bits: enough that a salted hash cannot be guessed back.
    let salt = Salt(Uuid::new_v4().into_bytes());
    let payload_hash = payload_hash(&salt, u.details);
    let hash = entry_hash(
        &prev,
        &EntryFields {
            position: u.position,
            occurred_at: u.occurred_at,
            actor: u.actor.map(|a| a.0),
            action: u.action,
            subject_type: u.subject_type,
            subject_id: u.subject_id,
            subject_org: u.subject_org,
            provenance: u.provenance,
            payload_hash,
        },
    );
    Link {
        id: Uuid::new_v4(),
        position: u.position,
        occurred_at: u.occurred_at,
        prev,
        hash,
        payload_hash,
        salt,
    }
}

const HEAD: &str = "SELECT position, entry_hash FROM audit_chain_head WHERE id = 1";

fn parse_head((position, hash): (i64, String)) -> DbResult<(i64, Digest)> {
    let hash = Digest::from_hex(&hash)
        .ok_or_else(|| DbError::Corrupt("the audit chain head's hash is not hex".into()))?;
    Ok((position, hash))
}

/// The chain head as committed: the last position and its hash.
pub async fn head(db: &Db) -> DbResult<(i64, Digest)> {
    parse_head(on_pool!(db, |p| sqlx::query_as(HEAD).fetch_one(p).await?))
}

/// The head as `tx` sees it.
pub(super) async fn head_in(tx: &mut Tx) -> DbResult<(i64, Digest)> {
    parse_head(on_tx!(tx, |c| sqlx::query_as(HEAD).fetch_one(c).await?))
}

/// Takes the head row's lock (a no-op update) without moving it.
async fn lock_head(tx: &mut Tx) -> DbResult<()> {
    const SQL: &str = "UPDATE audit_chain_head SET position = position WHERE id = 1";
    on_tx!(tx, |c| sqlx::query(SQL).execute(c).await?.rows_affected());
    Ok(())
}

async fn take_head(tx: &mut Tx, n: usize) -> DbResult<(i64, Digest)> {
    let n = i64::try_from(n).map_err(|_| DbError::Corrupt("too many audit events".into()))?;
    let (last, hash): (i64, String) = on_tx!(tx, |c| sqlx::query_as(TAKE_HEAD)
        .bind(n)
        .fetch_one(c)
        .await?);
    let prev = Digest::from_hex(&hash)
        .ok_or_else(|| DbError::Corrupt("the audit chain head's hash is not hex".into()))?;
    Ok((last - n + 1, prev))
}

async fn set_head_hash(tx: &mut Tx, hash: &Digest) -> DbResult<()> {
    on_tx!(tx, |c| sqlx::query(SET_HEAD_HASH)
        .bind(hash.to_hex())
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Appends `events` in order, in the caller's transaction; returns their ids.
pub(super) async fn append(tx: &mut Tx, events: &[AuditEvent<'_>]) -> DbResult<Vec<Uuid>> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(e) = events.iter().find(|e| actions::find(e.action).is_none()) {
        return Err(DbError::Corrupt(format!(
            "audit action {:?} is not listed in ra_domain::audit::actions",
            e.action
        )));
    }
    let origin = origin::current();
    let (first, mut prev) = take_head(tx, events.len()).await?;
    let mut links = Vec::with_capacity(events.len());
    for (position, e) in (first..).zip(events) {
        let l = link(
            prev,
            Unlinked {
                position,
                occurred_at: e.occurred_at.trunc_subsecs(6),
                actor: e.actor,
                action: e.action,
                subject_type: e.subject_type.as_str(),
                subject_id: e.subject_id,
                subject_org: e.subject_org,
                provenance: origin.provenance(e.actor),
                details: &e.details,
            },
        );
        prev = l.hash;
        links.push(l);
    }
    const PER_ROW: usize = 18;
    for (chunk, chunk_events) in links
        .chunks(ROWS_PER_INSERT)
        .zip(events.chunks(ROWS_PER_INSERT))
    {
        let values: Vec<String> = value_rows(chunk.len(), PER_ROW)
            .map(|p| format!("({})", p.join(", ")))
            .collect();
        let sql = format!(
            "INSERT INTO audit_events (id, occurred_at, actor_person_id, action, subject_type, \
             subject_id, details, position, prev_hash, entry_hash, payload_hash, payload_salt, \
             actor_name, actor_role, actor_org, request_id, client_addr, subject_org) VALUES {}",
            values.join(", ")
        );
        on_tx!(tx, |c| {
            let mut q = sqlx::query(&sql);
            for (l, e) in chunk.iter().zip(chunk_events) {
                let p = origin.provenance(e.actor);
                q = q
                    .bind(l.id)
                    .bind(l.occurred_at)
                    .bind(e.actor)
                    .bind(e.action)
                    .bind(e.subject_type.as_str())
                    .bind(e.subject_id)
                    .bind(Json(&e.details))
                    .bind(l.position)
                    .bind(l.prev.to_hex())
                    .bind(l.hash.to_hex())
                    .bind(l.payload_hash.to_hex())
                    .bind(l.salt.to_hex())
                    .bind(p.actor_name)
                    .bind(p.actor_role)
                    .bind(p.actor_org)
                    .bind(p.request_id)
                    .bind(p.client_addr)
                    .bind(e.subject_org);
            }
            q.execute(c).await?.rows_affected()
        });
    }
    set_head_hash(tx, &prev).await?;
    Ok(links.into_iter().map(|l| l.id).collect())
}

#[derive(sqlx::FromRow)]
struct Unchained {
    id: Uuid,
    occurred_at: DateTime<Utc>,
    actor_person_id: Option<PersonId>,
    action: String,
    subject_type: String,
    subject_id: Option<String>,
    details: Json<serde_json::Value>,
}

/// Chains the rows written before the chain existed, oldest first, a page per
/// transaction. Returns how many it chained; 0 once done (every start after the first).
pub async fn seal_unchained(db: &Db) -> DbResult<u64> {
    const PAGE: i64 = 1000;
    const SELECT: &str = "SELECT id, occurred_at, actor_person_id, action, subject_type, \
        subject_id, details FROM audit_events WHERE position IS NULL \
        ORDER BY occurred_at, id LIMIT $1";
    const SEAL: &str = "UPDATE audit_events SET position = $1, prev_hash = $2, entry_hash = $3, \
        payload_hash = $4, payload_salt = $5 WHERE id = $6 AND position IS NULL";
    let mut sealed = 0;
    loop {
        let mut tx = db.begin().await?;
        // The head is locked before the rows are read, so two instances starting together
        // cannot both chain the same rows (the second waits, then finds none).
        lock_head(&mut tx).await?;
        let rows: Vec<Unchained> = on_tx!(&mut tx, |c| sqlx::query_as(SELECT)
            .bind(PAGE)
            .fetch_all(c)
            .await?);
        if rows.is_empty() {
            return Ok(sealed);
        }
        let (first, mut prev) = take_head(&mut tx, rows.len()).await?;
        for (position, r) in (first..).zip(&rows) {
            let l = link(
                prev,
                Unlinked {
                    position,
                    occurred_at: r.occurred_at,
                    actor: r.actor_person_id,
                    action: &r.action,
                    subject_type: &r.subject_type,
                    subject_id: r.subject_id.as_deref(),
                    subject_org: None,
                    // Rows from before the chain recorded no provenance.
                    provenance: Provenance::default(),
                    details: &r.details.0,
                },
            );
            on_tx!(&mut tx, |c| sqlx::query(SEAL)
                .bind(position)
                .bind(l.prev.to_hex())
                .bind(l.hash.to_hex())
                .bind(l.payload_hash.to_hex())
                .bind(l.salt.to_hex())
                .bind(r.id)
                .execute(c)
                .await?
                .rows_affected());
            prev = l.hash;
        }
        set_head_hash(&mut tx, &prev).await?;
        tx.commit().await?;
        sealed += rows.len() as u64;
    }
}

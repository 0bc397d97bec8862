//! Retention: the personal data in the audit entries of closed requests is redacted once
//! the retention period has passed since the request closed. Each entry's payload and
//! salt go (the columns the chain hashes stay, so it still verifies), and the redaction
//! is itself an entry naming the positions it redacted — all in one transaction, so a
//! verifier never sees a payload gone without its record.

use chrono::{DateTime, Utc};
use ra_domain::{RequestId, audit::redaction_payload};
use serde_json::json;

use super::{AuditEvent, Subject, record};
use crate::{
    Db, DbResult, on_tx,
    sql::{closed_states, placeholders},
};

/// What one pass redacted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redacted {
    pub requests: usize,
    pub positions: Vec<i64>,
}

/// Redacts the entries of up to `batch` requests closed before `cutoff`; call again until
/// it redacts none.
pub async fn redact_closed_requests(
    db: &Db,
    cutoff: DateTime<Utc>,
    batch: i64,
    now: DateTime<Utc>,
) -> DbResult<Redacted> {
    let due = format!(
        "SELECT id FROM registration_requests WHERE audit_redacted_at IS NULL \
         AND state IN {} AND last_step_at < $1 ORDER BY last_step_at LIMIT $2",
        closed_states!()
    );
    let mut tx = db.begin().await?;
    let ids: Vec<RequestId> = on_tx!(&mut tx, |c| sqlx::query_scalar(&due)
        .bind(cutoff)
        .bind(batch)
        .fetch_all(c)
        .await?);
    if ids.is_empty() {
        return Ok(Redacted::default());
    }
    let subjects: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let redact = format!(
        "UPDATE audit_events SET details = $1, payload_salt = NULL, redacted_at = $2 \
         WHERE subject_type = 'registration_request' AND subject_id IN ({}) \
         AND position IS NOT NULL AND redacted_at IS NULL RETURNING position",
        placeholders(3, subjects.len())
    );
    let mut positions: Vec<i64> = on_tx!(&mut tx, |c| {
        let mut q = sqlx::query_scalar(&redact)
            .bind(sqlx::types::Json(json!({ "redacted": true })))
            .bind(now);
        for s in &subjects {
            q = q.bind(s);
        }
        q.fetch_all(c).await?
    });
    positions.sort_unstable();
    let mark = format!(
        "UPDATE registration_requests SET audit_redacted_at = $1 WHERE id IN ({})",
        placeholders(2, ids.len())
    );
    on_tx!(&mut tx, |c| {
        let mut q = sqlx::query(&mark).bind(now);
        for id in &ids {
            q = q.bind(id);
        }
        q.execute(c).await?.rows_affected()
    });
    if !positions.is_empty() {
        let mut details = redaction_payload(&positions);
        details["summary"] = json!(format!(
            "Personal data redacted from {} entries of {} closed requests",
            positions.len(),
            ids.len()
        ));
        details["requests"] = json!(subjects);
        record(
            &mut tx,
            AuditEvent {
                actor: None,
                action: ra_domain::audit::REDACTION_ACTION,
                subject_type: Subject::Audit,
                subject_id: None,
                subject_org: None,
                details,
                occurred_at: now,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Redacted {
        requests: ids.len(),
        positions,
    })
}

//! The auditors' exports: the filtered trail (`GET /api/audit/export.csv`), closed by the
//! latest signed checkpoint so a copy can be checked against it later, and the filtered
//! device report (`GET /api/audit/devices.csv`).

use app::{
    AppError,
    api::audit::{AuditFilters, DeviceFilters, EntryView, audit_query, device_query},
};
use axum::{
    Extension,
    extract::{Query, RawQuery, State, rejection::QueryRejection},
    response::{IntoResponse, Response},
};
use ra_db::repo::audit::{checkpoints, reports, search};
use ra_domain::Principal;

use super::SafeCsv;
use crate::state::AppState;

/// More than this and the export is refused: a file auditors can open, built in memory.
pub const MAX_EXPORT_ROWS: usize = 50_000;
const BATCH: u32 = 1000;

pub(super) fn too_many() -> Response {
    AppError::Validation(format!(
        "More than {MAX_EXPORT_ROWS} entries match. Narrow the dates or add a filter, then export again."
    ))
    .into_response()
}

pub async fn audit(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    RawQuery(raw): RawQuery,
    query: Result<Query<AuditFilters>, QueryRejection>,
) -> Response {
    let Some(Extension(me)) = principal else {
        return AppError::Unauthenticated.into_response();
    };
    let filters = match query {
        Ok(Query(f)) => f,
        Err(e) => return AppError::BadRequest(e.body_text()).into_response(),
    };
    let mut q = match audit_query(&state.db, &filters).await {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    q.limit = BATCH;
    let mut out = SafeCsv::new(&[
        "position",
        "occurred_at",
        "actor",
        "actor_identity",
        "actor_role",
        "action",
        "what",
        "target",
        "organisation",
        "summary",
        "details",
        "request_id",
        "client_address",
        "redacted",
        "prev_hash",
        "entry_hash",
    ]);
    let mut rows = 0;
    loop {
        let page = match search::search(&state.db, &q).await {
            Ok(p) => p,
            Err(e) => return AppError::from(e).into_response(),
        };
        rows += page.entries.len();
        if rows > MAX_EXPORT_ROWS {
            return too_many();
        }
        for e in page.entries {
            let e = EntryView::from(e);
            let details = e.details.map(|d| compact(&d)).unwrap_or_default();
            out.row([
                e.position.to_string(),
                e.when,
                e.actor,
                e.identity.unwrap_or_default(),
                e.role.unwrap_or_default(),
                e.action,
                e.what,
                e.target,
                e.org.unwrap_or_default(),
                e.summary,
                details,
                e.request_id.unwrap_or_default(),
                e.client_addr.unwrap_or_default(),
                if e.redacted { "yes" } else { "no" }.to_owned(),
                e.prev_hash.unwrap_or_default(),
                e.entry_hash.unwrap_or_default(),
            ]);
        }
        match page.next {
            Some(p) => q.before = Some(p),
            None => break,
        }
    }
    // After a blank line, what the copy can be checked against.
    match checkpoints::latest(&state.db).await {
        Ok(Some(c)) => {
            out.blank();
            out.row([
                "checkpoint_position",
                "checkpoint_entry_hash",
                "checkpoint_signed_at",
                "audit_public_key",
                "signature",
            ]);
            out.row([
                c.checkpoint.position.to_string(),
                c.checkpoint.entry_hash.to_hex(),
                c.checkpoint
                    .signed_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                c.public_key,
                c.signature,
            ]);
        }
        Ok(None) => {}
        Err(e) => return AppError::from(e).into_response(),
    }
    out.audited(&state.db, &me, "audit-trail.csv", raw.as_deref())
        .await
}

/// The details JSON on one line, as a cell.
fn compact(pretty: &str) -> String {
    serde_json::from_str::<serde_json::Value>(pretty)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| pretty.to_owned())
}

pub async fn devices(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    RawQuery(raw): RawQuery,
    query: Result<Query<DeviceFilters>, QueryRejection>,
) -> Response {
    let Some(Extension(me)) = principal else {
        return AppError::Unauthenticated.into_response();
    };
    let filters = match query {
        Ok(Query(f)) => f,
        Err(e) => return AppError::BadRequest(e.body_text()).into_response(),
    };
    let mut q = match device_query(&filters) {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    q.limit = BATCH;
    let mut out = SafeCsv::new(&[
        "person",
        "email",
        "device",
        "organisation",
        "phone",
        "registered_at",
        "removed_at",
        "removal_reason",
        "request_id",
    ]);
    let mut rows = 0;
    loop {
        let page = match reports::devices(&state.db, &q).await {
            Ok(p) => p,
            Err(e) => return AppError::from(e).into_response(),
        };
        rows += page.rows.len();
        if rows > MAX_EXPORT_ROWS {
            return too_many();
        }
        for d in page.rows {
            out.row([
                d.person_name,
                d.person_email,
                d.kind,
                d.ods_code,
                d.phone_kind,
                d.registered_at.to_rfc3339(),
                d.removed_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                d.removal_reason.unwrap_or_default(),
                d.request_id.to_string(),
            ]);
        }
        match page.next {
            Some(c) => q.after = Some(c),
            None => break,
        }
    }
    out.audited(&state.db, &me, "devices.csv", raw.as_deref())
        .await
}

//! Server functions for Authenticator registration requests.
//!
//! Permissions: organisation managers raise requests for their organisations and their
//! sites, see only those, and may cancel them; RA officers see the whole queue and run
//! every other step; auditors read everything. Each function checks for itself.

// Server functions take one argument per form field; the generated browser-side code
// cannot carry an item-level allow.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use ra_domain::registration::{Action, RequestState};
use serde::{Deserialize, Serialize};

use crate::AppError;

pub const QUEUE_PAGE: u32 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub id: String,
    pub person_name: String,
    pub email: String,
    pub job_role: String,
    pub ods_code: String,
    pub org_name: Option<String>,
    pub state: RequestState,
    pub source: String,
    pub requested_by: Option<String>,
    pub requested_on: String,
    /// Whole days since the request was raised.
    pub age_days: i64,
    /// No step for longer than the stale limit (working days).
    pub stale: bool,
    /// Why it needs an RA officer's attention (e.g. its domain was suspended).
    pub flag: Option<String>,
}

/// The queue's filters as the form sends them (empty means any), like CIM's request
/// reports; `requested_by` and `completed_by` match a name or email.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilters {
    pub state: Option<String>,
    pub org: Option<String>,
    pub source: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub requested_by: Option<String>,
    pub completed_by: Option<String>,
    /// `newest` (default) or `oldest`.
    pub sort: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub requests: Vec<RequestSummary>,
    pub next: Option<String>,
    pub counts: Vec<(RequestState, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItem {
    pub when: String,
    pub who: String,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub summary: RequestSummary,
    pub phone: String,
    pub phone_kind: String,
    /// "Sam Okafor is reviewing this until 10:15 UTC", while someone else holds it.
    pub locked_by_other: Option<String>,
    pub meeting: Option<String>,
    pub identity_documents: Vec<String>,
    pub decision_reason: Option<String>,
    /// Steps the caller may take now.
    pub actions: Vec<Action>,
    /// The person's authenticators, newest first.
    pub devices: Vec<DeviceView>,
    pub timeline: Vec<TimelineItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub kind: String,
    pub registered: String,
    /// "Removed 3 December 2026 by Sam Okafor: phone lost".
    pub removed: Option<String>,
}

/// A manager asks for one person's registration.
#[server(endpoint = "registration/raise")]
pub async fn raise_request(
    full_name: String,
    email: String,
    job_role: String,
    ods_code: String,
    phone: String,
    phone_kind: Option<String>,
) -> Result<String, AppError> {
    use ra_domain::registration::{RequestForm, validate_request};
    let me = auth::principal()?;
    let form = RequestForm {
        full_name,
        email,
        job_role,
        ods_code,
        phone,
        phone_kind: phone_kind.unwrap_or_default(),
    };
    let valid = validate_request(&form).map_err(|e| auth::fail(AppError::Invalid(e)))?;
    service::raise(&me, valid).await
}

/// The queue (RA officers and auditors: every request; managers: their organisations').
#[server(endpoint = "registration/list")]
pub async fn list_requests(
    state: Option<String>,
    org: Option<String>,
    source: Option<String>,
    from: Option<String>,
    to: Option<String>,
    requested_by: Option<String>,
    completed_by: Option<String>,
    sort: Option<String>,
    after: Option<String>,
) -> Result<QueuePage, AppError> {
    let me = auth::principal()?;
    let filters = QueueFilters {
        state,
        org,
        source,
        from,
        to,
        requested_by,
        completed_by,
        sort,
    };
    service::list(&me, filters, after).await
}

#[server(endpoint = "registration/get")]
pub async fn get_request(id: String) -> Result<RequestDetail, AppError> {
    let me = auth::principal()?;
    service::detail(&me, &id).await
}

/// One step of the lifecycle. `documents` are the three document types of the identity
/// check; `meeting_at` is `YYYY-MM-DDTHH:MM` (UTC) and `meeting_mode` `video` or
/// `face_to_face` when booking.
#[server(endpoint = "registration/step")]
pub async fn request_step(
    id: String,
    action: String,
    reason: Option<String>,
    meeting_at: Option<String>,
    meeting_mode: Option<String>,
    document_1: Option<String>,
    document_2: Option<String>,
    document_3: Option<String>,
) -> Result<(), AppError> {
    let me = auth::principal()?;
    let docs = [document_1, document_2, document_3]
        .into_iter()
        .flatten()
        .filter(|d| !d.is_empty())
        .collect();
    service::step(
        &me,
        &id,
        &action,
        service::StepInput {
            reason: reason.unwrap_or_default(),
            meeting_at,
            meeting_mode,
            documents: docs,
        },
    )
    .await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkPreviewRow {
    pub line: usize,
    pub full_name: String,
    pub email: String,
    pub ods_code: String,
    pub verdict: String,
    pub explanation: String,
    pub is_new: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkPreview {
    pub id: String,
    pub file_name: String,
    pub rows: Vec<BulkPreviewRow>,
    pub new_count: usize,
    pub committed: bool,
}

/// A staff CSV's rows with their verdicts, against the database as it is now.
#[server(endpoint = "registration/bulk/preview")]
pub async fn preview_bulk(id: String) -> Result<BulkPreview, AppError> {
    let me = auth::principal()?;
    service::bulk_preview(&me, &id).await
}

/// Raises every row's request, or none.
#[server(endpoint = "registration/bulk/commit")]
pub async fn commit_bulk(id: String) -> Result<usize, AppError> {
    let me = auth::principal()?;
    service::bulk_commit(&me, &id).await
}

#[cfg(feature = "ssr")]
use crate::auth;

#[cfg(feature = "ssr")]
pub mod service;

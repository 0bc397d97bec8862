//! Authenticator registration requests: what the browser shares (the views below) and
//! one file per use: `raise`, `queue`, `detail`, `step`, `bulk`. Their server sides share
//! `rows` (stored rows into views) and `emails` (every email's wording).
//!
//! Permissions (the table in `crate::rights`): organisation managers raise requests for
//! their organisations and sites, see only those and may cancel them; RA officers see the
//! whole queue and take every other step; auditors read everything.

use ra_domain::registration::{Action, RequestSource, RequestState};
use serde::{Deserialize, Serialize};

pub use crate::api::history::HistoryItem;

mod bulk;
mod detail;
#[cfg(feature = "ssr")]
pub mod emails;
mod queue;
mod raise;
#[cfg(feature = "ssr")]
mod rows;
mod step;

/// A stored request as the queue shows it (the rollout page lists them too).
#[cfg(feature = "ssr")]
pub use rows::summary;

#[cfg(feature = "ssr")]
pub use bulk::StaffImport;
pub use bulk::{CommitBulk, PreviewBulk, commit_bulk, preview_bulk};
pub use detail::{GetRequest, get_request};
#[cfg(feature = "ssr")]
pub use queue::every_request;
pub use queue::{ListRequests, list_requests};
pub use raise::{RaiseRequest, raise_request};
pub use step::{RequestStep, request_step};

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
    pub source: RequestSource,
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
    /// Raised from this day (the date input's boxes) to that one, both included.
    pub from_day: Option<String>,
    pub from_month: Option<String>,
    pub from_year: Option<String>,
    pub to_day: Option<String>,
    pub to_month: Option<String>,
    pub to_year: Option<String>,
    pub requested_by: Option<String>,
    pub completed_by: Option<String>,
    /// `yes`: only open requests with no step for longer than the stale limit.
    pub stale: Option<String>,
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
    pub timeline: Vec<HistoryItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub kind: String,
    pub registered: String,
    /// "Removed 3 December 2026 by Sam Okafor: phone lost".
    pub removed: Option<String>,
}

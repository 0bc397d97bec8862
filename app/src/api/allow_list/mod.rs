//! The email-domain allow list: the views the browser shares (below) and one file per
//! use: `list`, `check`, `domain` (the server's verdict on a typed domain), `entry`, `add` (RA officers add, managers request), `step`
//! (decide, submit, withdraw) and `import` (CSV, through the shared pipeline). Their
//! server sides share `rows`.
//!
//! Permissions (the table in `crate::rights`): anyone with a portal role lists entries
//! and anyone signed in checks addresses; sponsors request domains for their own
//! organisations; RA officers add, decide and withdraw; auditors read everything,
//! history included.

use ra_domain::allow_list::{ActionKind, EntryStatus};
use serde::{Deserialize, Serialize};

pub use crate::api::history::HistoryItem;

mod add;
mod check;
mod domain;
mod entry;
mod import;
mod list;
#[cfg(feature = "ssr")]
mod rows;
mod step;

pub use add::{AddEntry, RequestDomain, add_entry, request_domain};
pub use check::{CheckAddress, check_address};
#[cfg(feature = "ssr")]
pub use check::{check, index_for};
pub use domain::{DomainProblem, domain_problem};
pub use entry::{GetEntry, get_entry};
#[cfg(feature = "ssr")]
pub use import::DomainImport;
pub use import::{CommitImport, PreviewImport, commit_import, preview_import};
pub use list::{ListEntries, PAGE_SIZE, list_entries};
#[cfg(feature = "ssr")]
pub use rows::{ListFilters, SUBJECT, list_query};
pub use step::{TakeStep, WithdrawImpact, take_step, withdraw_impact};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntrySummary {
    pub id: String,
    /// ASCII (IDNA) form, as stored and as CIS2 lists it.
    pub domain: String,
    /// Unicode form, for people to read; equal to `domain` for ASCII names.
    pub domain_display: String,
    pub covers_subdomains: bool,
    pub ods_code: String,
    pub org_name: Option<String>,
    pub status: EntryStatus,
    pub status_changed_on: String,
    /// Submitted entries: days NHS England has had it, and whether that is overdue.
    pub days_waiting: Option<i64>,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage {
    pub entries: Vec<EntrySummary>,
    /// Cursor for the next page, when there is one.
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckAnswer {
    pub allowed: bool,
    pub message: String,
    /// The entry that decided, for a link to it.
    pub entry_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryDetail {
    pub summary: EntrySummary,
    pub source: String,
    /// Reason, evidence and history: for RA officers, auditors and the organisation's
    /// managers only.
    pub records: Option<EntryRecords>,
    /// Steps the caller may take now (RA officers only; empty for everyone else).
    pub actions: Vec<ActionKind>,
    /// The server's date (`YYYY-MM-DD`), the default for "submitted on": the browser's
    /// clock is neither available to every build nor trusted.
    pub today: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRecords {
    pub reason: String,
    pub evidence_url: Option<String>,
    pub created_by: Option<String>,
    pub created_on: String,
    pub status_reason: Option<String>,
    pub submitted_on: Option<String>,
    pub nhse_reference: Option<String>,
    pub history: Vec<HistoryItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    pub domain: String,
    pub status: EntryStatus,
    pub covers_subdomains: bool,
    pub people: i64,
    pub open_requests: i64,
    pub devices: i64,
}

//! Server functions for the email-domain allow list.
//!
//! Permissions: everyone signed in lists entries and checks addresses; organisation
//! managers request domains for their own organisations; RA officers add, decide and
//! withdraw; auditors read everything, history included. Each function checks its
//! capability itself: hiding a button is not a permission.

use leptos::prelude::*;
use ra_domain::allow_list::{ActionKind, EntryStatus};
use serde::{Deserialize, Serialize};

use crate::AppError;

/// Rows per page of the list.
pub const PAGE_SIZE: u32 = 50;

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
pub struct HistoryItem {
    pub when: String,
    pub who: String,
    pub what: String,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: usize,
    pub domain: String,
    pub ods_code: String,
    pub covers_subdomains: String,
    pub verdict: String,
    pub explanation: String,
    pub is_new: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: String,
    pub file_name: String,
    pub rows: Vec<PreviewRow>,
    pub new_count: usize,
    pub committed: bool,
}

/// One page of the list. Filters: `q` (part of a domain, an ODS code or part of an
/// organisation's name), `status`, `org` (exact ODS code), `sort` (`domain`,
/// `domain_desc`, `recent`), `after` (cursor from the previous page).
#[server(endpoint = "allow-list/list")]
pub async fn list_entries(
    q: Option<String>,
    status: Option<String>,
    org: Option<String>,
    sort: Option<String>,
    after: Option<String>,
) -> Result<ListPage, AppError> {
    use ra_db::repo::allow_list as repo;
    auth::require(auth::principal()?.via_cis2())?;
    let query = service::list_query(q, status, org, sort, after, PAGE_SIZE)?;
    let db = auth::db()?;
    let page = repo::list(&db, &query).await?;
    let today = chrono::Utc::now().date_naive();
    Ok(ListPage {
        entries: page
            .rows
            .iter()
            .map(|r| service::summary(r, today))
            .collect::<Result<_, _>>()?,
        next: page.next.map(|c| c.encode()),
    })
}

/// Can this address be used with Microsoft Authenticator, and why.
#[server(endpoint = "allow-list/check")]
pub async fn check_address(address: String) -> Result<CheckAnswer, AppError> {
    use ra_domain::allow_list::CheckOutcome;
    auth::principal()?;
    let outcome = service::check(&auth::db()?, &address).await?;
    let entry_id = match &outcome {
        CheckOutcome::Allowed { entry, .. } | CheckOutcome::NotActive { entry, .. } => {
            Some(entry.id.to_string())
        }
        CheckOutcome::ParentWithoutSubdomains { parent, .. } => Some(parent.id.to_string()),
        _ => None,
    };
    Ok(CheckAnswer {
        allowed: outcome.is_allowed(),
        message: outcome.explain(),
        entry_id,
    })
}

/// One entry; reason, evidence and history only for those who may read them.
#[server(endpoint = "allow-list/entry")]
pub async fn get_entry(id: String) -> Result<EntryDetail, AppError> {
    use ra_db::repo::audit;
    let me = auth::principal()?;
    auth::require(me.via_cis2())?;
    let db = auth::db()?;
    let row = service::find(&db, &id).await?;
    let today = chrono::Utc::now().date_naive();
    let summary = service::summary(&row, today)?;
    let org = ra_domain::OdsCode::parse(&row.ods_code).map_err(|_| AppError::Internal)?;
    let records = if me.reads_records_of(&org) {
        let history = audit::for_subject(&db, service::SUBJECT, &row.id.to_string())
            .await?
            .into_iter()
            .map(service::history_item)
            .collect();
        Some(EntryRecords {
            reason: row.reason.clone(),
            evidence_url: row.evidence_url.clone(),
            created_by: row.created_by_name.clone(),
            created_on: service::day(row.created_at),
            status_reason: row.status_reason.clone(),
            submitted_on: row.submitted_on.map(|d| d.format("%-d %B %Y").to_string()),
            nhse_reference: row.nhse_reference.clone(),
            history,
        })
    } else {
        None
    };
    let actions = match me.ra_officer() {
        Ok(_) => summary.status.allowed_actions().to_vec(),
        Err(_) => Vec::new(),
    };
    Ok(EntryDetail {
        summary,
        source: row.source,
        records,
        actions,
        today: today.to_string(),
    })
}

/// An RA officer adds a domain: `initial` is `active` (already on the CIS2 list) or
/// `to_submit` (still to be sent to NHS England).
#[server(endpoint = "allow-list/add")]
pub async fn add_entry(
    domain: String,
    ods_code: String,
    covers_subdomains: Option<String>,
    note: String,
    initial: String,
) -> Result<String, AppError> {
    use ra_domain::allow_list::{EntryForm, Origin};
    let me = auth::principal()?;
    let officer = auth::require(me.ra_officer())?;
    let origin = match initial.as_str() {
        "active" => Origin::DirectActive,
        "to_submit" => Origin::DirectToSubmit,
        _ => {
            return Err(auth::fail(AppError::field(
                "initial",
                "Choose whether the domain is already on the CIS2 allow list",
            )));
        }
    };
    let form = EntryForm {
        domain,
        ods_code,
        covers_subdomains: covers_subdomains.is_some(),
        reason: note,
        evidence_url: String::new(),
    };
    service::create(officer.person_id, &form, origin).await
}

/// An organisation manager asks for a domain for one of their own organisations.
#[server(endpoint = "allow-list/request")]
pub async fn request_domain(
    domain: String,
    ods_code: String,
    covers_subdomains: Option<String>,
    reason: String,
    evidence_url: String,
) -> Result<String, AppError> {
    use ra_domain::allow_list::{EntryForm, Origin};
    let me = auth::principal()?;
    let form = EntryForm {
        domain,
        ods_code,
        covers_subdomains: covers_subdomains.is_some(),
        reason,
        evidence_url,
    };
    // Validate first so a mistyped code reads as a field error, then authorise on the
    // normalised code.
    let valid = ra_domain::allow_list::validate(&form, Origin::Request)
        .map_err(|e| auth::fail(AppError::Invalid(e)))?;
    auth::require(me.via_cis2())?;
    let manager = auth::require(me.manager_of(&valid.ods_code))?;
    service::create(manager.person_id, &form, Origin::Request).await
}

/// An RA officer moves an entry on: accept, reject, submit, activate, suspend,
/// reinstate or remove.
#[server(endpoint = "allow-list/step")]
pub async fn take_step(
    id: String,
    action: String,
    reason: Option<String>,
    submitted_on: Option<String>,
    reference: Option<String>,
) -> Result<(), AppError> {
    let me = auth::principal()?;
    let officer = auth::require(me.ra_officer())?;
    service::step(officer, &id, &action, reason, submitted_on, reference).await
}

/// What suspending or removing an entry would affect.
#[server(endpoint = "allow-list/impact")]
pub async fn withdraw_impact(id: String) -> Result<Impact, AppError> {
    use ra_db::repo::allow_list as repo;
    let me = auth::principal()?;
    auth::require(me.ra_officer())?;
    let db = auth::db()?;
    let row = service::find(&db, &id).await?;
    let domain = service::stored_domain(&row.domain)?;
    let impact = repo::impact(&db, &domain, row.covers_subdomains).await?;
    Ok(Impact {
        domain: domain.to_unicode(),
        status: row.status()?,
        covers_subdomains: row.covers_subdomains,
        people: impact.people,
        open_requests: impact.open_requests,
        devices: impact.devices,
    })
}

/// A CSV file's rows with their verdicts against the list as it is now.
#[server(endpoint = "allow-list/import/preview")]
pub async fn preview_import(id: String) -> Result<ImportPreview, AppError> {
    let me = auth::principal()?;
    let officer = auth::require(me.ra_officer())?;
    let db = auth::db()?;
    let (import, judged) = service::judged_import(&db, &officer, &id).await?;
    let rows: Vec<PreviewRow> = judged
        .iter()
        .map(|j| PreviewRow {
            line: j.raw.line,
            domain: j.raw.domain.clone(),
            ods_code: j.raw.ods_code.clone(),
            covers_subdomains: j.raw.covers_subdomains.clone(),
            verdict: j.verdict.label().to_owned(),
            explanation: j.verdict.explain(),
            is_new: j.verdict.is_new(),
        })
        .collect();
    Ok(ImportPreview {
        id: import.id.to_string(),
        file_name: import.file_name,
        new_count: rows.iter().filter(|r| r.is_new).count(),
        rows,
        committed: import.committed_at.is_some(),
    })
}

/// Adds every row of an import, or none: any row that is not new refuses the commit.
#[server(endpoint = "allow-list/import/commit")]
pub async fn commit_import(id: String) -> Result<usize, AppError> {
    let me = auth::principal()?;
    let officer = auth::require(me.ra_officer())?;
    service::commit_import(officer, &id).await
}

#[cfg(feature = "ssr")]
use crate::auth;

#[cfg(feature = "ssr")]
pub mod service;

//! Stored entries into what pages show, and the list's filters read from a form.

use chrono::{DateTime, NaiveDate, Utc};
use ra_db::{
    Db,
    repo::{
        allow_list::{self as repo, EntryRow},
        audit::{Subject, SubjectEvent},
    },
};
use ra_domain::{
    EntryId, OdsCode,
    allow_list::{EntryStatus, overdue_before, turnaround},
};

use super::EntrySummary;
use crate::{
    AppError,
    api::history::{self, HistoryItem},
};

/// How an entry's events are filed in the audit trail.
pub const SUBJECT: Subject = Subject::AllowListEntry;

/// Days after submission when an entry counts as overdue (`RA_ALLOW_LIST_OVERDUE_DAYS`).
fn overdue_days() -> u32 {
    crate::api::settings().allow_list_overdue_days
}

pub fn day(t: DateTime<Utc>) -> String {
    t.format("%-d %B %Y").to_string()
}

pub fn summary(r: &EntryRow, today: NaiveDate) -> EntrySummary {
    let waiting = match (r.status, r.submitted_on) {
        (EntryStatus::Submitted, Some(on)) => Some(turnaround(on, today, overdue_days())),
        _ => None,
    };
    EntrySummary {
        id: r.id.to_string(),
        domain: r.domain.to_string(),
        domain_display: r.domain.to_unicode(),
        covers_subdomains: r.covers_subdomains,
        ods_code: r.ods_code.to_string(),
        org_name: r.org_name.clone(),
        status: r.status,
        status_changed_on: day(r.status_changed_at),
        days_waiting: waiting.map(|w| w.days),
        overdue: waiting.is_some_and(|w| w.overdue),
    }
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// The list's filters as a form or link sends them (the page's server function and the
/// CSV export read the same names).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ListFilters {
    pub q: Option<String>,
    pub status: Option<String>,
    pub org: Option<String>,
    pub sort: Option<String>,
    /// `yes`: only submissions NHS England has had for longer than the overdue limit.
    pub overdue: Option<String>,
}

/// The list's filters as a query; each refused with a field message. `overdue_days` is
/// the setting (`RA_ALLOW_LIST_OVERDUE_DAYS`), passed in so the CSV export, which runs
/// outside the server functions' context, filters as the page does.
pub fn list_query(
    f: ListFilters,
    after: Option<String>,
    limit: u32,
    overdue_days: u32,
) -> Result<repo::ListQuery, AppError> {
    let ListFilters {
        q,
        status,
        org,
        sort,
        overdue,
    } = f;
    let submitted_before = match nonempty(overdue).as_deref().map(str::trim) {
        None => None,
        Some("yes") => Some(overdue_before(
            chrono::Utc::now().date_naive(),
            overdue_days,
        )),
        Some(_) => return Err(AppError::field("overdue", "Choose overdue entries or any")),
    };
    let status = match nonempty(status) {
        None => None,
        Some(s) => Some(
            EntryStatus::parse(s.trim())
                .ok_or_else(|| AppError::field("status", "Choose a status from the list"))?,
        ),
    };
    let sort = match nonempty(sort).as_deref().map(str::trim) {
        None | Some("domain") => repo::Sort::DomainAsc,
        Some("domain_desc") => repo::Sort::DomainDesc,
        Some("recent") => repo::Sort::RecentlyChanged,
        Some(_) => return Err(AppError::field("sort", "Choose a sort order from the list")),
    };
    let ods_code = match nonempty(org) {
        None => None,
        Some(o) => Some(OdsCode::parse(&o).map_err(|e| AppError::field("org", e.to_string()))?),
    };
    let search = nonempty(q);
    if search.as_ref().is_some_and(|s| s.chars().count() > 253) {
        return Err(AppError::field("q", "Search for 253 characters or fewer"));
    }
    Ok(repo::ListQuery {
        search,
        status,
        ods_code,
        submitted_before,
        sort,
        after: nonempty(after).and_then(|a| ra_db::cursor::Cursor::decode(&a)),
        limit,
    })
}

pub async fn find(db: &Db, id: &str) -> Result<EntryRow, AppError> {
    let id = EntryId::parse(id).ok_or(AppError::NotFound)?;
    repo::find(db, id).await?.ok_or(AppError::NotFound)
}

pub fn history_item(e: SubjectEvent) -> HistoryItem {
    let what = action_label(&e.action).to_owned();
    history::item(
        e,
        what,
        &[
            ("reason", "Reason"),
            ("reference", "NHS England reference"),
            ("submitted_on", "Submitted on"),
        ],
    )
}

fn action_label(action: &str) -> &str {
    match action {
        "allow_list.requested" => "Requested",
        "allow_list.added" => "Added by an RA officer",
        "allow_list.imported" => "Added by CSV import",
        "allow_list.accepted" => "Accepted",
        "allow_list.rejected" => "Rejected",
        "allow_list.submitted" => "Submitted to NHS England",
        "allow_list.activated" => "Marked active on CIS2",
        "allow_list.suspended" => "Suspended",
        "allow_list.reinstated" => "Reinstated",
        "allow_list.removed" => "Removed",
        other => other,
    }
}

//! The server side of the allow-list server functions: parsing, transactions and audit records.

use chrono::{DateTime, NaiveDate, Utc};
use ra_db::{
    Db, DbError,
    repo::{
        allow_list::{self as repo, EntryRow},
        audit::{self, AuditEvent, SubjectEvent},
    },
};
use ra_domain::{
    PersonId, RaOfficer,
    allow_list::{
        ActionKind, AllowListIndex, CheckOutcome, DomainName, EntryForm, EntryStatus, Origin, Step,
        address_domain, import, turnaround,
    },
};
use serde_json::json;
use uuid::Uuid;

use super::{EntrySummary, HistoryItem};
use crate::{AppError, auth};

/// Audit subject type for allow-list entries.
pub const SUBJECT: &str = "allow_list_entry";

/// Days after submission when an entry counts as overdue (`RA_ALLOW_LIST_OVERDUE_DAYS`).
fn overdue_days() -> u32 {
    crate::api::settings().allow_list_overdue_days
}

pub fn day(t: DateTime<Utc>) -> String {
    t.format("%-d %B %Y").to_string()
}

pub fn stored_domain(raw: &str) -> Result<DomainName, AppError> {
    DomainName::parse(raw).map_err(|e| {
        tracing::error!(domain = raw, error = %e, "stored allow-list domain no longer valid");
        AppError::Internal
    })
}

pub fn summary(r: &EntryRow, today: NaiveDate) -> Result<EntrySummary, AppError> {
    let status = r.status()?;
    let waiting = match (status, r.submitted_on) {
        (EntryStatus::Submitted, Some(on)) => Some(turnaround(on, today, overdue_days())),
        _ => None,
    };
    Ok(EntrySummary {
        id: r.id.to_string(),
        domain: r.domain.clone(),
        domain_display: stored_domain(&r.domain)?.to_unicode(),
        covers_subdomains: r.covers_subdomains,
        ods_code: r.ods_code.clone(),
        org_name: r.org_name.clone(),
        status,
        status_changed_on: day(r.status_changed_at),
        days_waiting: waiting.map(|w| w.days),
        overdue: waiting.is_some_and(|w| w.overdue),
    })
}

pub fn list_query(
    q: Option<String>,
    status: Option<String>,
    org: Option<String>,
    sort: Option<String>,
    after: Option<String>,
    limit: u32,
) -> Result<repo::ListQuery, AppError> {
    let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let status = match nonempty(status) {
        None => None,
        Some(s) => Some(EntryStatus::parse(&s).ok_or_else(|| {
            auth::fail(AppError::field("status", "Choose a status from the list"))
        })?),
    };
    let sort = match nonempty(sort).as_deref() {
        None | Some("domain") => repo::Sort::DomainAsc,
        Some("domain_desc") => repo::Sort::DomainDesc,
        Some("recent") => repo::Sort::RecentlyChanged,
        Some(_) => {
            return Err(auth::fail(AppError::field(
                "sort",
                "Choose a sort order from the list",
            )));
        }
    };
    let ods_code = match nonempty(org) {
        None => None,
        Some(o) => Some(
            ra_domain::OdsCode::parse(&o)
                .map_err(|e| auth::fail(AppError::field("org", e.to_string())))?
                .as_str()
                .to_owned(),
        ),
    };
    let search = nonempty(q);
    if search.as_ref().is_some_and(|s| s.chars().count() > 253) {
        return Err(auth::fail(AppError::field(
            "q",
            "Search for 253 characters or fewer",
        )));
    }
    Ok(repo::ListQuery {
        search,
        status,
        ods_code,
        sort,
        after: nonempty(after).and_then(|a| repo::Cursor::decode(&a)),
        limit,
    })
}

/// How `address` fares against the live allow list: the check every request and every
/// manager's sign-in makes on the server, whatever the form already said.
pub async fn check(db: &Db, address: &str) -> Result<CheckOutcome, AppError> {
    Ok(index_for(db, [address]).await?.check(address))
}

/// The live entries that could decide any of `addresses` (their domains and parents),
/// fetched at once, to check many addresses without a query each.
pub async fn index_for<'a>(
    db: &Db,
    addresses: impl IntoIterator<Item = &'a str>,
) -> Result<AllowListIndex, AppError> {
    let mut domains: Vec<String> = addresses
        .into_iter()
        .filter_map(|a| address_domain(a).ok())
        .flat_map(|d| d.self_and_parents().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    domains.sort();
    domains.dedup();
    let refs: Vec<&str> = domains.iter().map(String::as_str).collect();
    Ok(AllowListIndex::new(repo::live_for(db, &refs).await?))
}

pub async fn find(db: &Db, id: &str) -> Result<EntryRow, AppError> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| auth::fail(AppError::NotFound))?;
    repo::find(db, id)
        .await?
        .ok_or_else(|| auth::fail(AppError::NotFound))
}

pub fn history_item(e: SubjectEvent) -> HistoryItem {
    let d = &e.details.0;
    let mut what = action_label(&e.action).to_owned();
    for (key, label) in [
        ("reason", "Reason"),
        ("reference", "NHS England reference"),
        ("submitted_on", "Submitted on"),
    ] {
        if let Some(v) = d
            .get(key)
            .and_then(|v| v.as_str())
            .filter(|v| !v.is_empty())
        {
            what.push_str(&format!(". {label}: {v}"));
        }
    }
    HistoryItem {
        when: e.occurred_at.format("%-d %B %Y %H:%M UTC").to_string(),
        who: e.actor_name.unwrap_or_else(|| "RA Portal".into()),
        what,
    }
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

fn duplicate(domain: &DomainName) -> AppError {
    auth::fail(AppError::field(
        "domain",
        format!("{} is already on the allow list", domain.to_unicode()),
    ))
}

/// Validates and stores a new entry with its audit record, in one transaction.
pub async fn create(actor: PersonId, form: &EntryForm, origin: Origin) -> Result<String, AppError> {
    let entry = ra_domain::allow_list::validate(form, origin)
        .map_err(|e| auth::fail(AppError::Invalid(e)))?;
    let (source, action) = match origin {
        Origin::Request => ("request", "allow_list.requested"),
        Origin::DirectActive | Origin::DirectToSubmit => ("direct", "allow_list.added"),
    };
    let status = origin.initial_status();
    let now = Utc::now();
    let db = auth::db()?;
    let mut tx = db.begin().await?;
    let id = match repo::insert(
        &mut tx,
        &repo::NewEntryRow {
            domain: &entry.domain,
            covers_subdomains: entry.covers_subdomains,
            ods_code: entry.ods_code.as_str(),
            status,
            source,
            reason: &entry.reason,
            evidence_url: entry.evidence_url.as_deref(),
            created_by: actor,
            now,
        },
    )
    .await
    {
        Ok(id) => id,
        Err(DbError::Duplicate(_)) => return Err(duplicate(&entry.domain)),
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &mut tx,
        AuditEvent {
            actor: Some(actor),
            action,
            subject_type: SUBJECT,
            subject_id: Some(&id.to_string()),
            details: json!({
                "domain": entry.domain.as_str(),
                "ods_code": entry.ods_code.as_str(),
                "covers_subdomains": entry.covers_subdomains,
                "status": status.as_str(),
                "reason": entry.reason,
                "evidence_url": entry.evidence_url,
            }),
            occurred_at: now,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(entry = %id, domain = entry.domain.as_str(), action, "allow-list entry created");
    Ok(id.to_string())
}

pub async fn step(
    officer: RaOfficer,
    id: &str,
    action: &str,
    reason: Option<String>,
    submitted_on: Option<String>,
    reference: Option<String>,
) -> Result<(), AppError> {
    let kind = ActionKind::parse(action)
        .ok_or_else(|| auth::fail(AppError::Validation(format!("Unknown step {action:?}"))))?;
    let submitted_on = match submitted_on
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            auth::fail(AppError::field(
                "submitted_on",
                "Enter the date as a real date, for example 2026-11-24",
            ))
        })?),
    };
    let step = Step {
        kind,
        reason: reason.unwrap_or_default().trim().to_owned(),
        submitted_on,
        reference: reference.unwrap_or_default().trim().to_owned(),
    };
    let db = auth::db()?;
    let row = find(&db, id).await?;
    let from = row.status()?;
    let now = Utc::now();
    let to = ra_domain::allow_list::apply(from, &step, now.date_naive()).map_err(|e| {
        auth::fail(match e.field() {
            Some(field) => AppError::field(field, e.to_string()),
            None => AppError::Conflict(e.to_string()),
        })
    })?;
    let domain = stored_domain(&row.domain)?;
    let is_submit = kind == ActionKind::Submit;
    let mut tx = db.begin().await?;
    let changed = repo::change_status(
        &mut tx,
        &repo::StatusChange {
            id: row.id,
            from,
            to,
            reason: (!step.reason.is_empty()).then_some(step.reason.as_str()),
            submitted_on: step.submitted_on.filter(|_| is_submit),
            reference: is_submit.then_some(step.reference.as_str()),
            now,
        },
    )
    .await;
    match changed {
        Ok(true) => {}
        Ok(false) => {
            return Err(auth::fail(AppError::Conflict(
                "Someone else changed this entry a moment ago. Reload the page to see where it stands."
                    .into(),
            )));
        }
        // Reinstating a domain someone has listed again since it was suspended.
        Err(DbError::Duplicate(_)) => return Err(duplicate(&domain)),
        Err(e) => return Err(e.into()),
    }
    // Requests already raised for addresses under a withdrawn domain wait for an RA
    // officer's review; new ones are refused by the allow-list check.
    let flagged = if matches!(kind, ActionKind::Suspend | ActionKind::Remove) {
        ra_db::repo::registration::flag_for_domain(
            &mut tx,
            domain.as_str(),
            row.covers_subdomains,
            &format!(
                "Email domain {} was {}: {}",
                domain,
                to.label().to_lowercase(),
                step.reason
            ),
        )
        .await?
    } else {
        0
    };
    audit::record(
        &mut tx,
        AuditEvent {
            actor: Some(officer.person_id),
            action: kind.audit_action(),
            subject_type: SUBJECT,
            subject_id: Some(&row.id.to_string()),
            details: json!({
                "domain": domain.as_str(),
                "from": from.as_str(),
                "to": to.as_str(),
                "reason": step.reason,
                "submitted_on": step.submitted_on.map(|d| d.to_string()),
                "reference": is_submit.then_some(step.reference.as_str()),
                "requests_flagged": flagged,
            }),
            occurred_at: now,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(entry = %row.id, from = from.as_str(), to = to.as_str(), "allow-list entry changed");
    Ok(())
}

/// An import and its rows judged against the live list; only its uploader's.
pub async fn judged_import(
    db: &Db,
    officer: &RaOfficer,
    id: &str,
) -> Result<(ra_db::repo::imports::ImportRow, Vec<import::JudgedRow>), AppError> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| auth::fail(AppError::NotFound))?;
    let import = ra_db::repo::imports::find(db, ra_db::repo::imports::ImportKind::AllowList, id)
        .await?
        .filter(|i| i.created_by == officer.person_id.0)
        .ok_or_else(|| auth::fail(AppError::NotFound))?;
    let raw: Vec<import::RawRow> = serde_json::from_value(import.rows.0.clone())
        .map_err(|e| AppError::from(DbError::Corrupt(format!("import rows: {e}"))))?;
    let judged = judge(db, raw).await?;
    Ok((import, judged))
}

pub async fn judge(db: &Db, raw: Vec<import::RawRow>) -> Result<Vec<import::JudgedRow>, AppError> {
    let domains: Vec<String> = raw
        .iter()
        .filter_map(|r| DomainName::parse(&r.domain).ok())
        .map(String::from)
        .collect();
    let refs: Vec<&str> = domains.iter().map(String::as_str).collect();
    let listed = repo::live_for(db, &refs).await?;
    let by_domain: std::collections::HashMap<&str, EntryStatus> = listed
        .iter()
        .map(|e| (e.domain.as_str(), e.status))
        .collect();
    Ok(import::judge(raw, |d| by_domain.get(d.as_str()).copied()))
}

pub async fn commit_import(officer: RaOfficer, id: &str) -> Result<usize, AppError> {
    let db = auth::db()?;
    let (import_row, judged) = judged_import(&db, &officer, id).await?;
    if import_row.committed_at.is_some() {
        return Err(auth::fail(AppError::Conflict(
            "This file has already been imported.".into(),
        )));
    }
    let not_new: Vec<String> = judged
        .iter()
        .filter(|j| !j.verdict.is_new())
        .map(|j| format!("line {}: {}", j.raw.line, j.verdict.explain()))
        .collect();
    if !not_new.is_empty() {
        let shown: Vec<&str> = not_new.iter().take(5).map(String::as_str).collect();
        return Err(auth::fail(AppError::Conflict(format!(
            "Nothing was imported: {} row(s) cannot be added ({}{}). Fix the file and upload it again.",
            not_new.len(),
            shown.join("; "),
            if not_new.len() > 5 { "; …" } else { "" }
        ))));
    }
    let now = Utc::now();
    let mut tx = db.begin().await?;
    if !ra_db::repo::imports::mark_committed(
        &mut tx,
        ra_db::repo::imports::ImportKind::AllowList,
        import_row.id,
        now,
    )
    .await?
    {
        return Err(auth::fail(AppError::Conflict(
            "This file has already been imported.".into(),
        )));
    }
    for j in &judged {
        let import::Verdict::New(e) = &j.verdict else {
            continue;
        };
        let entry_id = match repo::insert(
            &mut tx,
            &repo::NewEntryRow {
                domain: &e.domain,
                covers_subdomains: e.covers_subdomains,
                ods_code: e.ods_code.as_str(),
                status: EntryStatus::Active,
                source: "import",
                reason: &e.note,
                evidence_url: None,
                created_by: officer.person_id,
                now,
            },
        )
        .await
        {
            Ok(id) => id,
            // Listed by someone else since the preview: nothing is kept.
            Err(DbError::Duplicate(_)) => {
                return Err(auth::fail(AppError::Conflict(format!(
                    "Nothing was imported: {} (line {}) was added to the list meanwhile. Upload the file again.",
                    e.domain, j.raw.line
                ))));
            }
            Err(err) => return Err(err.into()),
        };
        audit::record(
            &mut tx,
            AuditEvent {
                actor: Some(officer.person_id),
                action: "allow_list.imported",
                subject_type: SUBJECT,
                subject_id: Some(&entry_id.to_string()),
                details: json!({
                    "domain": e.domain.as_str(),
                    "ods_code": e.ods_code.as_str(),
                    "covers_subdomains": e.covers_subdomains,
                    "status": "active",
                    "reason": e.note,
                    "import": import_row.id.to_string(),
                    "file_name": import_row.file_name,
                    "line": j.raw.line,
                }),
                occurred_at: now,
            },
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(import = %import_row.id, rows = judged.len(), "allow-list import committed");
    Ok(judged.len())
}

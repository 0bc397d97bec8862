//! An RA officer moves an entry on (accept, reject, submit, activate, suspend,
//! reinstate, remove), after seeing who a suspension or removal would affect.

use leptos::prelude::*;

use super::Impact;
use crate::AppError;

#[server(endpoint = "allow-list/step")]
pub async fn take_step(
    id: String,
    action: String,
    reason: Option<String>,
    submitted_on: Option<String>,
    reference: Option<String>,
) -> Result<(), AppError> {
    let me = crate::auth::admit::<TakeStep>()?;
    server::step(
        me.ra_officer()?,
        &id,
        &action,
        reason,
        submitted_on,
        reference,
    )
    .await
}

/// What suspending or removing an entry would affect.
#[server(endpoint = "allow-list/impact")]
pub async fn withdraw_impact(id: String) -> Result<Impact, AppError> {
    use ra_db::repo::allow_list as repo;
    crate::auth::admit::<WithdrawImpact>()?;
    let db = crate::auth::db()?;
    let row = super::rows::find(&db, &id).await?;
    let impact = repo::impact(&db, &row.domain, row.covers_subdomains).await?;
    Ok(Impact {
        domain: row.domain.to_unicode(),
        status: row.status,
        covers_subdomains: row.covers_subdomains,
        people: impact.people,
        open_requests: impact.open_requests,
        devices: impact.devices,
    })
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::{NaiveDate, Utc};
    use ra_db::{
        DbError,
        repo::{
            allow_list as repo,
            audit::{self, AuditEvent},
        },
    };
    use ra_domain::{
        RaOfficer,
        allow_list::{ActionKind, Step},
    };
    use serde_json::json;

    use super::super::rows::{self, SUBJECT};
    use crate::{AppError, auth};

    pub async fn step(
        officer: RaOfficer,
        id: &str,
        action: &str,
        reason: Option<String>,
        submitted_on: Option<String>,
        reference: Option<String>,
    ) -> Result<(), AppError> {
        let kind = ActionKind::parse(action.trim())
            .ok_or_else(|| AppError::Validation(format!("Unknown step {action:?}")))?;
        let submitted_on = match submitted_on
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(s) => Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                AppError::field(
                    "submitted_on",
                    "Enter the date as a real date, for example 2026-11-24",
                )
            })?),
        };
        let step = Step {
            kind,
            reason: reason.unwrap_or_default().trim().to_owned(),
            submitted_on,
            reference: reference.unwrap_or_default().trim().to_owned(),
        };
        let db = auth::db()?;
        let row = rows::find(&db, id).await?;
        let from = row.status;
        let now = Utc::now();
        let to =
            ra_domain::allow_list::apply(from, &step, now.date_naive()).map_err(|e| {
                match e.field() {
                    Some(field) => AppError::field(field, e.to_string()),
                    None => AppError::Conflict(e.to_string()),
                }
            })?;
        let domain = row.domain.clone();
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
                return Err(AppError::Conflict(
                    "Someone else changed this entry a moment ago. Reload the page to see where it stands."
                        .into(),
                ));
            }
            // Reinstating a domain someone has listed again since it was suspended.
            Err(DbError::Duplicate(_)) => return Err(super::super::add::duplicate(&domain)),
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
                actor: Some(officer.person_id()),
                action: kind.audit_action(),
                subject_type: SUBJECT,
                subject_id: Some(&row.id.to_string()),
                subject_org: Some(row.ods_code.as_str()),
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
}

//! RA officers review managers' accesses: list them by status, open one, and approve,
//! reject or withdraw it (withdrawing ends the manager's sessions in the same change).

use leptos::prelude::*;

use super::{AccessList, AccessView};
use crate::AppError;

/// Managers' accesses with one status (pending first by default).
#[server(endpoint = "ra/managers/list")]
pub async fn list_manager_access(status: Option<String>) -> Result<AccessList, AppError> {
    use ra_domain::manager_access::AccessStatus;
    crate::auth::admit::<ListManagerAccess>()?;
    let status = match status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => AccessStatus::Pending,
        Some(s) => AccessStatus::parse(s)
            .ok_or_else(|| AppError::field("status", "Choose a status from the list"))?,
    };
    server::list(&crate::auth::db()?, status).await
}

/// One manager's access, with the decisions an RA officer can take.
#[server(endpoint = "ra/managers/get")]
pub async fn get_manager_access(id: String) -> Result<AccessView, AppError> {
    crate::auth::admit::<GetManagerAccess>()?;
    server::get(&crate::auth::db()?, &id).await
}

/// An RA officer approves, rejects or withdraws a manager's access.
#[server(endpoint = "ra/managers/decide")]
pub async fn decide_manager_access(
    id: String,
    decision: String,
    reason: Option<String>,
    org_name: Option<String>,
) -> Result<(), AppError> {
    use ra_domain::manager_access::AccessDecision;
    let me = crate::auth::admit::<DecideManagerAccess>()?;
    let decision = AccessDecision::parse(decision.trim())
        .ok_or_else(|| AppError::field("decision", "Choose a decision"))?;
    server::decide(
        me.ra_officer()?,
        &id,
        decision,
        reason.unwrap_or_default().trim(),
        org_name.unwrap_or_default().trim(),
    )
    .await
}

#[cfg(feature = "ssr")]
pub(crate) use server::{Decided, write_decision};

#[cfg(feature = "ssr")]
mod server {
    use chrono::{DateTime, Utc};
    use ra_db::{
        Db, Tx,
        repo::{
            audit::{self, AuditEvent, Subject},
            manager_access::{self as repo, AccessRow},
            organisations, sessions,
        },
    };
    use ra_domain::{
        AccessId, PersonId, RaOfficer,
        allow_list::AllowListIndex,
        manager_access::{
            AccessDecision, AccessStatus, decide as check_decision, organisation_note,
        },
    };
    use serde_json::json;

    use super::super::{AccessList, AccessView, emails};
    /// The most accesses one page lists: a few dozen wait at any time, even nationally.
    const LIST_LIMIT: i64 = 200;

    use crate::{
        AppError,
        api::{
            allow_list::{check as check_allow_list, index_for},
            settings,
        },
        auth,
    };

    /// Longest organisation name an RA officer may give on approval.
    const MAX_ORG_NAME: usize = 200;

    fn date(t: DateTime<Utc>) -> String {
        t.format("%-d %B %Y").to_string()
    }

    fn view(row: AccessRow, index: &AllowListIndex) -> Result<AccessView, AppError> {
        let status = row.status;
        let check = index.check(&row.email);
        let domain_note = if status == AccessStatus::Pending {
            organisation_note(&row.ods_code, &check)
        } else {
            None
        };
        let decided = row.decided_at.map(|t| {
            format!(
                "{} {} by {}",
                status.label(),
                date(t),
                row.decided_by_name.as_deref().unwrap_or("an RA officer")
            )
        });
        Ok(AccessView {
            id: row.id.to_string(),
            full_name: row.full_name,
            email: row.email,
            ods_code: row.ods_code.to_string(),
            org_name: row.org_name,
            status,
            requested_on: date(row.requested_at),
            decided,
            reason: row.reason,
            domain_allowed: check.is_allowed(),
            domain_check: check.explain(),
            domain_note,
            decisions: status.decisions().to_vec(),
        })
    }

    pub async fn list(db: &Db, status: AccessStatus) -> Result<AccessList, AppError> {
        let rows = repo::list(db, status, LIST_LIMIT).await?;
        // One allow-list query for the whole page, not one per manager.
        let index = index_for(db, rows.iter().map(|r| r.email.as_str())).await?;
        let items = rows
            .into_iter()
            .map(|row| view(row, &index))
            .collect::<Result<Vec<_>, _>>()?;
        let stored = repo::counts(db).await?;
        let counts: Vec<(AccessStatus, i64)> = AccessStatus::ALL
            .into_iter()
            .map(|s| {
                let n = stored.iter().find(|(k, _)| *k == s);
                (s, n.map_or(0, |(_, n)| *n))
            })
            .collect();
        let total = counts
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n);
        Ok(AccessList {
            status,
            items,
            total,
            counts,
        })
    }

    async fn find(db: &Db, id: &str) -> Result<AccessRow, AppError> {
        let id = AccessId::parse(id).ok_or(AppError::NotFound)?;
        repo::find(db, id).await?.ok_or(AppError::NotFound)
    }

    pub async fn get(db: &Db, id: &str) -> Result<AccessView, AppError> {
        let row = find(db, id).await?;
        let index = index_for(db, [row.email.as_str()]).await?;
        view(row, &index)
    }

    pub async fn decide(
        officer: RaOfficer,
        id: &str,
        decision: AccessDecision,
        reason: &str,
        org_name: &str,
    ) -> Result<(), AppError> {
        let db = auth::db()?;
        let row = find(&db, id).await?;
        let id = row.id;
        let from = row.status;
        let to = check_decision(from, decision, reason).map_err(|e| AppError::Invalid(vec![e]))?;
        let code = row.ods_code.clone();
        if decision == AccessDecision::Approve {
            let check = check_allow_list(&db, &row.email).await?;
            if !check.is_allowed() {
                return Err(AppError::Conflict(format!(
                    "{} cannot be approved: {}",
                    row.email,
                    check.explain()
                )));
            }
            if org_name.chars().count() > MAX_ORG_NAME || org_name.chars().any(char::is_control) {
                return Err(AppError::field(
                    "org_name",
                    format!(
                        "The organisation's name must be {MAX_ORG_NAME} characters or fewer, without control characters"
                    ),
                ));
            }
            // A portal code is given by the portal, never made up by naming it here.
            if row.org_name.is_none() && code.is_local() {
                return Err(AppError::Conflict(format!(
                    "The portal has given no organisation {code}: ask the manager for their organisation's code"
                )));
            }
            if row.org_name.is_none() && org_name.is_empty() {
                return Err(AppError::field(
                    "org_name",
                    format!("Enter the name of the organisation with ODS code {code}"),
                ));
            }
        }
        let now = Utc::now();
        let reason = (!reason.is_empty()).then_some(reason);
        let mut tx = db.begin().await?;
        // Approving a manager of an organisation new to the portal records it too.
        let (org, created) = match (&row.org_name, decision) {
            (None, AccessDecision::Approve) => {
                let up = organisations::upsert(&mut tx, &code, org_name, None, now).await?;
                let summary = format!(
                    "{org_name} ({code}) added on approving {} as its manager",
                    row.full_name
                );
                let event = up.created.then(|| {
                    organisations::created_event(
                        &code,
                        org_name,
                        Some(officer.person_id()),
                        summary,
                        now,
                    )
                });
                (org_name.to_owned(), event)
            }
            (Some(name), _) => (name.clone(), None),
            (None, _) => (code.to_string(), None),
        };
        let decided = Decided {
            by: officer.person_id(),
            to,
            decision,
            reason,
            org: &org,
            now,
        };
        // The decision first: it takes the access's row, then the chain's head, as a
        // manager's sign-in does (the other order could deadlock with it).
        write_decision(&mut tx, &row, &decided).await?;
        if let Some(event) = created {
            audit::record(&mut tx, event).await?;
        }
        tx.commit().await?;
        tracing::info!(access = %id, to = to.as_str(), "manager access decided");
        Ok(())
    }

    /// What an RA officer decided about one access.
    pub struct Decided<'a> {
        pub by: PersonId,
        pub to: AccessStatus,
        pub decision: AccessDecision,
        pub reason: Option<&'a str>,
        /// The organisation's name, for the email and the summary.
        pub org: &'a str,
        pub now: DateTime<Utc>,
    }

    /// Writes a decision in `tx`: the access's new status (refused as a conflict if
    /// someone else decided first), the manager's sessions ended when it is withdrawn,
    /// its audit entry and the email telling them. Access reviews decide through it too.
    pub async fn write_decision(
        tx: &mut Tx,
        row: &AccessRow,
        d: &Decided<'_>,
    ) -> Result<(), AppError> {
        let id = row.id;
        if !repo::decide(tx, id, row.status, d.to, d.by, d.reason, d.now).await? {
            return Err(AppError::Conflict(
                "Someone else decided this access just now. Reload the page to see what they did."
                    .into(),
            ));
        }
        let ended = if d.to == AccessStatus::Revoked {
            sessions::delete_for_person(tx, row.person_id).await?
        } else {
            0
        };
        audit::record(
            tx,
            AuditEvent {
                actor: Some(d.by),
                action: match d.decision {
                    AccessDecision::Approve => "manager_access.approve",
                    AccessDecision::Reject => "manager_access.reject",
                    AccessDecision::Revoke => "manager_access.revoke",
                },
                subject_type: Subject::ManagerAccess,
                subject_id: Some(&id.to_string()),
                subject_org: Some(row.ods_code.as_str()),
                details: json!({
                    "from": row.status.as_str(),
                    "to": d.to.as_str(),
                    "reason": d.reason,
                    "email": row.email,
                    "ods_code": row.ods_code.as_str(),
                    "sessions_ended": ended,
                    "summary": format!("{} {} as a manager of {}", d.to.label(), row.full_name, d.org),
                }),
                occurred_at: d.now,
            },
        )
        .await?;
        emails::decided(
            &settings().public_url,
            &row.email,
            &row.full_name,
            d.org,
            d.decision,
            d.reason,
        )
        .enqueue(tx)
        .await?;
        Ok(())
    }
}

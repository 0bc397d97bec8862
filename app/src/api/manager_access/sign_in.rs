//! A manager spends their sign-in link: the email is proved, the application recorded
//! the first time, and an approved manager signed in. Called by the server's
//! `POST /auth/email-link` route, outside any server function, so settings come as an
//! argument.

use chrono::{DateTime, Utc};
use ra_db::{
    Db, Tx,
    repo::{
        audit::{self, AuditEvent, Subject},
        manager_access as repo, people,
    },
};
use ra_domain::{
    PortalRole, Principal, SignInMethod,
    manager_access::{AccessStatus, EMAIL_LINK_ISSUER},
    principal::OrgLabel,
};
use serde_json::json;

use super::emails;
use crate::{
    AppError,
    api::{Settings, allow_list::check as check_allow_list, secrets::token_hash},
};

/// What spending a sign-in link led to.
pub enum LinkOutcome {
    /// Approved: open the session for this principal in this transaction, which holds
    /// the access so a withdrawal waits for it (and then ends the new session too).
    SignedIn(Principal, Tx),
    /// The email is proved; an RA officer has still to approve them.
    Pending,
    /// Used, expired or never issued (one answer for all three), or the domain left the
    /// allow list since.
    Refused(&'static str),
}

/// Spends a sign-in link: proves the email, records the application the first time, and
/// signs in a manager an RA officer has approved.
pub async fn use_link(
    db: &Db,
    settings: &Settings,
    token: &str,
    now: DateTime<Utc>,
) -> Result<LinkOutcome, AppError> {
    let mut tx = db.begin().await?;
    let Some(link) = repo::take_link(&mut tx, &token_hash(token.trim()), now).await? else {
        return Ok(LinkOutcome::Refused("email-link"));
    };
    // Spend the link even if the answer is no: it must never work twice.
    if !check_allow_list(db, &link.email).await?.is_allowed() {
        tx.commit().await?;
        return Ok(LinkOutcome::Refused("email-domain"));
    }
    let live = repo::find_live(&mut tx, &link.email, &link.ods_code).await?;
    let approved = match &live {
        Some(row) if row.status == AccessStatus::Approved => {
            repo::hold_approved(&mut tx, row.id).await?
        }
        _ => false,
    };
    // An approved manager is known by the name the RA officer approved, not by what was
    // typed when asking for this link.
    let name = match (&live, approved) {
        (Some(row), true) => row.full_name.clone(),
        _ => link.full_name.clone(),
    };
    let person = people::upsert_on_sign_in(
        &mut tx,
        &people::SignedInPerson {
            issuer: EMAIL_LINK_ISSUER,
            subject: &link.email,
            display_name: &name,
            email: Some(&link.email),
        },
        now,
    )
    .await?;
    if let (Some(row), true) = (&live, approved) {
        let code = row.ods_code.clone();
        let principal = Principal {
            person_id: person,
            display_name: name,
            email: Some(link.email.clone()),
            roles: vec![PortalRole::OrgManager {
                org_code: code.clone(),
            }],
            organisations: vec![OrgLabel {
                name: row
                    .org_name
                    .clone()
                    .unwrap_or_else(|| row.ods_code.to_string()),
                code,
            }],
            signed_in_with: SignInMethod::EmailLink,
        };
        return Ok(LinkOutcome::SignedIn(principal, tx));
    }
    // None: another link for the same address won a race and is recorded; a pending
    // access is simply still pending.
    let new = match &live {
        Some(_) => None,
        None => repo::insert_pending(&mut tx, person, &link, now).await?,
    };
    let (action, subject, summary) = match new {
        Some(id) => (
            "manager_access.requested",
            Some(id.to_string()),
            format!(
                "{} asked to manage {} (email proved by link)",
                link.full_name, link.ods_code
            ),
        ),
        // About the access that waits (none when another link just won a race).
        None => (
            "manager_access.link_used",
            live.as_ref().map(|row| row.id.to_string()),
            format!(
                "{} used a sign-in link while waiting for approval",
                link.email
            ),
        ),
    };
    audit::record(
        &mut tx,
        AuditEvent {
            actor: Some(person),
            action,
            subject_type: Subject::ManagerAccess,
            subject_id: subject.as_deref(),
            subject_org: Some(link.ods_code.as_str()),
            details: json!({
                "to": "pending",
                "actor_name": link.full_name,
                "email": link.email,
                "ods_code": link.ods_code.as_str(),
                "summary": summary,
            }),
            occurred_at: now,
        },
    )
    .await?;
    if new.is_some() {
        emails::to_approve(
            &settings.ra_team_email,
            &settings.public_url,
            &link.full_name,
            &link.email,
            &link.ods_code,
        )
        .enqueue(&mut tx)
        .await?;
    }
    tx.commit().await?;
    Ok(LinkOutcome::Pending)
}

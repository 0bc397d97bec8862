//! The server side of manager access: sign-in links, the applications they create, and
//! RA officers' decisions, each change with its audit record and emails in one
//! transaction.

use chrono::{DateTime, Utc};
use ra_db::{
    Db, Tx,
    repo::{
        audit::{self, AuditEvent},
        manager_access::{self as repo, AccessRow, NewLink},
        organisations, people, sessions,
    },
};
use ra_domain::{
    PortalRole, Principal, RaOfficer, SignInMethod,
    allow_list::AllowListIndex,
    manager_access::{
        AccessDecision, AccessStatus, EMAIL_LINK_ISSUER, MAX_LIVE_LINKS, SIGN_IN_LINK_MINUTES,
        ValidAccess, decide as check_decision, link_expiry, organisation_note,
    },
    principal::OrgLabel,
};
use serde_json::json;
use uuid::Uuid;

use super::{AccessList, AccessView, LIST_LIMIT};
use crate::{
    AppError,
    api::{
        Settings,
        allow_list::service::{check as check_allow_list, index_for},
        notify::Mail,
        secrets::{new_token, token_hash},
    },
    auth,
};

pub const SUBJECT: &str = "manager_access";

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

/// Longest organisation name an RA officer may give on approval.
const MAX_ORG_NAME: usize = 200;

fn date(t: DateTime<Utc>) -> String {
    t.format("%-d %B %Y").to_string()
}

pub async fn ask(
    db: &Db,
    settings: &Settings,
    valid: ValidAccess,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let outcome = check_allow_list(db, &valid.email).await?;
    if !outcome.is_allowed() {
        // Same answer as for a known address: nothing tells the asker which it was.
        tracing::info!(domain = %valid.domain, "manager access asked for an address not on the allow list");
        return Ok(());
    }
    let mut tx = db.begin().await?;
    if repo::live_links(&mut tx, &valid.email, now).await? >= MAX_LIVE_LINKS {
        tracing::warn!(domain = %valid.domain, "sign-in link not sent: too many unused links");
        return Ok(());
    }
    let token = new_token();
    let hash = token_hash(&token);
    repo::insert_link(
        &mut tx,
        &NewLink {
            token_hash: &hash,
            email: &valid.email,
            full_name: &valid.full_name,
            ods_code: valid.ods_code.as_str(),
            created_at: now,
            expires_at: link_expiry(now),
        },
    )
    .await?;
    audit::record(
        &mut tx,
        AuditEvent {
            actor: None,
            action: "manager_access.link_sent",
            subject_type: "email_sign_in_link",
            subject_id: None,
            details: json!({
                "email": valid.email,
                "ods_code": valid.ods_code.as_str(),
                "summary": format!("Sign-in link sent to {} (manager of {})", valid.email, valid.ods_code),
            }),
            occurred_at: now,
        },
    )
    .await?;
    // No name in this email: anyone can type one, and it would reach a real inbox.
    Mail {
        to: valid.email.clone(),
        subject: "Your RA Portal sign-in link".into(),
        paragraphs: vec![
            "Hello,".into(),
            format!(
                "Someone asked to sign in to RA Portal with this email address as a manager at {}. The link below works once, for {SIGN_IN_LINK_MINUTES} minutes.",
                valid.ods_code
            ),
            "If it was not you, ignore this email: nothing happens without the link.".into(),
        ],
        link: Some((
            "Sign in to RA Portal".into(),
            format!("{}/manager-access/sign-in/{token}", settings.public_url),
        )),
    }
    .enqueue(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(())
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
        Some(row) if row.status()? == AccessStatus::Approved => {
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
        let code = row.ods_code()?;
        let principal = Principal {
            person_id: person,
            display_name: name,
            email: Some(link.email.clone()),
            roles: vec![PortalRole::OrgManager {
                org_code: code.clone(),
            }],
            organisations: vec![OrgLabel {
                name: row.org_name.clone().unwrap_or_else(|| row.ods_code.clone()),
                code,
            }],
            signed_in_with: SignInMethod::EmailLink,
        };
        return Ok(LinkOutcome::SignedIn(principal, tx));
    }
    // None: another link for the same address won a race and is recorded; a pending
    // access is simply still pending.
    let new = match live {
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
        None => (
            "manager_access.link_used",
            None,
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
            subject_type: SUBJECT,
            subject_id: subject.as_deref(),
            details: json!({
                "to": "pending",
                "actor_name": link.full_name,
                "email": link.email,
                "ods_code": link.ods_code,
                "summary": summary,
            }),
            occurred_at: now,
        },
    )
    .await?;
    if new.is_some() {
        Mail {
            to: settings.ra_team_email.clone(),
            subject: format!("Manager access to approve: {} ({})", link.full_name, link.ods_code),
            paragraphs: vec![format!(
                "{} ({}) proved their email and asks to raise registration requests as a manager of {}.",
                link.full_name, link.email, link.ods_code
            )],
            link: Some((
                "Review manager access".into(),
                format!("{}/ra/managers", settings.public_url),
            )),
        }
        .enqueue(&mut tx)
        .await?;
    }
    tx.commit().await?;
    Ok(LinkOutcome::Pending)
}

fn view(row: AccessRow, index: &AllowListIndex) -> Result<AccessView, AppError> {
    let status = row.status()?;
    let check = index.check(&row.email);
    let domain_note = if status == AccessStatus::Pending {
        let asked = row.ods_code()?;
        organisation_note(&asked, &check)
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
        ods_code: row.ods_code,
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

pub async fn list(_officer: RaOfficer, status: AccessStatus) -> Result<AccessList, AppError> {
    let db = auth::db()?;
    let rows = repo::list(&db, status, LIST_LIMIT).await?;
    // One allow-list query for the whole page, not one per manager.
    let index = index_for(&db, rows.iter().map(|r| r.email.as_str())).await?;
    let items = rows
        .into_iter()
        .map(|row| view(row, &index))
        .collect::<Result<Vec<_>, _>>()?;
    let stored = repo::counts(&db).await?;
    let counts: Vec<(AccessStatus, i64)> = AccessStatus::ALL
        .into_iter()
        .map(|s| {
            let n = stored.iter().find(|(k, _)| k == s.as_str());
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
    let id = Uuid::parse_str(id.trim()).map_err(|_| auth::fail(AppError::NotFound))?;
    repo::find(db, id)
        .await?
        .ok_or_else(|| auth::fail(AppError::NotFound))
}

pub async fn get(_officer: RaOfficer, id: &str) -> Result<AccessView, AppError> {
    let db = auth::db()?;
    let row = find(&db, id).await?;
    let index = index_for(&db, [row.email.as_str()]).await?;
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
    let from = row.status()?;
    let to = check_decision(from, decision, reason)
        .map_err(|e| auth::fail(AppError::Invalid(vec![e])))?;
    let code = row.ods_code()?;
    if decision == AccessDecision::Approve {
        let check = check_allow_list(&db, &row.email).await?;
        if !check.is_allowed() {
            return Err(auth::fail(AppError::Conflict(format!(
                "{} cannot be approved: {}",
                row.email,
                check.explain()
            ))));
        }
        if org_name.chars().count() > MAX_ORG_NAME {
            return Err(auth::fail(AppError::field(
                "org_name",
                format!("The organisation's name must be {MAX_ORG_NAME} characters or fewer"),
            )));
        }
        if row.org_name.is_none() && org_name.is_empty() {
            return Err(auth::fail(AppError::field(
                "org_name",
                format!("Enter the name of the organisation with ODS code {code}"),
            )));
        }
    }
    let now = Utc::now();
    let reason = (!reason.is_empty()).then_some(reason);
    let mut tx = db.begin().await?;
    if !repo::decide(&mut tx, id, from, to, officer.person_id, reason, now).await? {
        return Err(auth::fail(AppError::Conflict(
            "Someone else decided this access just now. Reload the page to see what they did."
                .into(),
        )));
    }
    let org = match (&row.org_name, decision) {
        (None, AccessDecision::Approve) => {
            organisations::upsert(&mut tx, &code, org_name, None, now).await?;
            org_name.to_owned()
        }
        (Some(name), _) => name.clone(),
        (None, _) => code.to_string(),
    };
    let ended = if to == AccessStatus::Revoked {
        sessions::delete_for_person(&mut tx, ra_domain::PersonId(row.person_id)).await?
    } else {
        0
    };
    audit::record(
        &mut tx,
        AuditEvent {
            actor: Some(officer.person_id),
            action: match decision {
                AccessDecision::Approve => "manager_access.approve",
                AccessDecision::Reject => "manager_access.reject",
                AccessDecision::Revoke => "manager_access.revoke",
            },
            subject_type: SUBJECT,
            subject_id: Some(&id.to_string()),
            details: json!({
                "from": from.as_str(),
                "to": to.as_str(),
                "reason": reason,
                "email": row.email,
                "ods_code": row.ods_code,
                "sessions_ended": ended,
                "summary": format!("{} {} as a manager of {org}", to.label(), row.full_name),
            }),
            occurred_at: now,
        },
    )
    .await?;
    let s = crate::api::settings();
    let (subject, paragraph) = match decision {
        AccessDecision::Approve => (
            "You can now use RA Portal",
            format!(
                "An RA officer approved you as a manager of {org}. Sign in with a link sent to this email address to raise Authenticator registration requests for your staff."
            ),
        ),
        AccessDecision::Reject => (
            "Your RA Portal access was not approved",
            format!(
                "An RA officer did not approve you as a manager of {org}. Their reason: {}",
                reason.unwrap_or_default()
            ),
        ),
        AccessDecision::Revoke => (
            "Your RA Portal access has been withdrawn",
            format!(
                "An RA officer withdrew your access as a manager of {org}. Their reason: {}",
                reason.unwrap_or_default()
            ),
        ),
    };
    Mail {
        to: row.email.clone(),
        subject: subject.into(),
        paragraphs: vec![format!("Hello {},", row.full_name), paragraph],
        link: (decision == AccessDecision::Approve).then(|| {
            (
                "Get a sign-in link".into(),
                format!("{}/manager-access", s.public_url),
            )
        }),
    }
    .enqueue(&mut tx)
    .await?;
    tx.commit().await?;
    tracing::info!(access = %id, to = to.as_str(), "manager access decided");
    Ok(())
}

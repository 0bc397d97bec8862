//! One step of a request's lifecycle: the state machine (`ra_domain::registration`)
//! decides whether the caller may take it; the step's change, audit event, emails and
//! (for links and devices) enrolment records commit together.

// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::AppError;

/// `documents` are the three document types of the identity check; `meeting_at` is
/// `YYYY-MM-DDTHH:MM` (UTC) and `meeting_mode` `video` or `face_to_face` when booking.
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
    let me = crate::auth::admit::<RequestStep>()?;
    let documents = [document_1, document_2, document_3]
        .into_iter()
        .flatten()
        .filter(|d| !d.is_empty())
        .collect();
    let input = server::StepInput {
        reason: reason.unwrap_or_default(),
        meeting_at: meeting_at.unwrap_or_default(),
        meeting_mode: meeting_mode.unwrap_or_default(),
        documents,
    };
    server::step(&me, &id, &action, input).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::{DateTime, Utc};
    use ra_db::{
        DbError,
        repo::{
            audit, enrolment,
            registration::{self as repo, RequestRow, StepChange},
        },
    };
    use ra_domain::{
        Principal,
        registration::{
            Action, Actor, Meeting, RequestState, ReviewLock, TransitionError, may_act,
            meeting::book, read_documents, step as check_step,
        },
    };
    use serde_json::json;

    use super::super::{emails, rows};
    use crate::{
        AppError,
        api::{email::Mail, enrolment::send_link, scope, settings},
        auth,
    };

    pub struct StepInput {
        pub reason: String,
        pub meeting_at: String,
        pub meeting_mode: String,
        pub documents: Vec<String>,
    }

    /// What a step records besides the state, read from the form once.
    struct Details {
        meeting: Option<Meeting>,
        documents: Vec<String>,
        audit: serde_json::Value,
    }

    fn details(action: Action, input: &StepInput, now: DateTime<Utc>) -> Result<Details, AppError> {
        let mut d = Details {
            meeting: None,
            documents: Vec::new(),
            audit: json!({}),
        };
        if action == Action::BookMeeting {
            let m = book(&input.meeting_at, &input.meeting_mode, now)
                .map_err(|e| AppError::field(e.field(), e.to_string()))?;
            d.audit["meeting"] = json!(m.summary());
            d.meeting = Some(m);
        }
        if action == Action::RecordIdentity {
            let docs = read_documents(&input.documents)
                .map_err(|e| AppError::field("document_1", e.to_string()))?;
            d.audit["documents"] = json!(
                docs.iter()
                    .map(|d| d.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            d.documents = docs.iter().map(|d| d.as_str().to_owned()).collect();
        }
        Ok(d)
    }

    fn refused(e: TransitionError) -> AppError {
        match e {
            TransitionError::ReasonRequired => AppError::field("reason", e.to_string()),
            TransitionError::WrongActor { .. } => AppError::Forbidden(e.to_string()),
            _ => AppError::Conflict(e.to_string()),
        }
    }

    /// Who is told about a step: the requester of decisions, the person of their meeting.
    fn emails_for(row: &RequestRow, action: Action, reason: &str, d: &Details) -> Vec<Mail> {
        let s = settings();
        match (action, &d.meeting) {
            (Action::Approve, _) => emails::approved(&s.public_url, row).into_iter().collect(),
            (Action::Reject, _) => emails::rejected(&s.public_url, row, reason)
                .into_iter()
                .collect(),
            (Action::BookMeeting, Some(m)) => vec![emails::meeting(row, m)],
            _ => Vec::new(),
        }
    }

    pub async fn step(
        me: &Principal,
        id: &str,
        action: &str,
        input: StepInput,
    ) -> Result<(), AppError> {
        let action = Action::parse(action.trim())
            .ok_or_else(|| AppError::Validation(format!("Unknown step {action:?}")))?;
        let db = auth::db()?;
        let scope = scope::of_reader(&db, me).await?;
        let row = rows::find_in_scope(&db, &scope, id).await?;
        // The kind of actor the caller is for this step; the state machine decides.
        let by = match (me.ra_officer(), scope.manager_of(&row.ods_code)) {
            (Ok(_), _) => Actor::RaOfficer,
            (Err(_), Some(_)) => Actor::Requester,
            (Err(_), None) => {
                return Err(AppError::Forbidden(
                    "You can read this request but not change it.".into(),
                ));
            }
        };
        let from = row.state;
        let reason = input.reason.trim().to_owned();
        let to = check_step(from, action, by, &reason).map_err(refused)?;
        let now = Utc::now();
        if by == Actor::RaOfficer {
            may_act(rows::lock_of(&row).as_ref(), me.person_id, now)
                .map_err(|e| AppError::Conflict(e.to_string()))?;
        }
        let mut d = details(action, &input, now)?;
        d.audit["from"] = json!(from.as_str());
        d.audit["to"] = json!(to.as_str());
        d.audit["reason"] = json!(reason);
        let new_lock = ReviewLock::new(me.person_id, &me.display_name, now);
        let change = StepChange {
            reason: (!reason.is_empty()).then_some(reason.as_str()),
            meeting_at: d.meeting.map(|m| m.at),
            meeting_mode: d.meeting.map(|m| m.mode),
            identity_documents: (!d.documents.is_empty()).then_some(&d.documents[..]),
            lock: (action == Action::StartReview).then_some((
                me.person_id,
                new_lock.holder_name.as_str(),
                new_lock.until,
            )),
            set_lock: matches!(
                action,
                Action::StartReview
                    | Action::ReleaseReview
                    | Action::Approve
                    | Action::Reject
                    | Action::Cancel
                    | Action::CloseAccess
            ),
            completed_by: (by == Actor::RaOfficer && action.completes_ra_work())
                .then_some(me.person_id),
        };
        let mut tx = db.begin().await?;
        let moved = match repo::change_state(&mut tx, row.id, from, to, &change, now).await {
            Ok(m) => m,
            Err(DbError::Duplicate(_)) => {
                return Err(AppError::Conflict(
                    "This person already has another open request.".into(),
                ));
            }
            Err(e) => return Err(e.into()),
        };
        if !moved {
            return Err(AppError::Conflict(
                "Someone else changed this request a moment ago. Reload the page to see where it stands."
                    .into(),
            ));
        }
        match action {
            Action::SendLink | Action::ResendLink => send_link(&mut tx, &row, now).await?,
            Action::RemoveDevice | Action::CloseAccess if from == RequestState::Enrolled => {
                let removed =
                    enrolment::remove_devices(&mut tx, row.id, me.person_id, &reason, now).await?;
                d.audit["devices_removed"] = json!(removed);
            }
            _ => {}
        }
        for mail in emails_for(&row, action, &reason, &d) {
            mail.enqueue(&mut tx).await?;
        }
        audit::record(
            &mut tx,
            audit::AuditEvent {
                actor: Some(me.person_id),
                action: &format!("registration.{}", action.as_str()),
                subject_type: rows::SUBJECT,
                subject_id: Some(&row.id.to_string()),
                subject_org: Some(row.ods_code.as_str()),
                details: d.audit,
                occurred_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        tracing::info!(request = %row.id, from = from.as_str(), to = to.as_str(), "registration request step");
        Ok(())
    }
}

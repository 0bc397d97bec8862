//! Stored requests into what pages show, for every use of the feature.

use chrono::{DateTime, Utc};
use ra_db::{
    Db,
    repo::{
        audit::{self, Subject},
        registration::{self as repo, RequestRow},
    },
};
use ra_domain::{
    ImportId, RequestId, Scope,
    registration::{RequestSource, RequestState, ReviewLock, ValidRequest, stale::is_stale},
};

use super::RequestSummary;
use crate::{
    AppError,
    api::history::{self, HistoryItem},
};

/// How a request's events are filed in the audit trail.
pub const SUBJECT: Subject = Subject::RegistrationRequest;

pub fn summary(r: &RequestRow, now: DateTime<Utc>) -> RequestSummary {
    RequestSummary {
        id: r.id.to_string(),
        person_name: r.person_name.clone(),
        email: r.email.clone(),
        job_role: r.job_role.clone(),
        ods_code: r.ods_code.to_string(),
        org_name: r.org_name.clone(),
        state: r.state,
        source: r.source,
        requested_by: r.requested_by_name.clone(),
        requested_on: r.requested_at.format("%-d %B %Y").to_string(),
        age_days: (now - r.requested_at).num_days(),
        stale: r.state.is_open() && is_stale(r.last_step_at, now),
        flag: r.review_flag.clone().filter(|_| r.state.is_open()),
    }
}

/// The request `id` names, if `scope` may read it: an id from another organisation is
/// "not found", never "forbidden", so it does not reveal itself.
pub async fn find_in_scope(db: &Db, scope: &Scope, id: &str) -> Result<RequestRow, AppError> {
    let id = RequestId::parse(id).ok_or(AppError::NotFound)?;
    repo::find(db, id)
        .await?
        .filter(|r| scope.covers(&r.ods_code))
        .ok_or(AppError::NotFound)
}

/// What the audit trail records of a new request (one raised alone, or a row of an
/// upload).
pub fn submitted(
    r: &ValidRequest,
    source: RequestSource,
    import: Option<ImportId>,
) -> serde_json::Value {
    serde_json::json!({
        "to": "submitted",
        "person_name": r.full_name,
        "email": r.email,
        "ods_code": r.ods_code.as_str(),
        "job_role": r.job_role,
        "source": source.as_str(),
        "import": import.map(|i| i.to_string()),
    })
}

pub fn lock_of(r: &RequestRow) -> Option<ReviewLock> {
    match (r.review_holder, &r.review_holder_name, r.review_until) {
        (Some(holder), Some(name), Some(until)) => Some(ReviewLock {
            holder,
            holder_name: name.clone(),
            until,
        }),
        _ => None,
    }
}

fn timeline_item(e: audit::SubjectEvent) -> HistoryItem {
    let what = match e
        .details
        .0
        .get("to")
        .and_then(|v| v.as_str())
        .and_then(RequestState::parse)
    {
        Some(s) => s.label().to_owned(),
        // Steps that move no state (the ceremony's codes) say what happened.
        None => e
            .details
            .0
            .get("summary")
            .and_then(|v| v.as_str())
            .map_or_else(|| e.action.clone(), str::to_owned),
    };
    history::item(
        e,
        what,
        &[
            ("reason", "Reason"),
            ("meeting", "Meeting"),
            ("documents", "Documents"),
        ],
    )
}

/// A request's history from the audit trail, oldest first.
pub async fn timeline(db: &Db, id: RequestId) -> Result<Vec<HistoryItem>, AppError> {
    Ok(audit::for_subject(db, SUBJECT, &id.to_string())
        .await?
        .into_iter()
        .map(timeline_item)
        .collect())
}

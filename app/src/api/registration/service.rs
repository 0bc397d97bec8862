//! The server side of the registration server functions.

use chrono::{DateTime, NaiveDateTime, Utc};
use ra_db::{
    Db, DbError,
    repo::{
        audit, organisations,
        registration::{self as repo, RequestRow, StepChange},
    },
};
use ra_domain::{
    PersonId, Principal, SignInMethod,
    registration::{
        Action, Actor, DocumentType, RequestState, ReviewLock, ValidRequest, bulk, check_documents,
        may_act, possible, step as check_step,
    },
};
use serde_json::json;
use uuid::Uuid;

use super::{
    DeviceView, QUEUE_PAGE, QueueFilters, QueuePage, RequestDetail, RequestSummary, TimelineItem,
};
use crate::{
    AppError,
    api::{notify::Mail, settings},
    auth,
};

pub const SUBJECT: &str = "registration_request";
/// People a "requested by" or "completed by" text may match; more specific text narrows it.
const PEOPLE_MATCHES: i64 = 100;
/// Working days without a step before a request is flagged stale.
const STALE_WORKING_DAYS: i64 = 5;

/// The organisations a manager may raise and see requests for: their own and, for a
/// group, its sites.
pub async fn manager_scope(me: &Principal, db: &Db) -> Result<Vec<String>, AppError> {
    let mut scope = Vec::new();
    for code in me.managed_orgs() {
        scope.push(code.as_str().to_owned());
        if !me.manages_sites() {
            continue;
        }
        if let Some(org) = organisations::find_by_code(db, &code).await? {
            for site in organisations::children(db, org.id).await? {
                scope.push(site.ods_code);
            }
        }
    }
    Ok(scope)
}

/// Who may read a request: RA officers, auditors and managers of its organisation
/// (`scope` from [`manager_scope`]).
fn may_read(me: &Principal, scope: &[String], row: &RequestRow) -> bool {
    me.ra_officer().is_ok() || me.auditor().is_ok() || scope.contains(&row.ods_code)
}

fn working_days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    use chrono::Datelike;
    let mut day = from.date_naive();
    let end = to.date_naive();
    let mut n = 0;
    while day < end {
        day = day.succ_opt().unwrap_or(end);
        if day.weekday().number_from_monday() <= 5 {
            n += 1;
        }
    }
    n
}

fn summary(r: &RequestRow, now: DateTime<Utc>) -> Result<RequestSummary, AppError> {
    let state = r.state()?;
    Ok(RequestSummary {
        id: r.id.to_string(),
        person_name: r.person_name.clone(),
        email: r.email.clone(),
        job_role: r.job_role.clone(),
        ods_code: r.ods_code.clone(),
        org_name: r.org_name.clone(),
        state,
        source: r.source.clone(),
        requested_by: r.requested_by_name.clone(),
        requested_on: r.requested_at.format("%-d %B %Y").to_string(),
        age_days: (now - r.requested_at).num_days(),
        stale: state.is_open() && working_days_between(r.last_step_at, now) > STALE_WORKING_DAYS,
        flag: r.review_flag.clone().filter(|_| state.is_open()),
    })
}

async fn find(db: &Db, id: &str) -> Result<RequestRow, AppError> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| auth::fail(AppError::NotFound))?;
    repo::find(db, id)
        .await?
        .ok_or_else(|| auth::fail(AppError::NotFound))
}

/// The queue's source for a request: `single` or `bulk` from a CIS2 sponsor, and
/// `self_service` from a manager signed in by email link (lower assurance), either way.
fn source_of(me: &Principal, cis2_source: &'static str) -> &'static str {
    match me.signed_in_with {
        SignInMethod::Cis2 => cis2_source,
        SignInMethod::EmailLink => "self_service",
    }
}

pub async fn raise(me: &Principal, r: ValidRequest) -> Result<String, AppError> {
    let db = auth::db()?;
    if !manager_scope(me, &db)
        .await?
        .contains(&r.ods_code.as_str().to_owned())
    {
        return Err(auth::fail(AppError::Forbidden(
            "You can only request registrations for your own organisations and their sites.".into(),
        )));
    }
    // The email's domain must be active on the allow list: the form says so as the
    // manager types, and this is the check that counts.
    let outcome = crate::api::allow_list::service::check(&db, &r.email).await?;
    if !outcome.is_allowed() {
        return Err(auth::fail(AppError::field("email", outcome.explain())));
    }
    let source = source_of(me, "single");
    let now = Utc::now();
    let mut tx = db.begin().await?;
    let id = match repo::insert(&mut tx, &r, source, me.person_id, now).await {
        Ok(id) => id,
        Err(DbError::Duplicate(_)) => {
            return Err(auth::fail(AppError::field(
                "email",
                format!("{} already has an open registration request", r.email),
            )));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &mut tx,
        audit::AuditEvent {
            actor: Some(me.person_id),
            action: "registration.submitted",
            subject_type: SUBJECT,
            subject_id: Some(&id.to_string()),
            details: json!({
                "to": "submitted",
                "person_name": r.full_name,
                "email": r.email,
                "ods_code": r.ods_code.as_str(),
                "job_role": r.job_role,
                "source": source,
            }),
            occurred_at: now,
        },
    )
    .await?;
    let s = settings();
    Mail {
        to: s.ra_team_email.clone(),
        subject: format!("New registration request: {} ({})", r.full_name, r.ods_code),
        paragraphs: vec![
            format!(
                "{} asked for {} ({}, {}) to be registered for Microsoft Authenticator.",
                me.display_name, r.full_name, r.job_role, r.ods_code
            ),
            "Review it in RA Portal.".into(),
        ],
        link: Some((
            "Open the request".into(),
            format!("{}/requests/{id}", s.public_url),
        )),
    }
    .enqueue(&mut tx)
    .await?;
    tx.commit().await?;
    tracing::info!(request = %id, "registration request submitted");
    Ok(id.to_string())
}

fn parse_time(s: Option<String>, field: &str) -> Result<Option<DateTime<Utc>>, AppError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| Some(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()))
            .map_err(|_| auth::fail(AppError::field(field, "Enter a date like 2026-11-24"))),
    }
}

/// A filter's value, None when the form left it empty.
fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// A "requested by" or "completed by" text as the people it matches (at most
/// PEOPLE_MATCHES); None when the filter is not used.
async fn people_matching(db: &Db, text: Option<String>) -> Result<Option<Vec<Uuid>>, AppError> {
    Ok(match nonempty(text) {
        None => None,
        Some(t) => Some(ra_db::repo::people::matching(db, &t, PEOPLE_MATCHES).await?),
    })
}

pub async fn list(
    me: &Principal,
    f: QueueFilters,
    after: Option<String>,
) -> Result<QueuePage, AppError> {
    let db = auth::db()?;
    let orgs = if me.ra_officer().is_ok() || me.auditor().is_ok() {
        None
    } else if !me.managed_orgs().is_empty() {
        Some(manager_scope(me, &db).await?)
    } else {
        return Err(auth::fail(AppError::Forbidden(
            "This needs an RA, auditor or sponsor (B1300) role.".into(),
        )));
    };
    let state = match nonempty(f.state) {
        None => None,
        Some(s) => Some(RequestState::parse(&s).ok_or_else(|| {
            auth::fail(AppError::field("state", "Choose a status from the list"))
        })?),
    };
    let after = nonempty(after).and_then(|a| {
        let (t, id) = a.split_once('~')?;
        Some((ra_db::cursor::parse_time_key(t)?, Uuid::parse_str(id).ok()?))
    });
    let oldest_first = match nonempty(f.sort).as_deref() {
        None | Some("newest") => false,
        Some("oldest") => true,
        Some(_) => {
            return Err(auth::fail(AppError::field(
                "sort",
                "Choose newest or oldest first",
            )));
        }
    };
    let requested_by = people_matching(&db, f.requested_by).await?;
    let completed_by = people_matching(&db, f.completed_by).await?;
    let query = repo::QueueQuery {
        state,
        ods_code: nonempty(f.org).map(|o| o.trim().to_uppercase()),
        source: nonempty(f.source),
        requested_by,
        completed_by,
        oldest_first,
        from: parse_time(f.from, "from")?,
        to: parse_time(f.to, "to")?.map(|t| t + chrono::Duration::days(1)),
        after,
        limit: QUEUE_PAGE,
        orgs: orgs.clone(),
    };
    let page = repo::queue(&db, &query).await?;
    let now = Utc::now();
    let counts = repo::counts(&db, orgs.as_deref())
        .await?
        .into_iter()
        .filter_map(|(s, n)| RequestState::parse(&s).map(|s| (s, n)))
        .collect();
    Ok(QueuePage {
        requests: page
            .rows
            .iter()
            .map(|r| summary(r, now))
            .collect::<Result<_, _>>()?,
        next: page
            .next
            .map(|(t, id)| format!("{}~{id}", ra_db::cursor::time_key(t))),
        counts,
    })
}

fn timeline_item(e: audit::SubjectEvent) -> TimelineItem {
    let d = &e.details.0;
    let mut what = match d
        .get("to")
        .and_then(|v| v.as_str())
        .and_then(RequestState::parse)
    {
        Some(s) => s.label().to_owned(),
        None => e.action.clone(),
    };
    for (key, label) in [
        ("reason", "Reason"),
        ("meeting", "Meeting"),
        ("documents", "Documents"),
    ] {
        if let Some(v) = d
            .get(key)
            .and_then(|v| v.as_str())
            .filter(|v| !v.is_empty())
        {
            what.push_str(&format!(". {label}: {v}"));
        }
    }
    TimelineItem {
        when: e.occurred_at.format("%-d %B %Y %H:%M UTC").to_string(),
        who: e.actor_name.unwrap_or_else(|| "RA Portal".into()),
        what,
    }
}

fn lock_of(r: &RequestRow) -> Option<ReviewLock> {
    match (r.review_holder, &r.review_holder_name, r.review_until) {
        (Some(h), Some(n), Some(u)) => Some(ReviewLock {
            holder: PersonId(h),
            holder_name: n.clone(),
            until: u,
        }),
        _ => None,
    }
}

pub async fn detail(me: &Principal, id: &str) -> Result<RequestDetail, AppError> {
    let db = auth::db()?;
    let row = find(&db, id).await?;
    let scope = manager_scope(me, &db).await?;
    if !may_read(me, &scope, &row) {
        // Not "forbidden": an id from another organisation must not reveal itself.
        return Err(auth::fail(AppError::NotFound));
    }
    let now = Utc::now();
    let state = row.state()?;
    let lock = lock_of(&row);
    let locked_by_other = may_act(lock.as_ref(), me.person_id, now)
        .err()
        .map(|e| e.to_string());
    let is_manager = scope.contains(&row.ods_code);
    let actions = possible(state)
        .into_iter()
        .filter(|a| match a.actor() {
            Actor::RaOfficer => me.ra_officer().is_ok(),
            Actor::Requester => is_manager || me.ra_officer().is_ok(),
            Actor::Enrolee | Actor::System => false,
        })
        .collect();
    let timeline = audit::for_subject(&db, SUBJECT, &row.id.to_string())
        .await?
        .into_iter()
        .map(timeline_item)
        .collect();
    Ok(RequestDetail {
        summary: summary(&row, now)?,
        phone: row.phone.clone(),
        phone_kind: row.phone_kind.clone(),
        locked_by_other,
        meeting: row.meeting_at.map(|t| {
            format!(
                "{} ({})",
                t.format("%-d %B %Y %H:%M UTC"),
                match row.meeting_mode.as_deref() {
                    Some("video") => "video call",
                    _ => "face to face",
                }
            )
        }),
        identity_documents: row
            .identity_documents
            .as_ref()
            .map(|d| {
                d.0.iter()
                    .filter_map(|s| DocumentType::parse(s))
                    .map(|d| d.label().to_owned())
                    .collect()
            })
            .unwrap_or_default(),
        decision_reason: row.decision_reason.clone(),
        actions,
        devices: ra_db::repo::enrolment::devices_of(&db, &row.email)
            .await?
            .into_iter()
            .map(|d| DeviceView {
                kind: "Microsoft Authenticator".into(),
                registered: d.registered_at.format("%-d %B %Y %H:%M UTC").to_string(),
                removed: d.removed_at.map(|t| {
                    format!(
                        "Removed {} by {}: {}",
                        t.format("%-d %B %Y"),
                        d.removed_by_name.clone().unwrap_or_default(),
                        d.removal_reason.clone().unwrap_or_default()
                    )
                }),
            })
            .collect(),
        timeline,
    })
}

async fn bulk_judged(
    me: &Principal,
    db: &Db,
    id: &str,
) -> Result<
    (
        ra_db::repo::imports::ImportRow,
        Vec<bulk::BulkRow>,
        Vec<bulk::BulkVerdict>,
    ),
    AppError,
> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| auth::fail(AppError::NotFound))?;
    let import =
        ra_db::repo::imports::find(db, ra_db::repo::imports::ImportKind::Registrations, id)
            .await?
            .filter(|i| i.created_by == me.person_id.0)
            .ok_or_else(|| auth::fail(AppError::NotFound))?;
    let rows: Vec<bulk::BulkRow> = serde_json::from_value(import.rows.0.clone())
        .map_err(|e| AppError::from(DbError::Corrupt(format!("import rows: {e}"))))?;
    let scope = manager_scope(me, db).await?;
    let checked = bulk::check(&rows);
    let valid: Vec<&ValidRequest> = checked.iter().filter_map(bulk::Checked::valid).collect();
    let keys: Vec<String> = valid.iter().map(|r| r.email.to_lowercase()).collect();
    let open: std::collections::HashSet<String> = repo::with_open_request(db, &keys)
        .await?
        .into_iter()
        .collect();
    let registered: std::collections::HashSet<String> =
        repo::with_device(db, &keys).await?.into_iter().collect();
    let index =
        crate::api::allow_list::service::index_for(db, valid.iter().map(|r| r.email.as_str()))
            .await?;
    let verdicts = bulk::judge(checked, &scope, |r| {
        let key = r.email.to_lowercase();
        let outcome = index.check(&r.email);
        bulk::Known {
            open_request: open.contains(&key),
            registered: registered.contains(&key),
            not_allowed: (!outcome.is_allowed()).then(|| outcome.explain()),
        }
    });
    Ok((import, rows, verdicts))
}

pub async fn bulk_preview(me: &Principal, id: &str) -> Result<super::BulkPreview, AppError> {
    let db = auth::db()?;
    let (import, rows, verdicts) = bulk_judged(me, &db, id).await?;
    let rows: Vec<super::BulkPreviewRow> = rows
        .iter()
        .zip(&verdicts)
        .map(|(r, v)| super::BulkPreviewRow {
            line: r.line,
            full_name: r.form.full_name.clone(),
            email: r.form.email.clone(),
            ods_code: r.form.ods_code.clone(),
            verdict: v.label().to_owned(),
            explanation: v.explain(),
            is_new: v.is_new(),
        })
        .collect();
    Ok(super::BulkPreview {
        id: import.id.to_string(),
        file_name: import.file_name,
        new_count: rows.iter().filter(|r| r.is_new).count(),
        rows,
        committed: import.committed_at.is_some(),
    })
}

pub async fn bulk_commit(me: &Principal, id: &str) -> Result<usize, AppError> {
    let db = auth::db()?;
    let (import, rows, verdicts) = bulk_judged(me, &db, id).await?;
    let refused: Vec<String> = rows
        .iter()
        .zip(&verdicts)
        .filter(|(_, v)| !v.is_new())
        .map(|(r, v)| format!("line {}: {}", r.line, v.explain()))
        .collect();
    if !refused.is_empty() {
        let shown: Vec<&str> = refused.iter().take(5).map(String::as_str).collect();
        return Err(auth::fail(AppError::Conflict(format!(
            "Nothing was requested: {} row(s) cannot be ({}{}). Fix the file and upload it again.",
            refused.len(),
            shown.join("; "),
            if refused.len() > 5 { "; …" } else { "" }
        ))));
    }
    let now = Utc::now();
    let new: Vec<(Uuid, &ValidRequest)> = verdicts
        .iter()
        .filter_map(|v| match v {
            bulk::BulkVerdict::New(r) => Some((Uuid::new_v4(), r)),
            _ => None,
        })
        .collect();
    let mut tx = db.begin().await?;
    if !ra_db::repo::imports::mark_committed(
        &mut tx,
        ra_db::repo::imports::ImportKind::Registrations,
        import.id,
        now,
    )
    .await?
    {
        return Err(auth::fail(AppError::Conflict(
            "This file has already been sent.".into(),
        )));
    }
    let source = source_of(me, "bulk");
    match repo::insert_many(&mut tx, &new, source, me.person_id, now).await {
        Ok(()) => {}
        Err(DbError::Duplicate(_)) => {
            return Err(auth::fail(AppError::Conflict(
                "Nothing was requested: someone raised a request for one of these people meanwhile. Upload the file again."
                    .into(),
            )));
        }
        Err(e) => return Err(e.into()),
    }
    let ids: Vec<String> = new.iter().map(|(id, _)| id.to_string()).collect();
    let events: Vec<audit::AuditEvent<'_>> = new
        .iter()
        .zip(&ids)
        .map(|((_, r), id)| audit::AuditEvent {
            actor: Some(me.person_id),
            action: "registration.submitted",
            subject_type: SUBJECT,
            subject_id: Some(id),
            details: json!({
                "to": "submitted",
                "person_name": r.full_name,
                "email": r.email,
                "ods_code": r.ods_code.as_str(),
                "job_role": r.job_role,
                "source": source,
                "import": import.id.to_string(),
            }),
            occurred_at: now,
        })
        .collect();
    audit::record_many(&mut tx, &events).await?;
    let s = settings();
    Mail {
        to: s.ra_team_email.clone(),
        subject: format!(
            "{} new registration requests from {}",
            new.len(),
            me.display_name
        ),
        paragraphs: vec![format!(
            "{} uploaded {} ({} people) for Microsoft Authenticator registration.",
            me.display_name,
            import.file_name,
            new.len()
        )],
        link: Some((
            "Open the queue".into(),
            format!("{}/requests?state=submitted&source={source}", s.public_url),
        )),
    }
    .enqueue(&mut tx)
    .await?;
    tx.commit().await?;
    tracing::info!(import = %import.id, requests = new.len(), "bulk registration requests raised");
    Ok(new.len())
}

pub struct StepInput {
    pub reason: String,
    pub meeting_at: Option<String>,
    pub meeting_mode: Option<String>,
    pub documents: Vec<String>,
}

pub async fn step(
    me: &Principal,
    id: &str,
    action: &str,
    input: StepInput,
) -> Result<(), AppError> {
    let action = Action::parse(action)
        .ok_or_else(|| auth::fail(AppError::Validation(format!("Unknown step {action:?}"))))?;
    let db = auth::db()?;
    let row = find(&db, id).await?;
    let scope = manager_scope(me, &db).await?;
    if !may_read(me, &scope, &row) {
        return Err(auth::fail(AppError::NotFound));
    }
    // The kind of actor the caller is for this step; the state machine decides.
    let by = if me.ra_officer().is_ok() {
        Actor::RaOfficer
    } else if scope.contains(&row.ods_code) {
        Actor::Requester
    } else {
        return Err(auth::fail(AppError::Forbidden(
            "Auditors can read requests but not change them.".into(),
        )));
    };
    let from = row.state()?;
    let reason = input.reason.trim().to_owned();
    let to = check_step(from, action, by, &reason).map_err(|e| {
        auth::fail(match e {
            ra_domain::registration::TransitionError::ReasonRequired => {
                AppError::field("reason", e.to_string())
            }
            ra_domain::registration::TransitionError::WrongActor { .. } => {
                AppError::Forbidden(e.to_string())
            }
            _ => AppError::Conflict(e.to_string()),
        })
    })?;
    let now = Utc::now();
    let lock = lock_of(&row);
    if by == Actor::RaOfficer {
        may_act(lock.as_ref(), me.person_id, now)
            .map_err(|e| auth::fail(AppError::Conflict(e.to_string())))?;
    }
    let mut change = StepChange::default();
    if by == Actor::RaOfficer && action.completes_ra_work() {
        change.completed_by = Some(me.person_id);
    }
    let mut details = json!({ "from": from.as_str(), "to": to.as_str(), "reason": reason });
    if !reason.is_empty() {
        change.reason = Some(&reason);
    }
    let new_lock;
    match action {
        Action::StartReview => {
            new_lock = ReviewLock::new(me.person_id, &me.display_name, now);
            change.lock = Some((me.person_id, &new_lock.holder_name, new_lock.until));
            change.set_lock = true;
        }
        Action::ReleaseReview
        | Action::Approve
        | Action::Reject
        | Action::Cancel
        | Action::CloseAccess => {
            change.set_lock = true;
        }
        _ => {}
    }
    let meeting_at;
    let meeting_mode;
    if action == Action::BookMeeting {
        let at = input
            .meeting_at
            .as_deref()
            .map(str::trim)
            .unwrap_or_default();
        meeting_at = NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M")
            .map(|t| t.and_utc())
            .map_err(|_| {
                auth::fail(AppError::field(
                    "meeting_at",
                    "Enter the meeting's date and time, like 2026-11-30T10:00",
                ))
            })?;
        if meeting_at < now {
            return Err(auth::fail(AppError::field(
                "meeting_at",
                "The meeting must be in the future",
            )));
        }
        meeting_mode = match input.meeting_mode.as_deref() {
            Some("video") => "video",
            Some("face_to_face") => "face_to_face",
            _ => {
                return Err(auth::fail(AppError::field(
                    "meeting_mode",
                    "Choose video call or face to face",
                )));
            }
        };
        change.meeting_at = Some(meeting_at);
        change.meeting_mode = Some(meeting_mode);
        details["meeting"] = json!(format!(
            "{} ({})",
            meeting_at.format("%-d %B %Y %H:%M UTC"),
            if meeting_mode == "video" {
                "video call"
            } else {
                "face to face"
            }
        ));
    }
    let docs: Vec<String>;
    if action == Action::RecordIdentity {
        let types: Vec<DocumentType> = input
            .documents
            .iter()
            .map(|d| {
                DocumentType::parse(d).ok_or_else(|| {
                    auth::fail(AppError::field(
                        "document_1",
                        "Choose each document from the list",
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        check_documents(&types)
            .map_err(|e| auth::fail(AppError::field("document_1", e.to_string())))?;
        docs = types.iter().map(|d| d.as_str().to_owned()).collect();
        change.identity_documents = Some(&docs);
        details["documents"] = json!(
            types
                .iter()
                .map(|d| d.label())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut tx = db.begin().await?;
    let moved = match repo::change_state(&mut tx, row.id, from, to, &change, now).await {
        Ok(m) => m,
        Err(DbError::Duplicate(_)) => {
            return Err(auth::fail(AppError::Conflict(
                "This person already has another open request.".into(),
            )));
        }
        Err(e) => return Err(e.into()),
    };
    if !moved {
        return Err(auth::fail(AppError::Conflict(
            "Someone else changed this request a moment ago. Reload the page to see where it stands."
                .into(),
        )));
    }
    match action {
        Action::SendLink | Action::ResendLink => {
            crate::api::enrolment::service::send_link(&mut tx, &row, now).await?;
        }
        Action::RemoveDevice | Action::CloseAccess if from == RequestState::Enrolled => {
            let removed =
                ra_db::repo::enrolment::remove_devices(&mut tx, row.id, me.person_id, &reason, now)
                    .await?;
            details["devices_removed"] = json!(removed);
        }
        _ => {}
    }
    audit::record(
        &mut tx,
        audit::AuditEvent {
            actor: Some(me.person_id),
            action: &format!("registration.{}", action.as_str()),
            subject_type: SUBJECT,
            subject_id: Some(&row.id.to_string()),
            details,
            occurred_at: now,
        },
    )
    .await?;
    for mail in notifications(&row, action, &reason, &change) {
        mail.enqueue(&mut tx).await?;
    }
    tx.commit().await?;
    tracing::info!(request = %row.id, from = from.as_str(), to = to.as_str(), "registration request step");
    Ok(())
}

/// Who is told about a step: the requester on decisions, the person about their meeting.
fn notifications(row: &RequestRow, action: Action, reason: &str, ch: &StepChange<'_>) -> Vec<Mail> {
    let s = settings();
    let link = Some((
        "Open the request".to_owned(),
        format!("{}/requests/{}", s.public_url, row.id),
    ));
    let requester = |subject: String, paragraphs: Vec<String>| {
        row.requested_by_email.clone().map(|to| Mail {
            to,
            subject,
            paragraphs,
            link: link.clone(),
        })
    };
    match action {
        Action::Approve => requester(
            format!("Approved: registration for {}", row.person_name),
            vec![format!(
                "The Registration Authority approved your request to register {} for Microsoft Authenticator. An RA officer will now arrange a meeting with them to check their identity.",
                row.person_name
            )],
        )
        .into_iter()
        .collect(),
        Action::Reject => requester(
            format!("Not approved: registration for {}", row.person_name),
            vec![
                format!(
                    "The Registration Authority did not approve your request to register {}.",
                    row.person_name
                ),
                format!("Reason: {reason}"),
            ],
        )
        .into_iter()
        .collect(),
        Action::BookMeeting => {
            let when = ch
                .meeting_at
                .map(|t| t.format("%A %-d %B %Y at %H:%M UTC").to_string())
                .unwrap_or_default();
            let how = if ch.meeting_mode == Some("video") {
                "by video call"
            } else {
                "face to face"
            };
            vec![Mail {
                to: row.email.clone(),
                subject: "Your Microsoft Authenticator registration meeting".into(),
                paragraphs: vec![
                    format!("Hello {},", row.person_name),
                    format!(
                        "A Registration Authority officer will meet you {how} on {when} to register Microsoft Authenticator for your NHS Care Identity."
                    ),
                    "Please bring three documents: one photo ID (such as a passport or photocard driving licence), one proof of address (such as a recent utility bill or bank statement) and one more (such as a birth certificate).".into(),
                ],
                link: None,
            }]
        }
        _ => Vec::new(),
    }
}

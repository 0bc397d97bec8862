//! The enrolment link's life outside the ceremony: sent (or replaced) by an RA officer's
//! step, in that step's transaction, and expired by the housekeeping task when unused.

use chrono::{DateTime, Utc};
use ra_db::{
    Db, DbResult, Tx,
    repo::{
        audit::{self, Subject},
        enrolment as repo,
        registration::{self as requests, RequestRow, StepChange},
    },
};
use ra_domain::registration::{RequestState, enrolment::link_expiry};
use serde_json::json;

use super::emails;
use crate::api::{
    secrets::{new_token, token_hash},
    settings,
};

/// Creates (or replaces) the request's enrolment link and emails it to the person.
pub async fn send_link(tx: &mut Tx, r: &RequestRow, now: DateTime<Utc>) -> DbResult<()> {
    let token = new_token();
    repo::insert_link(tx, r.id, &token_hash(&token), now, link_expiry(now)).await?;
    emails::link(&settings().public_url, r, &token)
        .enqueue(tx)
        .await
}

/// Moves requests whose link expired unused to "link expired" (the portal's own step).
pub async fn expire_links(db: &Db, now: DateTime<Utc>) -> DbResult<usize> {
    let mut n = 0;
    for (id, org) in repo::expired_requests(db, now).await? {
        let mut tx = db.begin().await?;
        let moved = requests::change_state(
            &mut tx,
            id,
            RequestState::LinkSent,
            RequestState::LinkExpired,
            &StepChange::default(),
            now,
        )
        .await?;
        if moved {
            audit::record(
                &mut tx,
                audit::AuditEvent {
                    actor: None,
                    action: "registration.expire_link",
                    subject_type: Subject::RegistrationRequest,
                    subject_id: Some(&id.to_string()),
                    subject_org: Some(org.as_str()),
                    details: json!({
                        "summary": "The enrolment link expired unused",
                        "from": "link_sent",
                        "to": "link_expired",
                    }),
                    occurred_at: now,
                },
            )
            .await?;
            n += 1;
        }
        tx.commit().await?;
    }
    Ok(n)
}

//! What the ceremony's steps share: finding the link, judging a guess within the link's
//! limit of wrong codes, and the audit entry of each step. Every step changes the link
//! and writes its entry in one transaction; entries never hold a code or the secret.

use chrono::{DateTime, Utc};
use ra_db::{
    Db, Tx,
    repo::{
        audit::{self, Subject},
        enrolment::{self as repo, LinkRow},
        registration::{self as requests, RequestRow},
    },
};
use ra_domain::registration::enrolment::{LinkFacts, LinkState, MAX_WRONG_CODES, link_state};
use serde_json::{Value, json};

use crate::{AppError, api::secrets::token_hash};

fn facts(l: &LinkRow) -> LinkFacts {
    LinkFacts {
        expires_at: l.expires_at,
        used_at: l.used_at,
        replaced_at: l.replaced_at,
        wrong_codes: l.wrong_codes,
    }
}

/// The link and its request, or one neutral "not found" for any unknown token.
pub async fn link(db: &Db, token: &str) -> Result<(LinkRow, RequestRow), AppError> {
    let not_found = || {
        AppError::Validation(
            "This link is not valid. Check you used the whole link from the email.".into(),
        )
    };
    let l = repo::find_by_token_hash(db, &token_hash(token.trim()))
        .await?
        .ok_or_else(not_found)?;
    let r = requests::find(db, l.request_id)
        .await?
        .ok_or_else(not_found)?;
    Ok((l, r))
}

/// Why the link cannot be used now, if it cannot.
pub fn problem(l: &LinkRow, now: DateTime<Utc>) -> Option<LinkState> {
    Some(link_state(&facts(l), now)).filter(|s| *s != LinkState::Usable)
}

pub fn usable(l: &LinkRow) -> Result<(), AppError> {
    match problem(l, Utc::now()) {
        None => Ok(()),
        Some(other) => Err(AppError::Conflict(other.message().into())),
    }
}

/// One step of the ceremony in the audit trail, in the step's transaction.
pub async fn audited(
    tx: &mut Tx,
    r: &RequestRow,
    action: &'static str,
    details: Value,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::record(
        tx,
        audit::AuditEvent {
            actor: None,
            action,
            subject_type: Subject::RegistrationRequest,
            subject_id: Some(&r.id.to_string()),
            subject_org: Some(r.ods_code.as_str()),
            details,
            occurred_at: now,
        },
    )
    .await?;
    Ok(())
}

/// Claims one of the link's attempts before a guess is judged (however many guesses
/// arrive at once, at most MAX_WRONG_CODES are judged); refused once they are used up.
/// A right guess gives its attempt back: only wrong codes count.
pub async fn claim(tx: &mut Tx, l: &LinkRow) -> Result<i32, AppError> {
    repo::claim_attempt(tx, l.id, MAX_WRONG_CODES)
        .await?
        .ok_or_else(|| AppError::Conflict(LinkState::Locked.message().into()))
}

/// A wrong guess, the `attempt`th: audited (with the lock, when it was the last one) and
/// committed, then answered with how many tries are left.
pub async fn wrong(
    mut tx: Tx,
    r: &RequestRow,
    attempt: i32,
    what: &'static str,
) -> Result<AppError, AppError> {
    let now = Utc::now();
    let left = MAX_WRONG_CODES - attempt;
    let details = json!({
        "summary": format!("A wrong {what} was entered ({attempt} of {MAX_WRONG_CODES})"),
        "what": what,
        "wrong_codes": attempt,
    });
    audited(&mut tx, r, "enrolment.wrong_code", details, now).await?;
    if left <= 0 {
        let details = json!({
            "summary": format!("The link was locked after {MAX_WRONG_CODES} wrong codes"),
        });
        audited(&mut tx, r, "enrolment.locked", details, now).await?;
    }
    tx.commit().await?;
    Ok(if left <= 0 {
        AppError::Conflict(LinkState::Locked.message().into())
    } else {
        AppError::field(
            "code",
            format!(
                "That {what} is not right. You can try {left} more time{}.",
                if left == 1 { "" } else { "s" }
            ),
        )
    })
}

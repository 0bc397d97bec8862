//! `access-review/decide`: an RA manager confirms or withdraws one access in the open
//! review, with a reason. Withdrawing ends the access as the managers' page does (its
//! sessions end, the manager is told), in the same transaction as the decision; the last
//! decision completes the review.

use leptos::prelude::*;

use crate::AppError;

#[server(endpoint = "access-review/decide")]
pub async fn decide_access_review(
    review: String,
    access: String,
    decision: String,
    reason: String,
) -> Result<(), AppError> {
    let manager = crate::auth::admit::<DecideAccessReview>()?.ra_manager()?;
    let (decision, reason) =
        ra_domain::access_review::decision(&decision, &reason).map_err(AppError::Invalid)?;
    server::decide(manager.person_id(), &review, &access, decision, &reason).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use ra_db::repo::{access_reviews as repo, audit, manager_access};
    use ra_domain::{
        AccessId, PersonId, ReviewId,
        access_review::ReviewDecision,
        manager_access::{AccessDecision, AccessStatus},
    };
    use serde_json::json;

    use super::super::audited;
    use crate::{
        AppError,
        api::manager_access::{Decided, write_decision},
        auth,
    };

    pub async fn decide(
        by: PersonId,
        review: &str,
        access: &str,
        decision: ReviewDecision,
        reason: &str,
    ) -> Result<(), AppError> {
        let db = auth::db()?;
        let review_id = ReviewId::parse(review).ok_or(AppError::NotFound)?;
        let access_id = AccessId::parse(access).ok_or(AppError::NotFound)?;
        let row = manager_access::find(&db, access_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = Utc::now();
        let mut tx = db.begin().await?;
        if !repo::decide(&mut tx, review_id, access_id, decision, reason, by, now).await? {
            return Err(AppError::Conflict(
                "This access was decided already, or is not in the open review. Reload the page."
                    .into(),
            ));
        }
        let (action, words) = match decision {
            ReviewDecision::Confirm => ("access_review.confirmed", "Confirmed"),
            ReviewDecision::Revoke => ("access_review.revoked", "Withdrew"),
        };
        let details = json!({
            "summary": format!("{words} {}'s access as a manager of {}: {reason}", row.full_name, row.ods_code),
            "access": access_id.to_string(),
            "email": row.email,
            "ods_code": row.ods_code.as_str(),
            "decision": decision.as_str(),
            "reason": reason,
        });
        if decision == ReviewDecision::Revoke && row.status == AccessStatus::Approved {
            let org = row
                .org_name
                .clone()
                .unwrap_or_else(|| row.ods_code.to_string());
            let withdrawn = Decided {
                by,
                to: AccessStatus::Revoked,
                decision: AccessDecision::Revoke,
                reason: Some(reason),
                org: &org,
                now,
            };
            write_decision(&mut tx, &row, &withdrawn).await?;
        }
        // Entries last: the chain's head is locked from the first until the commit, and
        // every other writer takes the access's row before the head, never after.
        let mut events = vec![audited(by, action, review, details, now)];
        if repo::complete_if_done(&mut tx, review_id, now).await? {
            let done = json!({ "summary": "Access review completed: every access was certified" });
            events.push(audited(by, "access_review.completed", review, done, now));
        }
        audit::record_many(&mut tx, &events).await?;
        tx.commit().await?;
        Ok(())
    }
}

//! `access-review/start`: an RA manager starts the review of every approved access (one
//! review is open at a time; starting twice joins the one open).

use leptos::prelude::*;

use crate::AppError;

#[server(endpoint = "access-review/start")]
pub async fn start_access_review() -> Result<(), AppError> {
    let manager = crate::auth::admit::<StartAccessReview>()?.ra_manager()?;
    server::start(manager.person_id()).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use ra_db::repo::{access_reviews as repo, audit};
    use ra_domain::{PersonId, ReviewId};
    use serde_json::json;

    use super::super::audited;
    use crate::{AppError, auth};

    pub async fn start(by: PersonId) -> Result<(), AppError> {
        let db = auth::db()?;
        let now = Utc::now();
        let id = ReviewId::new();
        let mut tx = db.begin().await?;
        let Some(n) = repo::start(&mut tx, id, by, now).await? else {
            // Someone started it a moment ago: theirs is the review.
            return Ok(());
        };
        let review = id.to_string();
        let summary = format!("Access review started: {n} manager accesses to certify");
        let started = json!({ "summary": summary, "accesses": n });
        let mut events = vec![audited(by, "access_review.started", &review, started, now)];
        if repo::complete_if_done(&mut tx, id, now).await? {
            let done =
                json!({ "summary": "Access review completed: there was nothing to certify" });
            events.push(audited(by, "access_review.completed", &review, done, now));
        }
        // Entries last, after every row this change takes.
        audit::record_many(&mut tx, &events).await?;
        tx.commit().await?;
        Ok(())
    }
}

//! `access-review/get`: when the next review is due, the open one with each access and
//! what might make a reviewer withdraw it, and the reviews before.

use leptos::prelude::*;

use super::ReviewPage;
use crate::AppError;

#[server(endpoint = "access-review/get")]
pub async fn get_access_review() -> Result<ReviewPage, AppError> {
    let me = crate::auth::admit::<GetAccessReview>()?;
    server::page(me.ra_manager().is_ok()).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use ra_db::repo::access_reviews as repo;
    use ra_domain::access_review::{ReviewDecision, due, hints, is_overdue};

    use super::super::{ItemView, PastReview, ReviewPage, ReviewView, day};
    use crate::{AppError, api::settings, auth};

    /// Past reviews shown: two years' worth at the default interval.
    const PAST: i64 = 8;

    pub async fn page(can_decide: bool) -> Result<ReviewPage, AppError> {
        let db = auth::db()?;
        let now = Utc::now();
        let state = repo::state(&db).await?;
        let due = due(
            state.last_completed,
            state.oldest_access,
            settings().access_review_days,
        );
        let open = match repo::open(&db).await? {
            None => None,
            Some(r) => {
                let items = repo::items(&db, r.id).await?;
                Some(ReviewView {
                    id: r.id.to_string(),
                    started: day(r.started_at),
                    started_by: r.started_by_name,
                    items: items
                        .into_iter()
                        .map(|i| {
                            let decided = match (
                                i.decision.as_deref().and_then(ReviewDecision::parse),
                                i.decided_at,
                            ) {
                                (Some(d), Some(at)) => Some(format!(
                                    "{} by {} on {}: {}",
                                    d.label(),
                                    i.decided_by_name.unwrap_or_default(),
                                    day(at),
                                    i.reason.unwrap_or_default()
                                )),
                                _ => None,
                            };
                            ItemView {
                                access_id: i.access_id.to_string(),
                                hints: hints(i.approved_at, i.last_sign_in_at, now),
                                name: i.full_name,
                                email: i.email,
                                org: i.ods_code,
                                decided,
                            }
                        })
                        .collect(),
                })
            }
        };
        let past = repo::list(&db, PAST)
            .await?
            .into_iter()
            .filter(|r| r.completed_at.is_some())
            .map(|r| PastReview {
                started: day(r.started_at),
                started_by: r.started_by_name,
                completed: r.completed_at.map(day),
                confirmed: r.confirmed,
                revoked: r.revoked,
            })
            .collect();
        Ok(ReviewPage {
            due: due.map(day),
            overdue: is_overdue(due, now) && open.is_none(),
            accesses: state.accesses,
            open,
            past,
            can_decide,
        })
    }
}

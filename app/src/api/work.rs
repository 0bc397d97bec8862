//! What waits for RA officers, counted for their home page; each count links to the
//! filtered list that holds exactly those items.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

/// A kind of work that waits for RA officers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Waiting {
    Review,
    Stale,
    DomainsToDecide,
    DomainsOverdue,
    Undelivered,
    ManagersToApprove,
    /// Accesses to certify in an access review that is overdue (0 when it is not).
    AccessReviewOverdue,
}

impl Waiting {
    /// What `n` of them are, e.g. "3 requests waiting for review".
    pub fn label(self, n: i64) -> String {
        let stale = format!(
            "with no step for over {} working days",
            ra_domain::registration::stale::STALE_WORKING_DAYS
        );
        let (one, many) = match self {
            Waiting::Review => ("request waiting for review", "requests waiting for review"),
            Waiting::Stale => {
                let what = if n == 1 { "request" } else { "requests" };
                return format!("{n} {what} {stale}");
            }
            Waiting::DomainsToDecide => (
                "domain request waiting for a decision",
                "domain requests waiting for a decision",
            ),
            Waiting::DomainsOverdue => (
                "domain overdue at NHS England",
                "domains overdue at NHS England",
            ),
            Waiting::Undelivered => ("email not delivered", "emails not delivered"),
            Waiting::ManagersToApprove => ("manager to approve", "managers to approve"),
            Waiting::AccessReviewOverdue if n == 0 => {
                return "No access review overdue".to_owned();
            }
            Waiting::AccessReviewOverdue => (
                "manager access to certify: the access review is overdue",
                "manager accesses to certify: the access review is overdue",
            ),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// The filtered list that holds them.
    pub fn href(self) -> &'static str {
        match self {
            Waiting::Review => "/requests?state=submitted&sort=oldest",
            Waiting::Stale => "/requests?stale=yes&sort=oldest",
            Waiting::DomainsToDecide => "/allow-list?status=requested",
            Waiting::DomainsOverdue => "/allow-list?overdue=yes",
            Waiting::Undelivered => "/ra/mail",
            Waiting::ManagersToApprove => "/ra/managers?status=pending",
            Waiting::AccessReviewOverdue => "/access-review",
        }
    }
}

/// Every kind of waiting work with its count, in the order the home page shows them.
pub type Work = Vec<(Waiting, i64)>;

/// What waits for RA officers now.
#[server(endpoint = "work/ra")]
pub async fn ra_work() -> Result<Work, AppError> {
    use crate::auth;
    use chrono::Utc;
    use ra_db::repo::work::{self, WorkQuery};
    use ra_domain::{allow_list::overdue_before, registration::stale::stale_before};

    auth::admit::<RaWork>()?;
    let now = Utc::now();
    let days = crate::api::settings().allow_list_overdue_days;
    let query = WorkQuery {
        stale_before: stale_before(now),
        submitted_before: overdue_before(now.date_naive(), days),
    };
    let db = auth::db()?;
    let w = work::for_ra(&db, &query).await?;
    let review = ra_db::repo::access_reviews::state(&db).await?;
    let due = ra_domain::access_review::due(
        review.last_completed,
        review.oldest_access,
        crate::api::settings().access_review_days,
    );
    let open = ra_db::repo::access_reviews::open(&db).await?;
    let to_certify = match open {
        // A review under way counts what it still waits for, once it was due.
        Some(r) if ra_domain::access_review::is_overdue(due, now) => r.undecided,
        Some(_) => 0,
        None if ra_domain::access_review::is_overdue(due, now) => review.accesses,
        None => 0,
    };
    Ok(vec![
        (Waiting::Review, w.to_review),
        (Waiting::Stale, w.stale),
        (Waiting::DomainsToDecide, w.domains_to_decide),
        (Waiting::DomainsOverdue, w.domains_overdue),
        (Waiting::Undelivered, w.undelivered),
        (Waiting::ManagersToApprove, w.managers_to_approve),
        (Waiting::AccessReviewOverdue, to_certify),
    ])
}

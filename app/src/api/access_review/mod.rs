//! Access reviews: an RA manager certifies, every RA_ACCESS_REVIEW_DAYS, each access the
//! portal grants beyond CIS2's roles (approved email-link managers), confirming or
//! withdrawing it with a reason. RA officers and auditors see them; only RA managers
//! decide. Rules in `ra_domain::access_review`.

mod decide;
mod get;
mod start;

use serde::{Deserialize, Serialize};

pub use decide::{DecideAccessReview, decide_access_review};
pub use get::{GetAccessReview, get_access_review};
pub use start::{StartAccessReview, start_access_review};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPage {
    /// "6 March 2027", when one will be due.
    pub due: Option<String>,
    pub overdue: bool,
    /// Accesses there are to review now.
    pub accesses: i64,
    pub open: Option<ReviewView>,
    pub past: Vec<PastReview>,
    /// The caller may start a review and decide (an RA manager).
    pub can_decide: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub id: String,
    pub started: String,
    pub started_by: String,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    pub access_id: String,
    pub name: String,
    pub email: String,
    pub org: String,
    pub hints: Vec<String>,
    /// "Confirmed by Rachel Adeyemi on 6 December 2026: still the home's manager".
    pub decided: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastReview {
    pub started: String,
    pub started_by: String,
    pub completed: Option<String>,
    pub confirmed: i64,
    pub revoked: i64,
}

#[cfg(feature = "ssr")]
fn day(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%-d %B %Y").to_string()
}

#[cfg(feature = "ssr")]
fn audited<'a>(
    by: ra_domain::PersonId,
    action: &'a str,
    review: &'a str,
    details: serde_json::Value,
    now: chrono::DateTime<chrono::Utc>,
) -> ra_db::repo::audit::AuditEvent<'a> {
    ra_db::repo::audit::AuditEvent {
        actor: Some(by),
        action,
        subject_type: ra_db::repo::audit::Subject::AccessReview,
        subject_id: Some(review),
        subject_org: None,
        details,
        occurred_at: now,
    }
}

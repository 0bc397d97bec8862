//! Managers without a CIS2 identity: `ask` (a sign-in link by email), `sign_in` (the
//! link spent, server side only: `POST /auth/email-link` in the server crate calls it and
//! opens the session), `review` (RA officers list, open and decide accesses) and `emails`.
//!
//! Permissions (the table in `crate::rights`): asking is public and answers the same
//! whatever the address (no account discovery); reviewing is for RA officers.

use ra_domain::manager_access::{AccessDecision, AccessStatus};
use serde::{Deserialize, Serialize};

mod ask;
#[cfg(feature = "ssr")]
mod emails;
mod review;
#[cfg(feature = "ssr")]
mod sign_in;

pub use ask::{AskForAccess, ask_for_access};
pub use review::{
    DecideManagerAccess, GetManagerAccess, ListManagerAccess, decide_manager_access,
    get_manager_access, list_manager_access,
};
#[cfg(feature = "ssr")]
pub(crate) use review::{Decided, write_decision};
#[cfg(feature = "ssr")]
pub use sign_in::{LinkOutcome, use_link};

/// The most accesses one page lists: a few dozen wait at any time, even nationally.
pub const LIST_LIMIT: i64 = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessView {
    pub id: String,
    pub full_name: String,
    pub email: String,
    pub ods_code: String,
    /// None when the portal has not met the organisation yet: the officer names it.
    pub org_name: Option<String>,
    pub status: AccessStatus,
    pub requested_on: String,
    /// "Approved 3 December 2026 by Sam Okafor".
    pub decided: Option<String>,
    pub reason: Option<String>,
    /// Whether the email's domain is on the allow list now, and why (or why not).
    pub domain_allowed: bool,
    pub domain_check: String,
    /// Set when the domain is listed for another organisation than the one asked for.
    pub domain_note: Option<String>,
    pub decisions: Vec<AccessDecision>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessList {
    pub status: AccessStatus,
    pub items: Vec<AccessView>,
    /// How many there are with this status (more than `items` when over the limit).
    pub total: i64,
    pub counts: Vec<(AccessStatus, i64)>,
}

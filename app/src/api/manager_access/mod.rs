//! Server functions for managers without a CIS2 identity.
//!
//! Permissions: asking for a sign-in link is public and answers the same whatever the
//! address (no account discovery); the list and the decisions are for RA officers only.
//! The link itself is spent by `POST /auth/email-link` in the server crate, which calls
//! [`service::use_link`] and opens the session.

use leptos::prelude::*;
use ra_domain::manager_access::{AccessDecision, AccessStatus};
use serde::{Deserialize, Serialize};

use crate::AppError;
#[cfg(feature = "ssr")]
use crate::auth;

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

/// A manager asks for a sign-in link. Every well-formed request gets the same answer;
/// a link is emailed only when the address's domain is on the allow list.
#[server(endpoint = "manager-access/ask")]
pub async fn ask_for_access(
    full_name: String,
    email: String,
    ods_code: String,
) -> Result<(), AppError> {
    use ra_domain::manager_access::{AccessForm, validate_access};
    let form = AccessForm {
        full_name,
        email,
        ods_code,
    };
    let valid = validate_access(&form).map_err(|e| auth::fail(AppError::Invalid(e)))?;
    service::ask(
        &auth::db()?,
        &crate::api::settings(),
        valid,
        chrono::Utc::now(),
    )
    .await
}

/// Managers' accesses with one status (pending first by default).
#[server(endpoint = "ra/managers/list")]
pub async fn list_manager_access(status: Option<String>) -> Result<AccessList, AppError> {
    let me = auth::principal()?;
    let officer = auth::require(me.ra_officer())?;
    let status = match status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => AccessStatus::Pending,
        Some(s) => AccessStatus::parse(s).ok_or_else(|| {
            auth::fail(AppError::field("status", "Choose a status from the list"))
        })?,
    };
    service::list(officer, status).await
}

/// One manager's access, with the decisions an RA officer can take.
#[server(endpoint = "ra/managers/get")]
pub async fn get_manager_access(id: String) -> Result<AccessView, AppError> {
    let me = auth::principal()?;
    let officer = auth::require(me.ra_officer())?;
    service::get(officer, &id).await
}

/// An RA officer approves, rejects or withdraws a manager's access.
#[server(endpoint = "ra/managers/decide")]
pub async fn decide_manager_access(
    id: String,
    decision: String,
    reason: Option<String>,
    org_name: Option<String>,
) -> Result<(), AppError> {
    let me = auth::principal()?;
    let officer = auth::require(me.ra_officer())?;
    let decision = AccessDecision::parse(decision.trim())
        .ok_or_else(|| auth::fail(AppError::field("decision", "Choose a decision")))?;
    service::decide(
        officer,
        &id,
        decision,
        reason.unwrap_or_default().trim(),
        org_name.unwrap_or_default().trim(),
    )
    .await
}

#[cfg(feature = "ssr")]
pub mod service;

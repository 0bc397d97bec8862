//! A new portal session: stored with its `signed_in` audit entry in the sign-in's
//! transaction, ending the browser's previous session (the id changes at every sign-in).
//! CIS2 sign-in (`auth_routes`) and email-link sign-in (`email_sign_in`) both open one here.

use axum::http::HeaderMap;
use chrono::Utc;
use ra_db::repo::{
    audit::{self, AuditEvent, Subject},
    sessions::{self, NewSession},
};
use ra_domain::Principal;

use crate::{
    audit_origin::as_acting,
    session::{self, SESSION_COOKIE},
    state::AppState,
};

/// What the provider's session needs for logout later.
pub(crate) struct OidcSession<'a> {
    pub sid: Option<&'a str>,
    pub id_token: &'a str,
}

/// Stores a new session for `principal` with its `signed_in` audit record, in the
/// caller's transaction, ending the browser's previous session; returns the cookie token.
pub(crate) async fn open_session(
    tx: &mut ra_db::Tx,
    state: &AppState,
    principal: &Principal,
    oidc: Option<OidcSession<'_>>,
    headers: &HeaderMap,
    details: serde_json::Value,
    now: chrono::DateTime<Utc>,
) -> Result<String, ra_db::DbError> {
    let principal_json =
        serde_json::to_string(principal).map_err(|e| ra_db::DbError::Corrupt(e.to_string()))?;
    let token = session::new_token();
    let id_hash = session::hash_token(&token);
    sessions::create(
        tx,
        &NewSession {
            id_hash: &id_hash,
            person_id: principal.person_id,
            principal_json: &principal_json,
            oidc_sid: oidc.as_ref().and_then(|o| o.sid),
            id_token: oidc.as_ref().map(|o| o.id_token),
            created_at: now,
            // The policy already caps this at the absolute timeout.
            expires_at: state.session_policy.expires_at(now, now),
        },
    )
    .await?;
    // Session-fixation defence: the id changes at every sign-in.
    if let Some(old) = session::read_cookie(headers, SESSION_COOKIE) {
        sessions::delete_in(tx, &session::hash_token(&old)).await?;
    }
    let person = principal.person_id.to_string();
    let event = AuditEvent {
        actor: Some(principal.person_id),
        action: "signed_in",
        subject_type: Subject::Person,
        subject_id: Some(&person),
        subject_org: None,
        details,
        occurred_at: now,
    };
    as_acting(principal, audit::record(tx, event)).await?;
    Ok(token)
}

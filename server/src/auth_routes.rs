//! `/auth/login`, `/auth/callback`, `/auth/logout` and the portal's JWKS.

use std::collections::HashMap;

use axum::{
    Extension, Json,
    extract::{Query, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Redirect, Response},
};
use chrono::{Duration, Utc};
use ra_db::repo::{
    audit::{self, AuditEvent, Subject},
    login_attempts::{self, NewLoginAttempt},
    organisations, people, sessions,
};
use ra_domain::{OdsCode, Principal, principal::OrgLabel};
use serde_json::json;

use crate::{
    audit_origin::as_acting,
    oidc::CisIdentity,
    open_session::{OidcSession, open_session},
    session::{self, LOGIN_COOKIE, SESSION_COOKIE, SessionIdHash},
    state::AppState,
};

/// How long a person has to finish signing in at CIS2.
const LOGIN_ATTEMPT_SECS: i64 = 600;

pub(crate) fn problem(reason: &str) -> Response {
    Redirect::to(&format!("/sign-in-problem?reason={reason}")).into_response()
}

/// The portal failed (database), not the person: counted with the refusals, as the
/// person could not sign in either way.
fn internal_error(state: &AppState) -> Response {
    state.metrics.sign_in_failed("internal");
    problem("internal")
}

/// Only local paths, so the parameter cannot send people to another site.
fn safe_return_to(raw: Option<&String>) -> Option<String> {
    raw.filter(|p| {
        p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.starts_with("/auth/")
    })
    .cloned()
}

pub async fn login(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let start = state.oidc.start().await;
    let browser_token = session::new_token();
    let return_to = safe_return_to(q.get("return_to"));
    let attempt = NewLoginAttempt {
        state: &start.state,
        browser_hash: &session::hash_token(&browser_token),
        nonce: &start.nonce,
        pkce_verifier: &start.pkce_verifier,
        return_to: return_to.as_deref(),
        created_at: Utc::now(),
    };
    if let Err(e) = login_attempts::insert(&state.db, &attempt).await {
        tracing::error!(error = %e, "could not store the login attempt");
        return internal_error(&state);
    }
    let mut res = Redirect::to(start.url.as_str()).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        session::cookie(
            LOGIN_COOKIE,
            &browser_token,
            "/auth",
            LOGIN_ATTEMPT_SECS,
            state.config.secure_cookies(),
        ),
    );
    res
}

pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(state_param) = q.get("state") else {
        return refuse(&state, "state", "callback without state").await;
    };
    let attempt = match login_attempts::take(&state.db, state_param).await {
        Ok(Some(a)) => a,
        Ok(None) => return refuse(&state, "state", "unknown or already used state").await,
        Err(e) => {
            tracing::error!(error = %e, "could not read the login attempt");
            return internal_error(&state);
        }
    };
    let browser_ok = session::read_cookie(&headers, LOGIN_COOKIE)
        .is_some_and(|t| session::hash_token(&t) == attempt.browser_hash);
    if !browser_ok {
        return refuse(&state, "state", "state not started by this browser").await;
    }
    if Utc::now() - attempt.created_at > Duration::seconds(LOGIN_ATTEMPT_SECS) {
        return refuse(&state, "expired", "sign-in took too long").await;
    }
    if let Some(error) = q.get("error") {
        return refuse(&state, "denied", &format!("provider returned {error}")).await;
    }
    let Some(code) = q.get("code") else {
        return refuse(&state, "state", "callback without code").await;
    };
    let identity = match state
        .oidc
        .complete(code, &attempt.pkce_verifier, &attempt.nonce)
        .await
    {
        Ok(i) => i,
        Err(e) => return refuse(&state, e.reason(), &e.to_string()).await,
    };
    match start_session(&state, &identity, headers).await {
        Ok((token, principal)) => {
            let target = attempt
                .return_to
                .unwrap_or_else(|| principal.home().path().to_owned());
            signed_in(&state, &token, &target)
        }
        Err(e) => {
            tracing::error!(error = %e, "could not start the session");
            internal_error(&state)
        }
    }
}

/// The redirect after a sign-in: the new session's cookie, the login cookie cleared.
pub(crate) fn signed_in(state: &AppState, token: &str, target: &str) -> Response {
    let mut res = Redirect::to(target).into_response();
    let secure = state.config.secure_cookies();
    let max_age = state.config.session_absolute.as_secs() as i64;
    let h = res.headers_mut();
    h.append(
        header::SET_COOKIE,
        session::cookie(SESSION_COOKIE, token, "/", max_age, secure),
    );
    h.append(
        header::SET_COOKIE,
        session::cookie(LOGIN_COOKIE, "", "/auth", 0, secure),
    );
    res
}

/// Records the refusal and sends the browser to a page that explains it. No session.
pub(crate) async fn refuse(state: &AppState, reason: &'static str, detail: &str) -> Response {
    tracing::warn!(reason, detail, "sign-in refused");
    state.metrics.sign_in_failed(reason);
    let event = AuditEvent {
        actor: None,
        action: "sign_in_refused",
        subject_type: Subject::SignIn,
        subject_id: None,
        subject_org: None,
        details: json!({ "reason": reason, "summary": format!("Sign-in refused: {detail}") }),
        occurred_at: Utc::now(),
    };
    if let Err(e) = audit::record_alone(&state.db, event).await {
        tracing::error!(error = %e, "could not audit a refused sign-in");
    }
    problem(reason)
}

/// Creates or refreshes the person, their organisations and a new session, with the
/// audit record, in one transaction. Ends the browser's previous session, if any.
async fn start_session(
    state: &AppState,
    id: &CisIdentity,
    headers: HeaderMap,
) -> Result<(String, Principal), ra_db::DbError> {
    let now = Utc::now();
    let roles = state
        .role_mapping
        .portal_roles(&id.roles, id.selected_roleid.as_deref());
    let organisations: Vec<OrgLabel> = id
        .orgs
        .iter()
        .filter_map(|o| {
            OdsCode::parse(&o.org_code)
                .ok()
                // CIS2 speaks ODS only: a portal-local code from it is not believed, so a
                // sign-in can neither rename nor claim an organisation ODS does not list.
                .filter(|code| !code.is_local())
                .map(|code| OrgLabel {
                    code,
                    name: o.org_name.clone(),
                })
        })
        .collect();

    let mut tx = state.db.begin().await?;
    let person_id = people::upsert_on_sign_in(
        &mut tx,
        &people::SignedInPerson {
            issuer: &id.issuer,
            subject: &id.subject,
            display_name: &id.display_name,
            email: id.email.as_deref(),
        },
        now,
    )
    .await?;
    let mut new_orgs = Vec::new();
    let mut renamed = Vec::new();
    for org in &organisations {
        let up = organisations::upsert(&mut tx, &org.code, &org.name, None, now).await?;
        new_orgs.extend(up.created.then(|| org.clone()));
        renamed.extend(up.renamed_from.map(|was| (org.clone(), was)));
    }
    let principal = Principal {
        person_id,
        display_name: id.display_name.clone(),
        email: id.email.clone(),
        roles,
        organisations,
        signed_in_with: ra_domain::SignInMethod::Cis2,
    };
    let roles: Vec<&str> = principal.roles.iter().map(|r| r.label()).collect();
    let summary = format!(
        "Signed in at {} as {}",
        id.acr,
        if roles.is_empty() {
            "no portal role".to_owned()
        } else {
            roles.join(", ")
        }
    );
    let details = json!({
        "actor_name": principal.display_name,
        "summary": summary,
        "acr": id.acr,
        "subject": id.subject,
        "selected_roleid": id.selected_roleid,
    });
    let oidc = OidcSession {
        sid: id.sid.as_deref(),
        id_token: &id.id_token,
    };
    let token = open_session(
        &mut tx,
        state,
        &principal,
        Some(oidc),
        &headers,
        details,
        now,
    )
    .await?;
    // Organisations the portal learns of from CIS2 are new records, each audited (after
    // the sign-in's entry, so the chain's head is held only to the commit).
    for o in &new_orgs {
        let why = format!(
            "{} ({}) named by CIS2 at {}'s sign-in",
            o.name, o.code, id.display_name
        );
        let created = organisations::created_event(&o.code, &o.name, Some(person_id), why, now);
        as_acting(&principal, audit::record(&mut tx, created)).await?;
    }
    // CIS2 is where ODS names come from: a sign-in naming an organisation otherwise
    // renames it, and says so.
    for (o, was) in &renamed {
        let code = o.code.as_str();
        let event = AuditEvent {
            actor: Some(person_id),
            action: "organisation.updated",
            subject_type: Subject::Organisation,
            subject_id: Some(code),
            subject_org: Some(code),
            details: json!({
                "summary": format!("{was} ({code}) renamed {} as CIS2 names it", o.name),
                "before": { "name": was },
                "after": { "name": o.name },
                "changed": ["Name"],
            }),
            occurred_at: now,
        };
        as_acting(&principal, audit::record(&mut tx, event)).await?;
    }
    tx.commit().await?;
    tracing::info!(person = %person_id, home = ?principal.home(), "signed in");
    Ok((token, principal))
}

/// Ends the portal session, then the CIS2 session where the provider offers one.
pub async fn logout(
    State(state): State<AppState>,
    current: Option<Extension<SessionIdHash>>,
    principal: Option<Extension<Principal>>,
) -> Response {
    let secure = state.config.secure_cookies();
    let mut id_token = None;
    if let Some(Extension(SessionIdHash(hash))) = current {
        let ended = async {
            let mut tx = state.db.begin().await?;
            let row = sessions::delete_in(&mut tx, &hash).await?;
            if let Some(row) = &row {
                let person = row.person_id;
                audit::record(
                    &mut tx,
                    AuditEvent {
                        actor: Some(person),
                        action: "signed_out",
                        subject_type: Subject::Person,
                        subject_id: Some(&person.to_string()),
                        subject_org: None,
                        details: json!({
                            "actor_name": principal.as_ref().map(|p| p.display_name.clone()),
                            "summary": "Signed out",
                        }),
                        occurred_at: Utc::now(),
                    },
                )
                .await?;
            }
            tx.commit().await?;
            Ok::<_, ra_db::DbError>(row)
        }
        .await;
        match ended {
            Ok(row) => id_token = row.and_then(|r| r.id_token),
            Err(e) => {
                tracing::error!(error = %e, "could not end the session");
                return problem("internal");
            }
        }
    }
    let target = match (state.oidc.end_session_endpoint().await, id_token) {
        (Some(mut url), Some(hint)) => {
            url.query_pairs_mut()
                .append_pair("id_token_hint", &hint)
                .append_pair(
                    "post_logout_redirect_uri",
                    &state.config.post_logout_redirect_uri(),
                )
                .append_pair("client_id", state.oidc.client_id());
            url.to_string()
        }
        _ => "/signed-out".to_owned(),
    };
    let mut res = Redirect::to(&target).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        session::cookie(SESSION_COOKIE, "", "/", 0, secure),
    );
    res
}

/// The portal's public keys, which the provider uses to check client assertions.
pub async fn jwks(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(state.keys.jwks()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_to_must_be_a_local_path() {
        let s = |v: &str| safe_return_to(Some(&v.to_owned()));
        assert_eq!(s("/ra?x=1").as_deref(), Some("/ra?x=1"));
        assert_eq!(s("//evil.example/"), None);
        assert_eq!(s("https://evil.example/"), None);
        assert_eq!(s("/\\evil.example"), None);
        assert_eq!(s("/auth/login"), None);
    }
}

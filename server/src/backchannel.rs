//! `POST /auth/backchannel-logout`: CIS2 ends a person's session from its side (sign-out
//! elsewhere, smartcard removed, session expired) by posting a logout token here,
//! server to server, with no cookie.
//!
//! A valid token (`oidc::logout_token` reads it, `ra_domain::logout` judges it) ends
//! every portal session with its `sid` (with only `sub`, all of that person's sessions)
//! on every instance, since sessions live in the database; the `jti` is recorded in the
//! same transaction, so a replay is refused and a retry after a failure is not. The
//! answer is `200` with `Cache-Control: no-store`; anything else is `400` with a JSON
//! `error`, nothing touched, and the refusal logged without the token.

use std::net::SocketAddr;

use app::AppError;
use axum::{
    Json,
    extract::{ConnectInfo, Request, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono::{Duration, Utc};
use http_body_util::BodyExt;
use ra_db::{
    DbError,
    repo::{
        audit::{self, AuditEvent, Subject},
        logout_tokens, people,
        sessions::{self, Ending},
    },
};
use ra_domain::logout::{self, Expected, Logout};
use serde_json::json;

use crate::state::AppState;

/// Far above any logout token (a few hundred bytes), far below anything that hurts.
pub const BODY_LIMIT: usize = 16 * 1024;

/// Clock skew allowed on `iat`.
const SKEW_SECONDS: i64 = 60;

/// Why a call is refused; its status comes from the one mapping (`AppError::status`).
#[derive(Debug)]
pub struct Refused {
    forbidden: bool,
    error: &'static str,
    why: String,
}

impl Refused {
    fn bad(why: impl Into<String>) -> Self {
        Self {
            forbidden: false,
            error: "invalid_request",
            why: why.into(),
        }
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        tracing::warn!(why = %self.why, "back-channel logout refused");
        let status = if self.forbidden {
            AppError::Forbidden(String::new()).status_code()
        } else {
            AppError::BadRequest(String::new()).status_code()
        };
        let body = json!({ "error": self.error, "error_description": self.why });
        (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
    }
}

/// `GET` and anything else that is not the provider's POST.
pub async fn wrong_method() -> Refused {
    Refused::bad("back-channel logout is a POST")
}

pub async fn logout(State(state): State<AppState>, req: Request) -> Result<Response, Refused> {
    let answer = handle(&state, req).await;
    state.metrics.backchannel_logout(match &answer {
        Ok(_) => "ended",
        Err(r) if r.forbidden => "forbidden_source",
        Err(_) => "refused",
    });
    answer
}

async fn handle(state: &AppState, req: Request) -> Result<Response, Refused> {
    let net = &state.config.network;
    if !net.logout_sources.is_empty() {
        let peer = req.extensions().get::<ConnectInfo<SocketAddr>>();
        let from = crate::client_addr::of_request(req.headers(), peer, &net.trusted_proxies);
        if !from.is_some_and(|a| net.logout_sources.iter().any(|n| n.contains(&a))) {
            return Err(Refused {
                forbidden: true,
                error: "access_denied",
                why: format!("source {from:?} is not an allowed CIS2 address"),
            });
        }
    }
    let form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.split(';').next() == Some("application/x-www-form-urlencoded"));
    if !form {
        return Err(Refused::bad(
            "expected an application/x-www-form-urlencoded body",
        ));
    }
    let body = http_body_util::Limited::new(req.into_body(), BODY_LIMIT)
        .collect()
        .await
        .map_err(|_| Refused::bad("the body is too large or could not be read"))?
        .to_bytes();
    let token = url::form_urlencoded::parse(&body)
        .find(|(k, _)| k == "logout_token")
        .map(|(_, v)| v.into_owned())
        .ok_or_else(|| Refused::bad("logout_token is missing"))?;
    let claims = state
        .logout_keys
        .read(&token)
        .await
        .map_err(|e| Refused::bad(e.to_string()))?;
    let now = Utc::now();
    let expected = Expected {
        issuer: &state.config.oidc.issuer,
        client_id: &state.config.oidc.client_id,
        max_age: Duration::from_std(net.logout_max_age).unwrap_or(Duration::minutes(5)),
        skew: Duration::seconds(SKEW_SECONDS),
        now,
    };
    let l = logout::check(&claims, &expected).map_err(|e| Refused::bad(e.to_string()))?;
    if logout_tokens::seen(&state.db, &l.jti)
        .await
        .map_err(|e| failed(&e))?
    {
        return Err(Refused::bad("this logout token was used before"));
    }
    let ended = end_sessions(state, &l, now).await?;
    tracing::info!(jti = %l.jti, sessions = ended, "back-channel logout");
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(json!({}))).into_response())
}

/// The logout could not be carried out: the provider may retry (nothing was kept).
fn failed(e: &DbError) -> Refused {
    tracing::error!(error = %e, "back-channel logout failed");
    Refused::bad("the logout could not be carried out; try again")
}

/// Ends the sessions and remembers the token, with the audit record, in one transaction.
async fn end_sessions(
    state: &AppState,
    l: &Logout,
    now: chrono::DateTime<Utc>,
) -> Result<usize, Refused> {
    let issuer = &state.config.oidc.issuer;
    let person = match &l.sub {
        Some(sub) => people::find_by_subject(&state.db, issuer, sub)
            .await
            .map_err(|e| failed(&e))?,
        None => None,
    };
    let ending = match (&l.sid, person) {
        (Some(sid), p) => Some(Ending::Sid(sid, p)),
        (None, Some(p)) => Some(Ending::Person(p)),
        // A person who never signed in here has no sessions: nothing to end.
        (None, None) => None,
    };
    let done = async {
        let mut tx = state.db.begin().await?;
        let ended = match ending {
            Some(which) => sessions::end(&mut tx, which, "cis2_logout", now).await?,
            None => Vec::new(),
        };
        logout_tokens::remember(&mut tx, &l.jti, now, l.remember_until).await?;
        let subject = person.map(|p| p.to_string());
        audit::record(
            &mut tx,
            AuditEvent {
                actor: person,
                action: "signed_out_by_cis2",
                subject_type: Subject::Person,
                subject_id: subject.as_deref(),
                subject_org: None,
                details: json!({
                    "summary": format!("CIS2 ended {} session(s) by back-channel logout", ended.len()),
                    "jti": l.jti,
                    "sid": l.sid,
                    "sub": l.sub,
                    // Which sessions, without their secrets: a prefix of each stored hash.
                    "sessions": ended.iter().map(|h| h.chars().take(12).collect::<String>()).collect::<Vec<_>>(),
                }),
                occurred_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok::<_, DbError>(ended.len())
    };
    match done.await {
        Ok(n) => Ok(n),
        Err(DbError::Duplicate(_)) => Err(Refused::bad("this logout token was used before")),
        Err(e) => Err(failed(&e)),
    }
}

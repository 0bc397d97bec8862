//! `POST /auth/email-link`: a manager without a CIS2 identity spends their one-time
//! sign-in link. The emailed URL opens a page with a button that posts here, so mail
//! scanners that fetch links cannot spend it.

use app::api::manager_access::{LinkOutcome, use_link};
use axum::{
    Form,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use crate::{
    auth_routes::{problem, refuse, signed_in},
    open_session::open_session,
    state::AppState,
};

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    token: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LinkForm>,
) -> Response {
    let now = Utc::now();
    let outcome = use_link(&state.db, &state.config.app_settings(), &form.token, now).await;
    let (principal, mut tx) = match outcome {
        Ok(LinkOutcome::SignedIn(p, tx)) => (p, tx),
        Ok(LinkOutcome::Pending) => return Redirect::to("/manager-access/pending").into_response(),
        Ok(LinkOutcome::Refused(reason)) => {
            let detail = match reason {
                "email-domain" => "email link: the domain is no longer on the allow list",
                _ => "email link used, expired or unknown",
            };
            return refuse(&state, reason, detail).await;
        }
        Err(e) => {
            tracing::error!(error = %e, "email sign-in failed");
            state.metrics.sign_in_failed("internal");
            return problem("email-internal");
        }
    };
    let opened = async {
        let details = json!({
            "actor_name": principal.display_name,
            "summary": format!(
                "Signed in by email link as organisation manager of {}",
                principal.managed_orgs().iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
            ),
            "method": "email_link",
        });
        let token = open_session(&mut tx, &state, &principal, None, &headers, details, now).await?;
        tx.commit().await?;
        Ok::<_, ra_db::DbError>(token)
    }
    .await;
    match opened {
        Ok(token) => {
            tracing::info!(person = %principal.person_id, "signed in by email link");
            signed_in(&state, &token, principal.home().path())
        }
        Err(e) => {
            tracing::error!(error = %e, "could not start the session");
            state.metrics.sign_in_failed("internal");
            problem("email-internal")
        }
    }
}

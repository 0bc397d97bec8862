//! A manager without a CIS2 identity asks for a one-time sign-in link. Every well-formed
//! request gets the same answer; a link is emailed only when the address's domain is on
//! the allow list.

use leptos::prelude::*;

use crate::AppError;

#[server(endpoint = "manager-access/ask")]
pub async fn ask_for_access(
    full_name: String,
    email: String,
    ods_code: String,
) -> Result<(), AppError> {
    use ra_domain::manager_access::{AccessForm, validate_access};
    crate::auth::admit_anyone::<AskForAccess>()?;
    let form = AccessForm {
        full_name,
        email,
        ods_code,
    };
    let valid = validate_access(&form)?;
    server::ask(&crate::auth::db()?, valid, chrono::Utc::now()).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::{DateTime, Utc};
    use ra_db::{
        Db,
        repo::{
            audit::{self, AuditEvent, Subject},
            manager_access::{self as repo, NewLink},
        },
    };
    use ra_domain::manager_access::{MAX_LIVE_LINKS, ValidAccess, link_expiry};
    use serde_json::json;

    use super::super::emails;
    use crate::{
        AppError,
        api::{
            allow_list,
            secrets::{new_token, token_hash},
            settings,
        },
    };

    pub async fn ask(db: &Db, valid: ValidAccess, now: DateTime<Utc>) -> Result<(), AppError> {
        let outcome = allow_list::check(db, &valid.email).await?;
        if !outcome.is_allowed() {
            // Same answer as for a known address: nothing tells the asker which it was.
            tracing::info!(domain = %valid.domain, "manager access asked for an address not on the allow list");
            return Ok(());
        }
        let mut tx = db.begin().await?;
        let token = new_token();
        let hash = token_hash(&token);
        let link = NewLink {
            token_hash: &hash,
            email: &valid.email,
            full_name: &valid.full_name,
            ods_code: &valid.ods_code,
            created_at: now,
            expires_at: link_expiry(now),
        };
        if !repo::insert_link(&mut tx, &link, MAX_LIVE_LINKS).await? {
            tracing::warn!(domain = %valid.domain, "sign-in link not sent: too many unused links");
            return Ok(());
        }
        audit::record(
            &mut tx,
            AuditEvent {
                actor: None,
                action: "manager_access.link_sent",
                subject_type: Subject::EmailSignInLink,
                subject_id: None,
                subject_org: Some(valid.ods_code.as_str()),
                details: json!({
                    "email": valid.email,
                    "ods_code": valid.ods_code.as_str(),
                    "summary": format!("Sign-in link sent to {} (manager of {})", valid.email, valid.ods_code),
                }),
                occurred_at: now,
            },
        )
        .await?;
        emails::sign_in_link(
            &settings().public_url,
            &valid.email,
            &valid.ods_code,
            &token,
        )
        .enqueue(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

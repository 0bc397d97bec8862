//! Email that has not gone out, for RA officers: pending retries and failures.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailNotSent {
    pub created: String,
    pub to: String,
    pub subject: String,
    /// `pending` (will retry) or `failed` (gave up).
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
}

/// Email waiting to be sent again, or given up on, oldest first.
#[server(endpoint = "mail/undelivered")]
pub async fn undelivered_mail() -> Result<Vec<MailNotSent>, AppError> {
    use crate::auth;
    auth::admit::<UndeliveredMail>()?;
    let db = auth::db()?;
    Ok(ra_db::repo::outbox::undelivered(&db, 200)
        .await?
        .into_iter()
        .map(|m| MailNotSent {
            created: m.created_at.format("%-d %B %Y %H:%M UTC").to_string(),
            to: m.to_address,
            subject: m.subject,
            status: m.status.as_str().to_owned(),
            attempts: m.attempts,
            last_error: m.last_error,
        })
        .collect())
}

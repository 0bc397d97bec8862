//! `audit/timeline`: everything the trail holds about one registration request, or about
//! one person's requests (by email address), oldest first, with their devices.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::EntryView;
use crate::AppError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub title: String,
    /// The requests it covers: (id, "Amira Khan at VMB01, enrolled").
    pub requests: Vec<(String, String)>,
    pub entries: Vec<EntryView>,
}

/// Exactly one of `request` (an id) and `email`.
#[server(endpoint = "audit/timeline")]
pub async fn audit_timeline(
    request: Option<String>,
    email: Option<String>,
) -> Result<Timeline, AppError> {
    crate::auth::admit::<AuditTimeline>()?.auditor()?;
    let db = crate::auth::db()?;
    let (title, rows) = match (
        super::given("request", &request)?,
        super::given("email", &email)?,
    ) {
        (Some(id), None) => {
            let id = ra_domain::RequestId::parse(&id).ok_or(AppError::NotFound)?;
            let row = ra_db::repo::registration::find(&db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            (format!("Request for {}", row.person_name), vec![row])
        }
        (None, Some(email)) => {
            let rows = ra_db::repo::registration::of_email(&db, &email).await?;
            (
                format!("Registration history of {}", email.to_lowercase()),
                rows,
            )
        }
        _ => {
            return Err(AppError::field(
                "email",
                "Enter the email address of the person",
            ));
        }
    };
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let entries = ra_db::repo::audit::search::of_subjects(&db, "registration_request", &ids)
        .await?
        .into_iter()
        .map(EntryView::from)
        .collect();
    let requests = rows
        .into_iter()
        .map(|r| {
            let what = format!("{} at {}, {}", r.person_name, r.ods_code, r.state.label());
            (r.id.to_string(), what)
        })
        .collect();
    Ok(Timeline {
        title,
        requests,
        entries,
    })
}

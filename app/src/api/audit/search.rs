//! `audit/search`: the trail newest first, filtered by who acted (name or email), action,
//! target, organisation and a date range (the NHS date input), 50 entries a page.

// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::EntryView;
use crate::AppError;

/// The search form's fields as the query string gives them (the page, the server
/// function and the CSV export read the same names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilters {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target: Option<String>,
    pub org: Option<String>,
    pub from_day: Option<String>,
    pub from_month: Option<String>,
    pub from_year: Option<String>,
    pub to_day: Option<String>,
    pub to_month: Option<String>,
    pub to_year: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditResults {
    pub entries: Vec<EntryView>,
    /// The next page's `before`.
    pub next: Option<i64>,
}

#[server(endpoint = "audit/search")]
pub async fn search_audit(
    actor: Option<String>,
    action: Option<String>,
    target: Option<String>,
    org: Option<String>,
    from_day: Option<String>,
    from_month: Option<String>,
    from_year: Option<String>,
    to_day: Option<String>,
    to_month: Option<String>,
    to_year: Option<String>,
    before: Option<String>,
) -> Result<AuditResults, AppError> {
    crate::auth::admit::<SearchAudit>()?.auditor()?;
    let filters = AuditFilters {
        actor,
        action,
        target,
        org,
        from_day,
        from_month,
        from_year,
        to_day,
        to_month,
        to_year,
    };
    let db = crate::auth::db()?;
    let mut query = audit_query(&db, &filters).await?;
    query.before = match before.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        None => None,
        Some(b) => Some(
            b.parse()
                .map_err(|_| AppError::field("before", "Not a page"))?,
        ),
    };
    query.limit = super::AUDIT_PAGE;
    let page = ra_db::repo::audit::search::search(&db, &query).await?;
    Ok(AuditResults {
        entries: page.entries.into_iter().map(EntryView::from).collect(),
        next: page.next,
    })
}

/// The repository's query for `filters`, or what is wrong with them (each under its field).
#[cfg(feature = "ssr")]
pub async fn audit_query(
    db: &ra_db::Db,
    f: &AuditFilters,
) -> Result<ra_db::repo::audit::search::AuditQuery, AppError> {
    use super::given;

    let range = crate::api::date_range([
        &f.from_day,
        &f.from_month,
        &f.from_year,
        &f.to_day,
        &f.to_month,
        &f.to_year,
    ])?;
    let action = given("action", &f.action)?;
    if let Some(a) = &action
        && ra_domain::audit::actions::find(a).is_none()
    {
        return Err(AppError::field("action", "Choose an action from the list"));
    }
    let actors = match given("actor", &f.actor)? {
        None => None,
        // Enough to find one person by part of a name; more specific text narrows it.
        Some(t) => Some(ra_db::repo::people::matching(db, &t, 100).await?),
    };
    Ok(ra_db::repo::audit::search::AuditQuery {
        actors,
        action,
        subject_id: given("target", &f.target)?,
        org: given("org", &f.org)?.map(|o| o.to_uppercase()),
        from: range.start(),
        // The last day is included: up to the next midnight.
        to: range.end(),
        before: None,
        limit: super::AUDIT_PAGE,
    })
}

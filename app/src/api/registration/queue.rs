//! The queue: every request for RA officers and auditors, their organisations' for
//! managers, filtered like CIM's request reports, in keyset pages.

// Server functions take one argument per form field; the generated browser-side code
// cannot carry an item-level allow.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::QueuePage;
use crate::AppError;

#[server(endpoint = "registration/list")]
pub async fn list_requests(
    state: Option<String>,
    org: Option<String>,
    source: Option<String>,
    from_day: Option<String>,
    from_month: Option<String>,
    from_year: Option<String>,
    to_day: Option<String>,
    to_month: Option<String>,
    to_year: Option<String>,
    requested_by: Option<String>,
    completed_by: Option<String>,
    stale: Option<String>,
    sort: Option<String>,
    after: Option<String>,
) -> Result<QueuePage, AppError> {
    let me = crate::auth::admit::<ListRequests>()?;
    let filters = super::QueueFilters {
        state,
        org,
        source,
        from_day,
        from_month,
        from_year,
        to_day,
        to_month,
        to_year,
        requested_by,
        completed_by,
        stale,
        sort,
    };
    server::list(&me, filters, after).await
}

#[cfg(feature = "ssr")]
pub use server::every as every_request;

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use ra_db::{
        Db,
        cursor::Cursor,
        repo::{people, registration as repo},
    };
    use ra_domain::{
        OdsCode, PersonId, Principal, ScopeFilter,
        registration::{RequestSource, RequestState},
    };

    use super::super::{QUEUE_PAGE, QueueFilters, QueuePage, rows};
    use crate::{AppError, api::scope, auth};

    /// People a "requested by" or "completed by" text may match; more specific text
    /// narrows it.
    const PEOPLE_MATCHES: i64 = 100;

    /// A filter's value, None when the form left it empty.
    fn nonempty(s: Option<String>) -> Option<String> {
        s.filter(|s| !s.trim().is_empty())
    }

    /// A "requested by" or "completed by" text as the people it matches (at most
    /// PEOPLE_MATCHES); None when the filter is not used.
    async fn people_matching(
        db: &Db,
        field: &str,
        text: Option<String>,
    ) -> Result<Option<Vec<PersonId>>, AppError> {
        Ok(match crate::api::filter_text(field, &text)? {
            None => None,
            Some(t) => Some(people::matching(db, &t, PEOPLE_MATCHES).await?),
        })
    }

    fn parse_or<T>(
        value: Option<String>,
        field: &str,
        message: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, AppError> {
        match nonempty(value) {
            None => Ok(None),
            Some(v) => parse(v.trim())
                .map(Some)
                .ok_or_else(|| AppError::field(field, message)),
        }
    }

    /// The queue's filters read and checked, all but the caller's scope.
    struct Parsed {
        state: Option<RequestState>,
        source: Option<RequestSource>,
        ods_code: Option<OdsCode>,
        requested_by: Option<Vec<PersonId>>,
        completed_by: Option<Vec<PersonId>>,
        oldest_first: bool,
        raised: ra_domain::date_input::DateRange,
        stale_before: Option<chrono::DateTime<Utc>>,
    }

    async fn parse(db: &Db, f: QueueFilters) -> Result<Parsed, AppError> {
        // UTC days, each end included.
        let raised = crate::api::date_range([
            &f.from_day,
            &f.from_month,
            &f.from_year,
            &f.to_day,
            &f.to_month,
            &f.to_year,
        ])?;
        let state = parse_or(
            f.state,
            "state",
            "Choose a status from the list",
            RequestState::parse,
        )?;
        let source = parse_or(
            f.source,
            "source",
            "Choose a source from the list",
            RequestSource::parse,
        )?;
        let ods_code = parse_or(
            f.org,
            "org",
            "Enter an ODS code like VMB01, or a portal code like LOC-00001",
            |o| OdsCode::parse(o).ok(),
        )?;
        let oldest_first = match nonempty(f.sort).as_deref() {
            None | Some("newest") => false,
            Some("oldest") => true,
            Some(_) => return Err(AppError::field("sort", "Choose newest or oldest first")),
        };
        let stale_before = match nonempty(f.stale).as_deref().map(str::trim) {
            None => None,
            Some("yes") => Some(ra_domain::registration::stale::stale_before(Utc::now())),
            Some(_) => return Err(AppError::field("stale", "Choose stale requests or any")),
        };
        Ok(Parsed {
            state,
            source,
            ods_code,
            requested_by: people_matching(db, "requested_by", f.requested_by).await?,
            completed_by: people_matching(db, "completed_by", f.completed_by).await?,
            oldest_first,
            raised,
            stale_before,
        })
    }

    fn query<'a>(
        p: &Parsed,
        scope: ScopeFilter<'a>,
        after: Option<Cursor>,
        limit: u32,
    ) -> repo::QueueQuery<'a> {
        repo::QueueQuery {
            scope,
            state: p.state,
            ods_code: p.ods_code.clone(),
            source: p.source,
            requested_by: p.requested_by.clone(),
            completed_by: p.completed_by.clone(),
            oldest_first: p.oldest_first,
            from: p.raised.start(),
            to: p.raised.end(),
            stale_before: p.stale_before,
            after,
            limit,
        }
    }

    pub async fn list(
        me: &Principal,
        f: QueueFilters,
        after: Option<String>,
    ) -> Result<QueuePage, AppError> {
        let db = auth::db()?;
        let scope = scope::of_reader(&db, me).await?;
        let parsed = parse(&db, f).await?;
        let after = nonempty(after).and_then(|a| Cursor::decode(&a));
        let page = repo::queue(&db, &query(&parsed, scope.filter(), after, QUEUE_PAGE)).await?;
        let counts = repo::counts(&db, scope.filter()).await?;
        let now = Utc::now();
        Ok(QueuePage {
            requests: page.rows.iter().map(|r| rows::summary(r, now)).collect(),
            next: page.next.map(|c| c.encode()),
            counts,
        })
    }

    /// Every request the filters match in the caller's scope, for the CSV export; None
    /// when more than `max` match.
    pub async fn every(
        db: &Db,
        me: &Principal,
        f: QueueFilters,
        max: usize,
    ) -> Result<Option<Vec<ra_db::repo::registration::RequestRow>>, AppError> {
        let scope = scope::of_reader(db, me).await?;
        let parsed = parse(db, f).await?;
        let mut rows = Vec::new();
        let mut after = None;
        loop {
            let page = repo::queue(db, &query(&parsed, scope.filter(), after, 1000)).await?;
            rows.extend(page.rows);
            if rows.len() > max {
                return Ok(None);
            }
            match page.next {
                Some(c) => after = Some(c),
                None => return Ok(Some(rows)),
            }
        }
    }
}

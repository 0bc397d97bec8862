//! The list, in keyset pages, with its filters.

use leptos::prelude::*;

use super::ListPage;
use crate::AppError;

/// Rows per page of the list.
pub const PAGE_SIZE: u32 = 50;

/// One page of the list. Filters: `q` (part of a domain, an ODS code or part of an
/// organisation's name), `status`, `org` (exact ODS code), `sort` (`domain`,
/// `domain_desc`, `recent`), `overdue` (`yes`: submitted and waiting too long), `after`
/// (cursor from the previous page).
#[server(endpoint = "allow-list/list")]
pub async fn list_entries(
    q: Option<String>,
    status: Option<String>,
    org: Option<String>,
    sort: Option<String>,
    overdue: Option<String>,
    after: Option<String>,
) -> Result<ListPage, AppError> {
    use super::rows;
    use ra_db::repo::allow_list as repo;
    crate::auth::admit::<ListEntries>()?;
    let filters = rows::ListFilters {
        q,
        status,
        org,
        sort,
        overdue,
    };
    let days = crate::api::settings().allow_list_overdue_days;
    let query = rows::list_query(filters, after, PAGE_SIZE, days)?;
    let page = repo::list(&crate::auth::db()?, &query).await?;
    let today = chrono::Utc::now().date_naive();
    Ok(ListPage {
        entries: page.rows.iter().map(|r| rows::summary(r, today)).collect(),
        next: page.next.map(|c| c.encode()),
    })
}

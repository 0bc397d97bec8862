//! `GET /api/allow-list/export.csv`: the filtered allow list as a spreadsheet-safe CSV.

use app::{AppError, api::allow_list::ListFilters};
use axum::{
    Extension,
    extract::{Query, RawQuery, State, rejection::QueryRejection},
    response::{IntoResponse, Response},
};
use ra_db::repo::allow_list as repo;
use ra_domain::Principal;

use super::SafeCsv;
use crate::state::AppState;

/// Rows fetched per query while exporting.
const EXPORT_BATCH: u32 = 1000;

pub async fn allow_list(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    RawQuery(raw): RawQuery,
    query: Result<Query<ListFilters>, QueryRejection>,
) -> Response {
    let Some(Extension(me)) = principal else {
        return AppError::Unauthenticated.into_response();
    };
    if let Err(f) = me.portal_role() {
        return AppError::from(f).into_response();
    }
    let filters = match query {
        Ok(Query(f)) => f,
        Err(e) => return AppError::BadRequest(e.body_text()).into_response(),
    };
    let mut query = match app::api::allow_list::list_query(
        filters,
        None,
        EXPORT_BATCH,
        state.config.allow_list_overdue_days,
    ) {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    let header = [
        "domain",
        "domain_unicode",
        "ods_code",
        "organisation",
        "covers_subdomains",
        "status",
        "status_changed_at",
        "submitted_on",
        "nhse_reference",
    ];
    let mut out = SafeCsv::new(&header);
    loop {
        let page = match repo::list(&state.db, &query).await {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "allow-list export failed");
                return AppError::Internal.into_response();
            }
        };
        for r in &page.rows {
            let record = [
                r.domain.to_string(),
                r.domain.to_unicode(),
                r.ods_code.to_string(),
                r.org_name.clone().unwrap_or_default(),
                if r.covers_subdomains { "yes" } else { "no" }.to_owned(),
                r.status.as_str().to_owned(),
                r.status_changed_at.to_rfc3339(),
                r.submitted_on.map(|d| d.to_string()).unwrap_or_default(),
                r.nhse_reference.clone().unwrap_or_default(),
            ];
            out.row(&record);
        }
        match page.next {
            Some(c) => query.after = Some(c),
            None => break,
        }
    }
    out.audited(&state.db, &me, "allow-list.csv", raw.as_deref())
        .await
}

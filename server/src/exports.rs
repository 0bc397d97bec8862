//! `GET /api/allow-list/export.csv`: the filtered allow list as a spreadsheet-safe CSV.

use std::collections::HashMap;

use app::AppError;
use axum::{
    Extension,
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use ra_db::repo::allow_list as repo;
use ra_domain::Principal;

use crate::state::AppState;

/// Rows fetched per query while exporting.
const EXPORT_BATCH: u32 = 1000;

pub async fn allow_list(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(Extension(me)) = principal else {
        return AppError::Unauthenticated.into_response();
    };
    if let Err(f) = me.portal_role() {
        return AppError::from(f).into_response();
    }
    let param = |k: &str| params.get(k).cloned();
    let mut query = match app::api::allow_list::list_query(
        param("q"),
        param("status"),
        param("org"),
        param("sort"),
        None,
        EXPORT_BATCH,
    ) {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    let mut out = csv::Writer::from_writer(Vec::new());
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
    let mut written = out.write_record(header).is_ok();
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
                spreadsheet_safe(r.org_name.as_deref().unwrap_or_default()),
                if r.covers_subdomains { "yes" } else { "no" }.to_owned(),
                r.status.as_str().to_owned(),
                r.status_changed_at.to_rfc3339(),
                r.submitted_on.map(|d| d.to_string()).unwrap_or_default(),
                spreadsheet_safe(r.nhse_reference.as_deref().unwrap_or_default()),
            ];
            written &= out.write_record(&record).is_ok();
        }
        match page.next {
            Some(c) => query.after = Some(c),
            None => break,
        }
    }
    let body = match (written, out.into_inner()) {
        (true, Ok(b)) => b,
        _ => {
            return AppError::Internal.into_response();
        }
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"allow-list.csv\"",
            ),
        ],
        body,
    )
        .into_response()
}

/// Text a spreadsheet would run as a formula starts with a quote instead (CSV injection).
fn spreadsheet_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("Meadowbank Care"), "Meadowbank Care");
    }
}

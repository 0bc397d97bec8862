//! Allow-list file transfers, which are plain HTTP rather than server functions:
//! `POST /allow-list/import/upload` (multipart CSV, RA officers) and
//! `GET /api/allow-list/export.csv` (the filtered list, everyone signed in).

use std::collections::HashMap;

use axum::{
    Extension,
    extract::{Multipart, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use ra_db::repo::{allow_list as repo, imports::ImportKind};
use ra_domain::{Principal, allow_list::import};

use crate::state::AppState;

fn back_with(headers: &HeaderMap, code: &str) -> Response {
    crate::uploads::go_to(headers, &format!("/allow-list/import?error={code}"))
}

fn refused(status: StatusCode, message: &str) -> Response {
    (status, message.to_owned()).into_response()
}

pub async fn upload(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let Some(Extension(me)) = principal else {
        return refused(StatusCode::UNAUTHORIZED, "Sign in to continue.");
    };
    let officer = match me.ra_officer() {
        Ok(o) => o,
        Err(f) => return refused(StatusCode::FORBIDDEN, f.0),
    };
    let (file_name, bytes) = match crate::uploads::read_file(&mut multipart).await {
        Ok(f) => f,
        Err(code) => return back_with(&headers, code),
    };
    let rows = match import::read_csv(&bytes) {
        Ok(rows) => rows,
        Err(e) => {
            tracing::info!(error = %e, file = %file_name, "allow-list import refused");
            return back_with(&headers, e.code());
        }
    };
    let stored = crate::uploads::store(
        &state.db,
        ImportKind::AllowList,
        officer.person_id,
        &file_name,
        &rows,
        "allow_list.import_uploaded",
    )
    .await;
    match stored {
        Ok(id) => crate::uploads::go_to(&headers, &format!("/allow-list/import/{id}")),
        Err(res) => res,
    }
}

/// Rows fetched per query while exporting.
const EXPORT_BATCH: u32 = 1000;

pub async fn export(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(Extension(me)) = principal else {
        return refused(StatusCode::UNAUTHORIZED, "Sign in to continue.");
    };
    if let Err(f) = me.via_cis2() {
        return refused(StatusCode::FORBIDDEN, f.0);
    }
    let param = |k: &str| params.get(k).cloned();
    let mut query = match app::api::allow_list::service::list_query(
        param("q"),
        param("status"),
        param("org"),
        param("sort"),
        None,
        EXPORT_BATCH,
    ) {
        Ok(q) => q,
        Err(e) => return refused(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
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
                return refused(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side. Try again later.",
                );
            }
        };
        for r in &page.rows {
            let unicode = ra_domain::allow_list::DomainName::parse(&r.domain)
                .map(|d| d.to_unicode())
                .unwrap_or_else(|_| r.domain.clone());
            let record = [
                r.domain.clone(),
                unicode,
                r.ods_code.clone(),
                spreadsheet_safe(r.org_name.as_deref().unwrap_or_default()),
                if r.covers_subdomains { "yes" } else { "no" }.to_owned(),
                r.status.clone(),
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
            return refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Try again later.",
            );
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

//! `GET /api/adoption/export.csv`: the adoption overview with its filters, every row.

use app::{
    AppError,
    api::adoption::{Filters, overview_rows},
};
use axum::{
    Extension,
    extract::{Query, RawQuery, State, rejection::QueryRejection},
    response::{IntoResponse, Response},
};
use ra_domain::{Principal, adoption::Figures};

use super::SafeCsv;
use crate::state::AppState;

const HEADER: [&str; 26] = [
    "key",
    "name",
    "detail",
    "group",
    "country",
    "region",
    "closed",
    "portal_code",
    "headcount",
    "requested",
    "registered",
    "in_progress",
    "waiting_for_review",
    "approved",
    "identity_verified",
    "link_sent",
    "not_started",
    "percent_registered",
    "median_days",
    "p90_days",
    "stale",
    "rejected",
    "personal_phones",
    "business_phones",
    "last_activity",
    "projected_completion",
];

pub async fn adoption(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    RawQuery(raw): RawQuery,
    query: Result<Query<Filters>, QueryRejection>,
) -> Response {
    let Some(Extension(me)) = principal else {
        return AppError::Unauthenticated.into_response();
    };
    let filters = match query {
        Ok(Query(f)) => f,
        Err(e) => return AppError::BadRequest(e.body_text()).into_response(),
    };
    let (rows, ..) = match overview_rows(&state.db, &me, &filters).await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let mut out = SafeCsv::new(&HEADER);
    for r in rows {
        let mut cells = vec![
            r.key,
            r.name,
            r.detail,
            r.group.unwrap_or_default(),
            r.country.unwrap_or_default(),
            r.region.unwrap_or_default(),
            if r.closed { "yes" } else { "no" }.to_owned(),
            // A portal-local code is not an ODS code: said in its own column too.
            if r.local_code { "yes" } else { "no" }.to_owned(),
        ];
        cells.extend(figure_cells(&r.figures));
        out.row(cells);
    }
    out.audited(&state.db, &me, "adoption.csv", raw.as_deref())
        .await
}

/// The figures in the header's order; an unknown figure is an empty cell, and so are
/// those not given for a date range.
fn figure_cells(f: &Figures) -> Vec<String> {
    let opt = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    let [review, approved, verified, link] = f.open_by_stage;
    vec![
        opt(f.headcount),
        f.requested.to_string(),
        f.registered.to_string(),
        f.in_progress.to_string(),
        review.to_string(),
        approved.to_string(),
        verified.to_string(),
        link.to_string(),
        opt(f.not_started),
        f.percent_registered
            .map(|p| format!("{p:.1}"))
            .unwrap_or_default(),
        opt(f.median_days),
        opt(f.p90_days),
        f.stale.to_string(),
        f.rejected.to_string(),
        f.personal_phones.to_string(),
        f.business_phones.to_string(),
        f.last_activity.map(|t| t.to_rfc3339()).unwrap_or_default(),
        match f.projection {
            _ if f.dated => String::new(),
            ra_domain::adoption::Projection::On(d) => d.to_string(),
            p => p.label(),
        },
    ]
}

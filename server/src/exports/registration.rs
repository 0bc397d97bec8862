//! `GET /api/registration/export.csv`: the registration report — the request queue with
//! its filters, every matching request in the caller's scope (managers: their own
//! organisations).

use app::{
    AppError,
    api::registration::{QueueFilters, every_request},
};
use axum::{
    Extension,
    extract::{Query, RawQuery, State, rejection::QueryRejection},
    response::{IntoResponse, Response},
};
use ra_domain::Principal;

use super::{MAX_EXPORT_ROWS, SafeCsv, too_many};
use crate::state::AppState;

pub async fn requests(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    RawQuery(raw): RawQuery,
    query: Result<Query<QueueFilters>, QueryRejection>,
) -> Response {
    let Some(Extension(me)) = principal else {
        return AppError::Unauthenticated.into_response();
    };
    let filters = match query {
        Ok(Query(f)) => f,
        Err(e) => return AppError::BadRequest(e.body_text()).into_response(),
    };
    let rows = match every_request(&state.db, &me, filters, MAX_EXPORT_ROWS).await {
        Ok(Some(rows)) => rows,
        Ok(None) => return too_many(),
        Err(e) => return e.into_response(),
    };
    let mut out = SafeCsv::new(&[
        "id",
        "person",
        "email",
        "job_role",
        "ods_code",
        "organisation",
        "status",
        "source",
        "requested_by",
        "requested_at",
        "last_step_at",
        "phone_kind",
    ]);
    for r in rows {
        out.row([
            r.id.to_string(),
            r.person_name,
            r.email,
            r.job_role,
            r.ods_code.to_string(),
            r.org_name.unwrap_or_default(),
            r.state.as_str().to_owned(),
            r.source.as_str().to_owned(),
            r.requested_by_name.unwrap_or_default(),
            r.requested_at.to_rfc3339(),
            r.last_step_at.to_rfc3339(),
            r.phone_kind.as_str().to_owned(),
        ]);
    }
    out.audited(&state.db, &me, "requests.csv", raw.as_deref())
        .await
}

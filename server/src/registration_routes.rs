//! `POST /requests/bulk/upload`: a manager's CSV of staff, stored for preview.

use axum::{
    Extension,
    extract::{Multipart, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use ra_db::repo::imports::ImportKind;
use ra_domain::{Principal, registration::bulk};

use crate::state::AppState;

fn back_with(headers: &HeaderMap, code: &str) -> Response {
    crate::uploads::go_to(headers, &format!("/requests/bulk?error={code}"))
}

pub async fn upload(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let Some(Extension(me)) = principal else {
        return (StatusCode::UNAUTHORIZED, "Sign in to continue.").into_response();
    };
    if me.managed_orgs().is_empty() {
        return (
            StatusCode::FORBIDDEN,
            "This needs a sponsor (B1300) position at an organisation.",
        )
            .into_response();
    }
    let (file_name, bytes) = match crate::uploads::read_file(&mut multipart).await {
        Ok(f) => f,
        Err(code) => return back_with(&headers, code),
    };
    let rows = match bulk::read(&bytes) {
        Ok(rows) => rows,
        Err(e) => {
            tracing::info!(error = %e, file = %file_name, "bulk registration upload refused");
            return back_with(&headers, e.code());
        }
    };
    let stored = crate::uploads::store(
        &state.db,
        ImportKind::Registrations,
        me.person_id,
        &file_name,
        &rows,
        "registration.bulk_uploaded",
    )
    .await;
    match stored {
        Ok(id) => crate::uploads::go_to(&headers, &format!("/requests/bulk/{id}")),
        Err(res) => res,
    }
}

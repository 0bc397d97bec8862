//! `POST /requests/bulk/upload`: a manager's CSV of staff, stored for preview.

use axum::{
    Extension,
    extract::{Multipart, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use chrono::Utc;
use ra_db::repo::{
    audit::{self, AuditEvent},
    registration as repo,
};
use ra_domain::{Principal, registration::bulk};
use serde_json::json;

use crate::state::AppState;

fn back_with(code: &str) -> Response {
    Redirect::to(&format!("/requests/bulk?error={code}")).into_response()
}

pub async fn upload(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
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
        Err(code) => return back_with(code),
    };
    let rows = match bulk::read(&bytes) {
        Ok(rows) => rows,
        Err(e) => {
            tracing::info!(error = %e, file = %file_name, "bulk registration upload refused");
            return back_with(e.code());
        }
    };
    let stored = async {
        let now = Utc::now();
        let value =
            serde_json::to_value(&rows).map_err(|e| ra_db::DbError::Corrupt(e.to_string()))?;
        let mut tx = state.db.begin().await?;
        let id = repo::insert_import(&mut tx, me.person_id, &file_name, &value, now).await?;
        audit::record(
            &mut tx,
            AuditEvent {
                actor: Some(me.person_id),
                action: "registration.bulk_uploaded",
                subject_type: "registration_import",
                subject_id: Some(&id.to_string()),
                details: json!({ "file_name": file_name, "rows": rows.len() }),
                occurred_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok::<_, ra_db::DbError>(id)
    };
    match stored.await {
        Ok(id) => Redirect::to(&format!("/requests/bulk/{id}")).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "storing a bulk registration upload failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Try again later.",
            )
                .into_response()
        }
    }
}

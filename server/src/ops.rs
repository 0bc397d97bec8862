//! Liveness and readiness for orchestrators and load balancers.

use app::AppError;
use axum::{extract::State, response::IntoResponse};

use crate::state::AppState;

/// Alive: the process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers and all migrations are applied.
pub async fn readyz(State(state): State<AppState>) -> axum::response::Response {
    match state.db.ready().await {
        Ok(true) => "ready".into_response(),
        Ok(false) => AppError::Unavailable("migrations pending".into()).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            AppError::Unavailable("database unavailable".into()).into_response()
        }
    }
}

//! Who is calling a server function, read from the request the session middleware
//! annotated. Every server function starts here: treat each as a public endpoint.

use leptos::prelude::*;
use ra_domain::Principal;

use crate::AppError;

/// The signed-in person, or `Unauthenticated` (401).
pub fn principal() -> Result<Principal, AppError> {
    current().ok_or_else(|| fail(AppError::Unauthenticated))
}

/// The signed-in person, if any, without treating their absence as an error.
pub fn current() -> Option<Principal> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Principal>().cloned())
}

/// The shared database pool the server provides as context.
pub fn db() -> Result<ra_db::Db, AppError> {
    use_context::<ra_db::Db>().ok_or_else(|| {
        tracing::error!("database pool missing from server-function context");
        fail(AppError::Internal)
    })
}

/// Sets the HTTP status for an error and passes it on, so refusals are 401/403, not 500.
pub fn fail(err: AppError) -> AppError {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(code) = http::StatusCode::from_u16(err.status())
    {
        res.set_status(code);
    }
    err
}

/// Converts a capability refusal into a 403 with its message.
pub fn require<T>(check: Result<T, ra_domain::Forbidden>) -> Result<T, AppError> {
    check.map_err(|f| fail(f.into()))
}

use leptos::prelude::*;
use ra_domain::Principal;

use crate::AppError;

/// The signed-in person, or `None` before sign-in.
///
/// Permissions: anyone.
#[server(endpoint = "session/whoami")]
pub async fn whoami() -> Result<Option<Principal>, AppError> {
    Ok(crate::auth::current())
}

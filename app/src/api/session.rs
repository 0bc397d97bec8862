use leptos::prelude::*;
use ra_domain::Principal;

use crate::AppError;

/// The signed-in person, or `None` before sign-in.
#[server(endpoint = "session/whoami")]
pub async fn whoami() -> Result<Option<Principal>, AppError> {
    crate::auth::admit_anyone::<Whoami>()
}

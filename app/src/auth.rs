//! Who is calling a server function, read from the request the session middleware
//! annotated. Every server function starts here: treat each as a public endpoint.

use leptos::{prelude::*, server_fn::ServerFn};
use ra_domain::Principal;

use crate::AppError;

/// The signed-in person, or `Unauthenticated` (401).
pub fn principal() -> Result<Principal, AppError> {
    current().ok_or(AppError::Unauthenticated)
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
        AppError::Internal
    })
}

/// Admits the caller of server function `F` by its rule in [`crate::rights`], or refuses
/// (401 without a session, 403 with the wrong roles): the first line of every server
/// function that needs someone signed in.
pub fn admit<F: ServerFn>() -> Result<Principal, AppError> {
    let who = admit_anyone::<F>()?;
    who.ok_or(AppError::Unauthenticated)
}

/// As [`admit`], for functions open to anyone: the caller, if signed in.
pub fn admit_anyone<F: ServerFn>() -> Result<Option<Principal>, AppError> {
    let Some(rule) = crate::rights::for_server_fn(F::PATH) else {
        // Fails closed: a function missing from the table is served to no one.
        tracing::error!(
            path = F::PATH,
            "server function missing from the rights table"
        );
        return Err(AppError::NotFound);
    };
    let who = current();
    rule.check(who.as_ref())?;
    Ok(who)
}

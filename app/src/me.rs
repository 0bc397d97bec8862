//! The signed-in person as every page sees them: fetched once per page load and shared
//! by the header, the gate and the pages.

use leptos::prelude::*;
use ra_domain::Principal;

use crate::AppError;

pub type Me = Resource<Result<Option<Principal>, AppError>>;

pub fn me() -> Me {
    expect_context::<Me>()
}

/// The principal, or the error to show instead of the page.
pub async fn signed_in(me: Me) -> Result<Principal, AppError> {
    me.await?.ok_or(AppError::Unauthenticated)
}

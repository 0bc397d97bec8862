//! Pages for managers without a CIS2 identity (asking for a sign-in link, spending it)
//! and for the RA officers who approve them.

mod ask;
mod review;
mod sign_in;

pub use ask::{AskForAccess, LinkSent};
pub use review::{AccessPage, AccessRequests};
pub use sign_in::{EmailSignIn, WaitingForApproval};

use leptos::prelude::*;
use ra_domain::manager_access::AccessStatus;

/// The NHS tag for a manager's access.
#[component]
pub fn AccessTag(status: AccessStatus) -> impl IntoView {
    let colour = match status {
        AccessStatus::Pending => "blue",
        AccessStatus::Approved => "green",
        AccessStatus::Rejected => "red",
        AccessStatus::Revoked => "grey",
    };
    view! { <strong class=format!("nhsuk-tag nhsuk-tag--{colour}")>{status.label()}</strong> }
}

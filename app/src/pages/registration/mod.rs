//! Pages of Authenticator registration requests.

mod bulk;
mod detail;
mod filters;
mod list;
mod new;

pub use bulk::{BulkPreviewPage, BulkUpload};
pub use detail::RequestPage;
pub use list::Requests;
pub use new::NewRequest;

use leptos::prelude::*;
use ra_domain::registration::RequestState;

/// The NHS tag for a request's state.
#[component]
pub fn StateTag(state: RequestState) -> impl IntoView {
    let colour = match state {
        RequestState::Submitted => "grey",
        RequestState::InReview => "blue",
        RequestState::Approved | RequestState::MeetingBooked | RequestState::IdentityVerified => {
            "aqua-green"
        }
        RequestState::LinkSent => "purple",
        RequestState::LinkExpired => "orange",
        RequestState::Enrolled => "green",
        RequestState::Rejected | RequestState::DeviceRemoved => "red",
        RequestState::Cancelled => "white",
    };
    view! { <strong class=format!("nhsuk-tag nhsuk-tag--{colour}")>{state.label()}</strong> }
}

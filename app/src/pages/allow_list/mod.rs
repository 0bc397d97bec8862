//! Pages of the email-domain allow list.

mod add;
mod check;
mod entry;
mod import;
mod list;
mod withdraw;

pub use add::{AddDomain, RequestDomain};
pub use check::AddressCheck;
pub use entry::EntryPage;
pub use import::{ImportPreviewPage, ImportUpload};
pub use list::AllowList;
pub use withdraw::Withdraw;

use leptos::prelude::*;
use ra_domain::allow_list::EntryStatus;

/// The NHS tag for a status; overdue submissions read red.
#[component]
pub fn StatusTag(status: EntryStatus, #[prop(optional)] overdue: bool) -> impl IntoView {
    let colour = match status {
        EntryStatus::Submitted if overdue => "red",
        EntryStatus::Requested | EntryStatus::Removed => "grey",
        EntryStatus::Accepted => "blue",
        EntryStatus::Submitted => "yellow",
        EntryStatus::Active => "green",
        EntryStatus::Rejected => "red",
        EntryStatus::Suspended => "orange",
    };
    view! { <strong class=format!("nhsuk-tag nhsuk-tag--{colour}")>{status.label()}</strong> }
}

/// "Waiting 15 days (overdue)" for submitted entries.
pub fn waiting_text(days: Option<i64>, overdue: bool) -> Option<String> {
    days.map(|d| {
        let unit = if d == 1 { "day" } else { "days" };
        if overdue {
            format!("Waiting {d} {unit} (overdue)")
        } else {
            format!("Waiting {d} {unit}")
        }
    })
}

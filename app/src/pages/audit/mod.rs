//! The auditors' pages: the trail searched, one entry whole, a request's or a person's
//! timeline, the device report, and verification. All read-only.

mod devices;
mod entry;
mod home;
mod timeline;
mod verify;

pub use devices::DeviceReportPage;
pub use entry::EntryPage;
pub use home::AuditHome;
pub use timeline::{PersonTimeline, RequestTimeline};
pub use verify::VerifyTrail;

use leptos::prelude::*;

use crate::{api::audit::EntryView, components::TableHead};

/// Entries as a table, each linking to the whole entry.
#[component]
fn EntryRows(entries: Vec<EntryView>, caption: &'static str) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p data-testid="no-entries">"No entries match."</p> }.into_any();
    }
    view! {
        <div class="ra-table-scroll">
            <table class="nhsuk-table" data-testid="entries">
                <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{caption}</caption>
                <TableHead columns=&["Entry", "When", "Who", "What", "Target", "Organisation", "Summary"] />
                <tbody class="nhsuk-table__body">
                    {entries
                        .into_iter()
                        .map(|e| {
                            let who = match &e.role {
                                Some(role) => format!("{} ({role})", e.actor),
                                None => e.actor.clone(),
                            };
                            view! {
                                <tr class="nhsuk-table__row">
                                    <td class="nhsuk-table__cell">
                                        <a href=format!("/audit/entries/{}", e.position)>{e.position.to_string()}</a>
                                    </td>
                                    <td class="nhsuk-table__cell">{e.when}</td>
                                    <td class="nhsuk-table__cell">{who}</td>
                                    <td class="nhsuk-table__cell">{e.what}</td>
                                    <td class="nhsuk-table__cell ra-break-all">{e.target}</td>
                                    <td class="nhsuk-table__cell">{e.org.unwrap_or_default()}</td>
                                    <td class="nhsuk-table__cell">{e.summary}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

use leptos::prelude::*;

use crate::{
    api::audit::recent_audit_events,
    components::{ErrorPanel, PageTitle, TableHead},
};

/// Home page for auditors: the latest entries of the audit trail, read-only.
#[component]
pub fn AuditHome() -> impl IntoView {
    let events = Resource::new(|| (), |_| recent_audit_events());
    view! {
        <PageTitle text="Audit trail" />
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(rows) => {
                        view! {
                            <h1>"Audit trail"</h1>
                            <p><a href="/allow-list">"Email-domain allow list, with each entry's history"</a></p>
                            <p><a href="/requests">"Registration requests, with each request's timeline"</a></p>
                            <p><a href="/adoption">"Adoption by organisation"</a></p>
                            <p><a href="/audit/verify">"Verify the audit trail and its signed checkpoints"</a></p>
                            <table class="nhsuk-table">
                                <caption class="nhsuk-table__caption">"Latest 50 events"</caption>
                                <TableHead columns=&["When", "Event", "Who", "Details"] />
                                <tbody class="nhsuk-table__body">
                                    {rows
                                        .into_iter()
                                        .map(|r| {
                                            view! {
                                                <tr class="nhsuk-table__row">
                                                    <td class="nhsuk-table__cell">{r.occurred_at}</td>
                                                    <td class="nhsuk-table__cell">{r.action}</td>
                                                    <td class="nhsuk-table__cell">{r.actor.unwrap_or_default()}</td>
                                                    <td class="nhsuk-table__cell">{r.summary}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                    Err(e) => {
                        e.apply_status();
                        view! { <ErrorPanel error=e /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

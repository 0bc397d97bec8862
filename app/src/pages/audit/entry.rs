//! `/audit/entries/{position}`: one entry whole — who acted and as what, from where,
//! what it is about, what changed, and its links in the chain.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::{
    api::audit::{EntryView, audit_entry},
    components::PageTitle,
};

#[component]
pub fn EntryPage() -> impl IntoView {
    let params = use_params_map();
    let position = move || params.with(|p| p.get("position").unwrap_or_default());
    let entry = Resource::new(position, audit_entry);
    view! {
        <PageTitle text="Audit entry" />
        <a class="nhsuk-back-link" href="/audit">"Back to the audit trail"</a>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                crate::pages::or_error(entry.await, |e| view! { <Whole entry=e /> })
            })}
        </Suspense>
    }
}

#[component]
fn Whole(entry: EntryView) -> impl IntoView {
    let e = entry;
    let rows: Vec<(&'static str, Option<String>)> = vec![
        ("When", Some(e.when)),
        ("Who", Some(e.actor)),
        ("Acting as", e.role),
        ("CIS2 identity", e.identity),
        ("What happened", Some(format!("{} ({})", e.what, e.action))),
        ("Target", Some(e.target)),
        ("Organisation", e.org),
        ("Summary", Some(e.summary)),
        ("Request id", e.request_id),
        ("Client address", e.client_addr),
        ("Previous entry's hash", e.prev_hash),
        ("This entry's hash", e.entry_hash),
    ];
    let details = match e.details {
        Some(d) => view! {
            <h2>"What was recorded"</h2>
            <p>"Before and after, where the change had them, and every detail the portal recorded with it."</p>
            <pre class="ra-details" data-testid="details" tabindex="0">{d}</pre>
        }
        .into_any(),
        None => view! {
            <h2>"What was recorded"</h2>
            <p data-testid="redacted">"The personal data in this entry was redacted after the retention period. The entry still verifies: its hash covers a salted hash of what was removed."</p>
        }
        .into_any(),
    };
    view! {
        <h1>{format!("Audit entry {}", e.position)}</h1>
        {e.request_link.map(|href| view! { <p><a href=href>"The request's whole history"</a></p> })}
        <dl class="nhsuk-summary-list" data-testid="entry">
            {rows
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .map(|(k, v)| view! {
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">{k}</dt>
                        <dd class="nhsuk-summary-list__value ra-break-all">{v}</dd>
                    </div>
                })
                .collect_view()}
        </dl>
        {details}
    }
}

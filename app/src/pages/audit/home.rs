//! `/audit`: the auditors' home — the trail searched by who, what, target, organisation
//! and dates (newest first, 50 a page), with links to the reports and verification. The
//! filters are the query string, so a search is a link.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::EntryRows;
use crate::{
    AppError,
    api::audit::{AuditResults, action_choices, search_audit},
    components::{
        DateRangeFilter, ErrorSummary, FilterChoice, FilterText, PageTitle, query_param,
        server_message,
    },
    pages::query_link,
    rights::paths,
};

const FILTERS: [&str; 10] = [
    "actor",
    "action",
    "target",
    "org",
    "from_day",
    "from_month",
    "from_year",
    "to_day",
    "to_month",
    "to_year",
];

#[component]
pub fn AuditHome() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).filter(|v| !v.is_empty());
    let results = Resource::new(
        move || (FILTERS.map(param), param("before")),
        |([actor, action, target, org, fd, fm, fy, td, tm, ty], before)| {
            search_audit(actor, action, target, org, fd, fm, fy, td, tm, ty, before)
        },
    );
    view! {
        <PageTitle text="Audit trail" />
        <h1>"Audit trail"</h1>
        <ul class="nhsuk-list">
            <li><a href="/audit/verify">"Verify the audit trail and its signed checkpoints"</a></li>
            <li><a href="/requests">"Registration report: requests by date, organisation, status, source, requester and who completed them"</a></li>
            <li><a href="/audit/devices">"Device report: registered and removed authenticators"</a></li>
            <li><a href="/audit/people">"One person's registration history, by email address"</a></li>
            <li><a href="/access-review">"Access reviews and each decision"</a></li>
            <li><a href="/allow-list">"Email-domain allow list, with each entry's history"</a></li>
            <li><a href="/adoption">"Adoption by organisation"</a></li>
        </ul>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let answer = results.await;
                let filters: Vec<(&'static str, String)> = FILTERS
                    .into_iter()
                    .filter_map(|k| param(k).map(|v| (k, v)))
                    .collect();
                view! { <Search answer filters /> }
            })}
        </Suspense>
    }
}

#[component]
fn Search(
    answer: Result<AuditResults, AppError>,
    filters: Vec<(&'static str, String)>,
) -> impl IntoView {
    let result = Signal::stored(Some(answer.clone().map(|_| ())));
    if let Err(e) = &answer {
        e.apply_status();
    }
    let actions = action_choices();
    view! {
        <ErrorSummary result />
        <form method="get" action="/audit" class="ra-filters" role="search" aria-label="Search the audit trail">
            <FilterText id="actor" label="Who acted" hint="Part of their name or email" width="nhsuk-input--width-20" error=server_message(result, "actor") />
            <FilterChoice id="action" label="What happened" any="Anything" options=actions />
            <FilterText id="target" label="Target" hint="A request's or entry's id, or an ODS code" width="nhsuk-input--width-30" error=server_message(result, "target") />
            <FilterText id="org" label="Organisation" hint="ODS code, like VMB01" width="nhsuk-input--width-10" error=server_message(result, "org") />
            <DateRangeFilter from_legend="From" to_legend="To" param=query_param error=answer.clone().err() />
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Search"</button>
        </form>
        {answer.ok().map(|r| view! { <Results results=r filters /> })}
    }
}

#[component]
fn Results(results: AuditResults, filters: Vec<(&'static str, String)>) -> impl IntoView {
    let export = query_link(paths::AUDIT_EXPORT, &filters);
    let next = results.next.map(|before| {
        let mut pairs = filters.clone();
        pairs.push(("before", before.to_string()));
        query_link("/audit", &pairs)
    });
    let shown = results.entries.len();
    view! {
        <p class="nhsuk-body" data-testid="shown">{format!("{shown} {} on this page, newest first.", if shown == 1 { "entry" } else { "entries" })}</p>
        <p><a href=export download="audit-trail.csv">"Download every matching entry as CSV, with the latest signed checkpoint"</a></p>
        <EntryRows entries=results.entries caption="Audit entries, newest first" />
        {next.map(|href| view! { <p><a class="nhsuk-link" href=href>"Older entries"</a></p> })}
    }
}

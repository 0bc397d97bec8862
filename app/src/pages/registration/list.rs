use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use ra_domain::organisation::{code_label, named};

use super::{StateTag, filters::QueueFilters};
use crate::{
    api::registration::{QueuePage, RequestSummary, list_requests},
    components::{ErrorSummary, PageTitle, TableHead},
    pages::{me, signed_in},
};

/// The query parameters that filter and order the queue (kept on the next page's link).
const FILTERS: [&str; 13] = [
    "state",
    "org",
    "source",
    "from_day",
    "from_month",
    "from_year",
    "to_day",
    "to_month",
    "to_year",
    "requested_by",
    "completed_by",
    "stale",
    "sort",
];

/// The requests the caller may see: the whole queue for RA officers and auditors, their
/// organisations' requests for managers. Filters are a GET form, so every view has a link.
#[component]
pub fn Requests() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).filter(|v| !v.is_empty());
    // The form is drawn after the list has loaded, outside any tracking: it reads the
    // query as it is then (the list's resource tracks it, and redraws the form).
    let shown = move |k: &str| query.with_untracked(|q| q.get(k)).filter(|v| !v.is_empty());
    let page = Resource::new(
        move || (FILTERS.map(param), param("after")),
        |(
            [
                state,
                org,
                source,
                from_day,
                from_month,
                from_year,
                to_day,
                to_month,
                to_year,
                requested_by,
                completed_by,
                stale,
                sort,
            ],
            after,
        )| {
            list_requests(
                state,
                org,
                source,
                from_day,
                from_month,
                from_year,
                to_day,
                to_month,
                to_year,
                requested_by,
                completed_by,
                stale,
                sort,
                after,
            )
        },
    );
    let me = me();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let manager = signed_in(me).await.map(|p| !p.managed_orgs().is_empty()).unwrap_or(false);
                manager.then(|| view! {
                    <p>
                        <a class="nhsuk-button" href="/requests/new">"Request a registration"</a>
                        " "
                        <a class="nhsuk-button nhsuk-button--secondary" href="/requests/bulk">"Request many from a CSV file"</a>
                    </p>
                })
            })}
        </Suspense>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let filters: Vec<(&str, String)> = FILTERS
                    .into_iter()
                    .filter_map(|k| param(k).map(|v| (k, v)))
                    .collect();
                // A filter the portal cannot read is the form's error, shown on the form.
                let (refused, list) =
                    crate::pages::filtered(page.await, |p| view! { <Queue page=p filters /> });
                view! {
                    <PageTitle text=if refused.is_some() { "Error: Registration requests" } else { "Registration requests" } />
                    <h1>"Authenticator registration requests"</h1>
                    {refused.clone().map(|e| view! { <ErrorSummary result=Signal::stored(Some(Err::<(), _>(e))) /> })}
                    <QueueFilters param=shown refused />
                    {list}
                }
            })}
        </Suspense>
    }
}

#[component]
fn Queue(page: QueuePage, filters: Vec<(&'static str, String)>) -> impl IntoView {
    let counts = page
        .counts
        .iter()
        .map(|(s, n)| format!("{}: {n}", s.label()))
        .collect::<Vec<_>>()
        .join(" · ");
    let next = page.next.clone().map(|c| {
        let mut pairs = filters.clone();
        pairs.push(("after", c));
        crate::pages::query_link("/requests", &pairs)
    });
    if page.requests.is_empty() {
        return view! { <p data-testid="no-requests">"No requests match."</p> }.into_any();
    }
    let export = crate::pages::query_link(crate::rights::paths::REQUESTS_EXPORT, &filters);
    view! {
        <p class="nhsuk-body-s" data-testid="request-counts">{counts}</p>
        <p><a href=export download="requests.csv">"Download every matching request as CSV"</a></p>
        <table class="nhsuk-table-responsive" data-testid="requests-table">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Registration requests, newest first"</caption>
            <TableHead columns=&["Person", "Organisation", "Status", "Requested", "Requested by"] />
            <tbody class="nhsuk-table__body">{page.requests.into_iter().map(row).collect_view()}</tbody>
        </table>
        {next.map(|href| view! { <nav class="ra-pager" aria-label="Pages"><a href=href rel="next">"Older requests"</a></nav> })}
    }
    .into_any()
}

fn row(r: RequestSummary) -> impl IntoView {
    let org = match &r.org_name {
        Some(n) => named(n, &r.ods_code),
        None => code_label(&r.ods_code),
    };
    let age = match r.age_days {
        0 => "today".to_owned(),
        1 => "1 day ago".to_owned(),
        n => format!("{n} days ago"),
    };
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Person "</span>
                <a href=format!("/requests/{}", r.id)>{r.person_name.clone()}</a>
                <br /><span class="nhsuk-body-s">{format!("{}, {}", r.job_role, r.email)}</span>
            </td>
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Organisation "</span>{org}
            </td>
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Status "</span>
                <StateTag state=r.state />
                {r.stale.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--red">"Stale"</strong> })}
                {r.flag.is_some().then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--orange">"Review"</strong> })}
            </td>
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Requested "</span>
                {format!("{} ({age})", r.requested_on)}
            </td>
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Requested by "</span>
                {r.requested_by.clone().unwrap_or_default()}
            </td>
        </tr>
    }
}

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use ra_domain::registration::{stale::STALE_WORKING_DAYS, state::ALL_STATES};

use super::StateTag;
use crate::{
    api::registration::{QueuePage, RequestSummary, list_requests},
    components::{PageTitle, TableHead},
    pages::{me, signed_in},
};

/// The query parameters that filter and order the queue (kept on the next page's link).
const FILTERS: [&str; 9] = [
    "state",
    "org",
    "source",
    "from",
    "to",
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
    let page = Resource::new(
        move || (FILTERS.map(param), param("after")),
        |(
            [
                state,
                org,
                source,
                from,
                to,
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
                from,
                to,
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
        <PageTitle text="Registration requests" />
        <h1>"Authenticator registration requests"</h1>
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
        <form method="get" action="/requests" class="ra-filters" role="search" aria-label="Filter requests">
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="state">"Status"</label>
                <select class="nhsuk-select" id="state" name="state">
                    <option value="" selected=move || param("state").is_none()>"Any status"</option>
                    {ALL_STATES
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.as_str() selected=move || param("state").as_deref() == Some(s.as_str())>{s.label()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="org">"ODS code"</label>
                <input class="nhsuk-input nhsuk-input--width-10" id="org" name="org" type="text" prop:value=move || param("org").unwrap_or_default() />
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="source">"Source"</label>
                <select class="nhsuk-select" id="source" name="source">
                    <option value="">"Any source"</option>
                    <option value="single" selected=move || param("source").as_deref() == Some("single")>"Single request"</option>
                    <option value="bulk" selected=move || param("source").as_deref() == Some("bulk")>"Bulk upload"</option>
                    <option value="self_service" selected=move || param("source").as_deref() == Some("self_service")>"Self-service manager"</option>
                </select>
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="from">"Requested from"</label>
                <input class="nhsuk-input nhsuk-input--width-10" id="from" name="from" type="date" prop:value=move || param("from").unwrap_or_default() />
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="to">"Requested to"</label>
                <input class="nhsuk-input nhsuk-input--width-10" id="to" name="to" type="date" prop:value=move || param("to").unwrap_or_default() />
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="requested_by">"Requested by"</label>
                <div class="nhsuk-hint" id="requested_by-hint">"Part of a name or email"</div>
                <input class="nhsuk-input nhsuk-input--width-20" id="requested_by" name="requested_by" type="text" aria-describedby="requested_by-hint" prop:value=move || param("requested_by").unwrap_or_default() />
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="completed_by">"Completed by (RA officer)"</label>
                <div class="nhsuk-hint" id="completed_by-hint">"Who rejected it, sent its link or closed it"</div>
                <input class="nhsuk-input nhsuk-input--width-20" id="completed_by" name="completed_by" type="text" aria-describedby="completed_by-hint" prop:value=move || param("completed_by").unwrap_or_default() />
            </div>
            <div class="nhsuk-form-group">
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id="stale" name="stale" type="checkbox" value="yes" aria-describedby="stale-hint" prop:checked=move || param("stale").as_deref() == Some("yes") />
                        <label class="nhsuk-label nhsuk-checkboxes__label" for="stale">"Only stale requests"</label>
                        <div class="nhsuk-hint nhsuk-checkboxes__hint" id="stale-hint">{format!("Open, with no step for more than {STALE_WORKING_DAYS} working days")}</div>
                    </div>
                </div>
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="sort">"Order"</label>
                <select class="nhsuk-select" id="sort" name="sort">
                    <option value="newest" selected=move || param("sort").as_deref() != Some("oldest")>"Newest first"</option>
                    <option value="oldest" selected=move || param("sort").as_deref() == Some("oldest")>"Oldest first"</option>
                </select>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Filter"</button>
        </form>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let filters: Vec<(&str, String)> = FILTERS
                    .into_iter()
                    .filter_map(|k| param(k).map(|v| (k, v)))
                    .collect();
                crate::pages::or_error(page.await, |p| view! { <Queue page=p filters /> })
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
    view! {
        <p class="nhsuk-body-s" data-testid="request-counts">{counts}</p>
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
        Some(n) => format!("{n} ({})", r.ods_code),
        None => r.ods_code.clone(),
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

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use ra_domain::allow_list::status::ALL_STATUSES;
use ra_domain::organisation::{code_label, named};

use super::{AddressCheck, StatusTag, waiting_text};
use crate::{
    api::allow_list::{EntrySummary, ListPage, list_entries},
    components::{PageTitle, TableHead},
    pages::{me, signed_in},
};

/// The allow list for everyone signed in: check an address, search, filter, sort, page.
/// Plain GET forms, so every view has a link and works before hydration.
#[component]
pub fn AllowList() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).filter(|v| !v.is_empty());
    let entries = Resource::new(
        move || {
            (
                param("q"),
                param("status"),
                param("org"),
                param("sort"),
                param("overdue"),
                param("after"),
            )
        },
        |(q, status, org, sort, overdue, after)| list_entries(q, status, org, sort, overdue, after),
    );
    let me = me();
    view! {
        <PageTitle text="Email-domain allow list" />
        <h1>"Email-domain allow list"</h1>
        <p class="nhsuk-lede-text">
            "Staff can only use Microsoft Authenticator with CIS2 if their email address's domain is on this list."
        </p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(p) = signed_in(me).await else { return None };
                let officer = p.ra_officer().is_ok();
                let manager = !p.managed_orgs().is_empty();
                Some(view! {
                    <ul class="nhsuk-list ra-actions">
                        {officer.then(|| view! {
                            <li><a href="/allow-list/add">"Add a domain"</a></li>
                            <li><a href="/allow-list/import">"Import domains from a CSV file"</a></li>
                        })}
                        {manager.then(|| view! {
                            <li><a href="/allow-list/request">"Request a domain for your organisation"</a></li>
                        })}
                    </ul>
                })
            })}
        </Suspense>
        <AddressCheck action="/allow-list" link_entries=true />
        <h2>"Entries"</h2>
        <SearchForm
            q=param("q").unwrap_or_default()
            status=param("status").unwrap_or_default()
            sort=param("sort").unwrap_or_default()
            org=param("org").unwrap_or_default()
            overdue=param("overdue").as_deref() == Some("yes")
        />
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                crate::pages::or_error(entries.await, |page| view! { <EntryTable page params=move |k| param(k) /> })
            })}
        </Suspense>
    }
}

#[component]
fn SearchForm(
    q: String,
    status: String,
    sort: String,
    org: String,
    overdue: bool,
) -> impl IntoView {
    let has_org = !org.is_empty();
    view! {
        <form method="get" action="/allow-list" class="ra-filters" role="search" aria-label="Search the allow list">
            {has_org.then(|| view! { <input type="hidden" name="org" value=org.clone() /> })}
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="q">"Domain, ODS code or organisation"</label>
                <input class="nhsuk-input nhsuk-input--width-20" id="q" name="q" type="search" value=q />
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="status">"Status"</label>
                <select class="nhsuk-select" id="status" name="status">
                    <option value="" selected=status.is_empty()>"Any status"</option>
                    {ALL_STATUSES
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.as_str() selected=status == s.as_str()>{s.label()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="sort">"Sort by"</label>
                <select class="nhsuk-select" id="sort" name="sort">
                    <option value="domain" selected=sort.is_empty() || sort == "domain">"Domain A to Z"</option>
                    <option value="domain_desc" selected=sort == "domain_desc">"Domain Z to A"</option>
                    <option value="recent" selected=sort == "recent">"Latest change first"</option>
                </select>
            </div>
            <div class="nhsuk-form-group">
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id="overdue" name="overdue" type="checkbox" value="yes" checked=overdue />
                        <label class="nhsuk-label nhsuk-checkboxes__label" for="overdue">"Only overdue at NHS England"</label>
                    </div>
                </div>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Search"</button>
        </form>
        {has_org.then(|| view! {
            <p>{format!("Showing entries for organisation {org}. ")}<a href="/allow-list">"Show all organisations"</a></p>
        })}
    }
}

/// The current filters as a link, with `after` set to `cursor` when given.
fn link_with(params: &impl Fn(&str) -> Option<String>, cursor: Option<&str>, path: &str) -> String {
    let mut pairs: Vec<(&str, String)> = ["q", "status", "org", "sort", "overdue"]
        .iter()
        .filter_map(|k| params(k).map(|v| (*k, v)))
        .collect();
    if let Some(c) = cursor {
        pairs.push(("after", c.to_owned()));
    }
    crate::pages::query_link(path, &pairs)
}

#[component]
fn EntryTable(
    page: ListPage,
    params: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    let first = params("after")
        .is_some()
        .then(|| link_with(&params, None, "/allow-list"));
    let next = page
        .next
        .as_deref()
        .map(|c| link_with(&params, Some(c), "/allow-list"));
    let export = link_with(&params, None, "/api/allow-list/export.csv");
    if page.entries.is_empty() {
        return view! {
            <p data-testid="no-entries">"No entries match."</p>
            {first.map(|href| view! { <p><a href=href>"Back to the first page"</a></p> })}
        }
        .into_any();
    }
    view! {
        <table class="nhsuk-table-responsive" data-testid="allow-list-table">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Allow-list entries"</caption>
            <TableHead columns=&["Domain", "Organisation", "Subdomains", "Status", "Last change"] />
            <tbody class="nhsuk-table__body">
                {page.entries.into_iter().map(entry_row).collect_view()}
            </tbody>
        </table>
        <nav class="ra-pager" aria-label="Pages">
            {first.map(|href| view! { <a href=href>"First page"</a> })}
            {next.map(|href| view! { <a href=href rel="next">"Next page"</a> })}
        </nav>
        <p><a href=export rel="external" download="allow-list.csv">"Download these entries as CSV"</a></p>
    }
    .into_any()
}

fn entry_row(e: EntrySummary) -> impl IntoView {
    let org = match &e.org_name {
        Some(name) => named(name, &e.ods_code),
        None => code_label(&e.ods_code),
    };
    let shown = if e.domain_display == e.domain {
        e.domain.clone()
    } else {
        format!("{} ({})", e.domain_display, e.domain)
    };
    let waiting = waiting_text(e.days_waiting, e.overdue);
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Domain "</span>
                <a href=format!("/allow-list/{}", e.id)>{shown}</a>
            </td>
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Organisation "</span>
                {org}
            </td>
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Subdomains "</span>
                {if e.covers_subdomains { "Included" } else { "Not included" }}
            </td>
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Status "</span>
                <StatusTag status=e.status overdue=e.overdue />
            </td>
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Last change "</span>
                {match waiting {
                    Some(w) => format!("{} – {w}", e.status_changed_on),
                    None => e.status_changed_on.clone(),
                }}
            </td>
        </tr>
    }
}

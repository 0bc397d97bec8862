//! `/audit/devices`: the device report, filtered by organisation, phone kind, status and
//! registration dates, newest first, with its CSV.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    AppError,
    api::audit::{DeviceReport, list_devices},
    components::{
        DateRangeFilter, ErrorSummary, FilterChoice, FilterText, PageTitle, TableHead, query_param,
        server_message,
    },
    pages::query_link,
    rights::paths,
};

const FILTERS: [&str; 9] = [
    "org",
    "phone",
    "status",
    "from_day",
    "from_month",
    "from_year",
    "to_day",
    "to_month",
    "to_year",
];

#[component]
pub fn DeviceReportPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).filter(|v| !v.is_empty());
    let report = Resource::new(
        move || (FILTERS.map(param), param("after")),
        |([org, phone, status, fd, fm, fy, td, tm, ty], after)| {
            list_devices(org, phone, status, fd, fm, fy, td, tm, ty, after)
        },
    );
    view! {
        <PageTitle text="Device report" />
        <a class="nhsuk-back-link" href="/audit">"Back to the audit trail"</a>
        <h1>"Device report"</h1>
        <p>"Every Microsoft Authenticator registered through the portal, newest first, with when it was removed and why."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let answer = report.await;
                let filters: Vec<(&'static str, String)> = FILTERS
                    .into_iter()
                    .filter_map(|k| param(k).map(|v| (k, v)))
                    .collect();
                view! { <Report answer filters /> }
            })}
        </Suspense>
    }
}

fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect()
}

#[component]
fn Report(
    answer: Result<DeviceReport, AppError>,
    filters: Vec<(&'static str, String)>,
) -> impl IntoView {
    let result = Signal::stored(Some(answer.clone().map(|_| ())));
    if let Err(e) = &answer {
        e.apply_status();
    }
    view! {
        <ErrorSummary result />
        <form method="get" action="/audit/devices" class="ra-filters" role="search" aria-label="Filter devices">
            <FilterText id="org" label="Organisation" hint="ODS code, like VMB01" width="nhsuk-input--width-10" error=server_message(result, "org") />
            <FilterChoice id="phone" label="Phone" any="Any phone" options=options(&[("personal", "Personal"), ("business", "Business")]) />
            <FilterChoice id="status" label="Status" any="Active or removed" options=options(&[("active", "Active"), ("removed", "Removed")]) />
            <DateRangeFilter from_legend="Registered from" to_legend="Registered to" param=query_param error=answer.clone().err() />
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Filter"</button>
        </form>
        {answer.ok().map(|r| view! { <Devices report=r filters /> })}
    }
}

#[component]
fn Devices(report: DeviceReport, filters: Vec<(&'static str, String)>) -> impl IntoView {
    let export = query_link(paths::DEVICES_EXPORT, &filters);
    let next = report.next.map(|after| {
        let mut pairs = filters.clone();
        pairs.push(("after", after));
        query_link("/audit/devices", &pairs)
    });
    if report.devices.is_empty() {
        return view! { <p data-testid="no-devices">"No devices match."</p> }.into_any();
    }
    view! {
        <p><a href=export download="devices.csv">"Download every matching device as CSV"</a></p>
        <div class="ra-table-scroll">
            <table class="nhsuk-table" data-testid="devices">
                <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Devices, newest first"</caption>
                <TableHead columns=&["Person", "Device", "Organisation", "Phone", "Registered", "Removed"] />
                <tbody class="nhsuk-table__body">
                    {report.devices.into_iter().map(|d| {
                        let removed = match (d.removed, d.removal_reason) {
                            (Some(at), Some(why)) => format!("{at}: {why}"),
                            (Some(at), None) => at,
                            _ => String::new(),
                        };
                        view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">
                                    <a href=format!("/audit/requests/{}", d.request_id)>{d.person}</a>
                                    <br />{d.email}
                                </td>
                                <td class="nhsuk-table__cell">{d.kind}</td>
                                <td class="nhsuk-table__cell">{d.org}</td>
                                <td class="nhsuk-table__cell">{d.phone}</td>
                                <td class="nhsuk-table__cell">{d.registered}</td>
                                <td class="nhsuk-table__cell">{removed}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {next.map(|href| view! { <p><a class="nhsuk-link" href=href>"Older devices"</a></p> })}
    }
    .into_any()
}

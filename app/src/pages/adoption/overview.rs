//! `/adoption`: every organisation, group, region or country with its figures. Filters,
//! order and page are the query string, so any view can be shared as a link.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use ra_domain::adoption::SortBy;

use super::figures::{
    Definitions, RolloutSummary, known, last_activity, not_started, percent, projection,
};
use super::filters::OverviewFilters;
use crate::{
    api::adoption::{AdoptionRow, OverviewPage, adoption_overview},
    components::{ErrorSummary, PageTitle},
    pages::query_link,
    rights::paths,
};

/// The query parameters that choose the rows and their order (kept on every link).
const FILTERS: [&str; 15] = [
    "q",
    "view",
    "kind",
    "country",
    "region",
    "group",
    "stuck",
    "sort",
    "dir",
    "from_day",
    "from_month",
    "from_year",
    "to_day",
    "to_month",
    "to_year",
];

#[component]
pub fn AdoptionOverviewPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).filter(|v| !v.is_empty());
    // The form is drawn after the list has loaded, outside any tracking: it reads the
    // query as it is then (the list's resource tracks it, and redraws the form).
    let shown = move |k: &str| query.with_untracked(|q| q.get(k)).filter(|v| !v.is_empty());
    let page = Resource::new(
        move || (FILTERS.map(param), param("after")),
        |(
            [
                q,
                view,
                kind,
                country,
                region,
                group,
                stuck,
                sort,
                dir,
                from_day,
                from_month,
                from_year,
                to_day,
                to_month,
                to_year,
            ],
            after,
        )| {
            adoption_overview(
                q, kind, country, region, group, stuck, view, sort, dir, from_day, from_month,
                from_year, to_day, to_month, to_year, after,
            )
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let filters: Vec<(&'static str, String)> = FILTERS
                    .into_iter()
                    .filter_map(|k| param(k).map(|v| (k, v)))
                    .collect();
                let sort = param("sort").and_then(|s| SortBy::parse(&s)).unwrap_or(SortBy::Name);
                let descending = param("dir").as_deref() == Some("desc");
                // A filter the portal cannot read is the form's error, shown on the form.
                let (refused, table) = crate::pages::filtered(page.await, |p| {
                    view! { <Overview page=p filters sort descending /> }
                });
                view! {
                    <PageTitle text=if refused.is_some() { "Error: Adoption" } else { "Adoption" } />
                    <h1>"Adoption of Microsoft Authenticator"</h1>
                    {refused.clone().map(|e| view! { <ErrorSummary result=Signal::stored(Some(Err::<(), _>(e))) /> })}
                    <OverviewFilters param=shown refused />
                    {table}
                }
            })}
        </Suspense>
        <Definitions />
    }
}

#[component]
fn Overview(
    page: OverviewPage,
    filters: Vec<(&'static str, String)>,
    sort: SortBy,
    descending: bool,
) -> impl IntoView {
    let export = query_link(paths::ADOPTION_EXPORT, &filters);
    let next = page.next.clone().map(|after| {
        let mut pairs = filters.clone();
        pairs.push(("after", after));
        query_link("/adoption", &pairs)
    });
    let matched = page.matched;
    let dates = page.dates.clone().map(|d| {
        view! {
            <div class="nhsuk-inset-text" data-testid="dates">
                <p>{format!("The figures count only {d}. Not started, percent registered and projected completion compare the whole rollout with the headcount, so they are not given for a date range.")}</p>
            </div>
        }
    });
    view! {
        <p class="nhsuk-body" data-testid="matched">
            {format!("{matched} {} match. Figures counted live on {}.", if matched == 1 { "row" } else { "rows" }, page.counted_at)}
        </p>
        {dates}
        <h2>"All that match"</h2>
        <RolloutSummary figures=page.total.clone() />
        <p><a href=export download="adoption.csv">"Download these rows as CSV"</a></p>
        <FiguresTable rows=page.rows caption="Adoption by row".to_owned() sort_links=Some(SortLinks { filters, sort, descending }) />
        {next.map(|href| view! { <p><a class="nhsuk-link" href=href>"Next page"</a></p> })}
    }
}

/// The overview's filters and order, for column headings that re-sort it.
#[derive(Debug, Clone)]
pub struct SortLinks {
    pub filters: Vec<(&'static str, String)>,
    pub sort: SortBy,
    pub descending: bool,
}

/// A table of rows with their figures; with `sort_links`, each column heading orders
/// the table by itself (ascending, then descending).
#[component]
pub fn FiguresTable(
    rows: Vec<AdoptionRow>,
    caption: String,
    sort_links: Option<SortLinks>,
) -> impl IntoView {
    let columns: [(&str, SortBy); 12] = [
        ("Name", SortBy::Name),
        ("Headcount", SortBy::Headcount),
        ("Requested", SortBy::Requested),
        ("Registered", SortBy::Registered),
        ("Percent registered", SortBy::PercentRegistered),
        ("In progress", SortBy::InProgress),
        ("Not started", SortBy::NotStarted),
        ("Median days", SortBy::MedianDays),
        ("Stale", SortBy::Stale),
        ("Rejected", SortBy::Rejected),
        ("Last activity", SortBy::LastActivity),
        ("Projected completion", SortBy::Projected),
    ];
    let heading = move |(label, by): (&'static str, SortBy)| {
        let Some(SortLinks {
            filters,
            sort,
            descending,
        }) = sort_links.clone()
        else {
            return view! { <th scope="col">{label}</th> }.into_any();
        };
        let current = sort == by;
        let aria = match (current, descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        };
        let mut pairs: Vec<(&str, String)> = filters
            .into_iter()
            .filter(|(k, _)| *k != "sort" && *k != "dir")
            .collect();
        pairs.push(("sort", by.as_str().into()));
        if current && !descending {
            pairs.push(("dir", "desc".into()));
        }
        let href = query_link("/adoption", &pairs);
        view! { <th scope="col" aria-sort=aria><a href=href>{label}</a></th> }.into_any()
    };
    view! {
        <div class="ra-table-scroll">
            <table class="nhsuk-table" data-testid="adoption-table">
                <caption class="nhsuk-table__caption">{caption}</caption>
                <thead class="nhsuk-table__head">
                    <tr>{columns.into_iter().map(heading).collect_view()}</tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {rows.into_iter().map(row).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn row(r: AdoptionRow) -> impl IntoView {
    let f = &r.figures;
    let name = if r.has_page {
        view! { <a href=format!("/adoption/{}", r.key)>{r.name.clone()}</a> }.into_any()
    } else {
        view! { <span>{r.name.clone()}</span> }.into_any()
    };
    let tags = (r.closed || r.local_code).then(|| {
        view! {
            {r.closed.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--grey">"Closed"</strong> })}
            {r.local_code.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--grey">"Portal code"</strong> })}
        }
    });
    let cells = [
        known(f.headcount),
        f.requested.to_string(),
        f.registered.to_string(),
        percent(f),
        f.in_progress.to_string(),
        not_started(f),
        known(f.median_days),
        f.stale.to_string(),
        f.rejected.to_string(),
        last_activity(f),
        projection(f),
    ];
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell">
                {name}{tags}
                <br /><span class="nhsuk-body-s">{format!("{} · {}", r.key, r.detail)}</span>
            </td>
            {cells.into_iter().map(|c| view! { <td class="nhsuk-table__cell">{c}</td> }).collect_view()}
        </tr>
    }
}

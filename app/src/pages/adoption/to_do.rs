//! The people still to do on a rollout page: each open request, where it stands and
//! whether it is stale, linking to the request.

use leptos::prelude::*;

use crate::{
    api::registration::RequestSummary, components::TableHead, pages::registration::StateTag,
};

#[component]
pub fn StillToDo(people: Vec<RequestSummary>, open: u32) -> impl IntoView {
    if people.is_empty() {
        return view! { <p data-testid="to-do">"Nobody has a request in progress."</p> }.into_any();
    }
    let shown = people.len();
    let note = (shown < open as usize)
        .then(|| format!("The {shown} waiting longest of {open}, longest first."));
    view! {
        {note.map(|n| view! { <p class="nhsuk-body-s">{n}</p> })}
        <table class="nhsuk-table-responsive" data-testid="to-do">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
                "People with a request in progress, the longest without a step first"
            </caption>
            <TableHead columns=&["Person", "Site", "Where it stands", "Requested"] />
            <tbody class="nhsuk-table__body">{people.into_iter().map(row).collect_view()}</tbody>
        </table>
    }
    .into_any()
}

fn row(r: RequestSummary) -> impl IntoView {
    let site = r.org_name.clone().unwrap_or_else(|| r.ods_code.clone());
    let stale = r.stale.then(|| {
        view! { " " <strong class="nhsuk-tag nhsuk-tag--red">"Stale"</strong> }
    });
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Person "</span>
                <a href=format!("/requests/{}", r.id)>{r.person_name.clone()}</a>
            </td>
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Site "</span>
                {site}
            </td>
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Where it stands "</span>
                <StateTag state=r.state />
                {stale}
            </td>
            <td class="nhsuk-table__cell">
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">"Requested "</span>
                {r.requested_on.clone()}
            </td>
        </tr>
    }
}

//! The NHS.UK table's head: one row of column headings.

use leptos::prelude::*;

#[component]
pub fn TableHead(columns: &'static [&'static str]) -> impl IntoView {
    view! {
        <thead class="nhsuk-table__head">
            <tr>
                {columns
                    .iter()
                    .map(|c| view! { <th scope="col" class="nhsuk-table__header">{*c}</th> })
                    .collect_view()}
            </tr>
        </thead>
    }
}

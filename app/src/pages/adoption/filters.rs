//! The overview's filter form: a GET form whose fields hold the query string's values,
//! so the page after filtering shows what it was filtered by, with or without script.

use leptos::prelude::*;
use ra_domain::{
    adoption::ALL_ROLL_UPS,
    organisation::{ALL_COUNTRIES, ALL_KINDS},
};

use crate::{AppError, components::DateRangeFilter};

/// The filter form, holding the query string's values.
#[component]
pub fn OverviewFilters(
    param: impl Fn(&str) -> Option<String> + Copy + Send + Sync + 'static,
    refused: Option<AppError>,
) -> impl IntoView {
    let text = move |id: &'static str,
                     label: &'static str,
                     hint: &'static str,
                     width: &'static str| {
        let hint_id = format!("{id}-hint");
        view! {
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for=id>{label}</label>
                <div class="nhsuk-hint" id=hint_id.clone()>{hint}</div>
                <input class=format!("nhsuk-input {width}") id=id name=id type="text" aria-describedby=hint_id value=param(id) />
            </div>
        }
    };
    let choice = move |id: &'static str,
                       label: &'static str,
                       any: &'static str,
                       options: Vec<(&'static str, &'static str)>| {
        view! {
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for=id>{label}</label>
                <select class="nhsuk-select" id=id name=id>
                    <option value="">{any}</option>
                    {options
                        .into_iter()
                        .map(|(v, l)| view! { <option value=v selected=param(id).as_deref() == Some(v)>{l}</option> })
                        .collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <form method="get" action="/adoption" class="ra-filters" role="search" aria-label="Filter organisations">
            {text("q", "Name or code", "Part of a name, an ODS code or a portal code", "nhsuk-input--width-20")}
            {choice("view", "Show", "Organisations and sites", ALL_ROLL_UPS.iter().skip(1).map(|r| (r.as_str(), r.label())).collect())}
            {choice("kind", "Kind", "Any kind", ALL_KINDS.iter().map(|k| (k.as_str(), k.label())).collect())}
            {choice("country", "Country", "Any country", ALL_COUNTRIES.iter().map(|c| (c.as_str(), c.label())).collect())}
            {text("region", "Region", "For example, South East", "nhsuk-input--width-20")}
            {text("group", "Group", "The group's ODS code or portal code", "nhsuk-input--width-10")}
            {text("stuck", "Stuck for (days)", "Requests open but nobody registered in this many days", "nhsuk-input--width-4")}
            <DateRangeFilter from_legend="Requests raised from" to_legend="Requests raised to" param error=refused />
            <input type="hidden" name="sort" value=param("sort") />
            <input type="hidden" name="dir" value=param("dir") />
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Filter"</button>
        </form>
    }
}

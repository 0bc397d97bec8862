//! The queue's filter form: a GET form whose fields hold the query string's values, so
//! the page after filtering shows what it was filtered by, with or without script. Dates
//! are the service manual's day, month and year boxes, not the browser's date picker
//! (which shows US-style dates in some browsers).

use leptos::prelude::*;
use ra_domain::registration::{stale::STALE_WORKING_DAYS, state::ALL_STATES};

use crate::{AppError, components::DateRangeFilter};

#[component]
pub fn QueueFilters(
    param: impl Fn(&str) -> Option<String> + Copy + Send + Sync + 'static,
    refused: Option<AppError>,
) -> impl IntoView {
    let is = move |k: &str, v: &str| param(k).as_deref() == Some(v);
    let text = move |id: &'static str,
                     label: &'static str,
                     hint: Option<&'static str>,
                     width: &'static str| {
        let hint_id = hint.map(|_| format!("{id}-hint"));
        view! {
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for=id>{label}</label>
                {hint.map(|h| view! { <div class="nhsuk-hint" id=format!("{id}-hint")>{h}</div> })}
                <input class=format!("nhsuk-input nhsuk-input--width-{width}") id=id name=id type="text" aria-describedby=hint_id value=param(id) />
            </div>
        }
    };
    view! {
        <form method="get" action="/requests" class="ra-filters" role="search" aria-label="Filter requests">
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="state">"Status"</label>
                <select class="nhsuk-select" id="state" name="state">
                    <option value="" selected=param("state").is_none()>"Any status"</option>
                    {ALL_STATES
                        .into_iter()
                        .map(|s| view! { <option value=s.as_str() selected=is("state", s.as_str())>{s.label()}</option> })
                        .collect_view()}
                </select>
            </div>
            {text("org", "ODS code or portal code", None, "10")}
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="source">"Source"</label>
                <select class="nhsuk-select" id="source" name="source">
                    <option value="">"Any source"</option>
                    <option value="single" selected=is("source", "single")>"Single request"</option>
                    <option value="bulk" selected=is("source", "bulk")>"Bulk upload"</option>
                    <option value="self_service" selected=is("source", "self_service")>"Self-service manager"</option>
                </select>
            </div>
            <DateRangeFilter from_legend="Requested from" to_legend="Requested to" param error=refused />
            {text("requested_by", "Requested by", Some("Part of a name or email"), "20")}
            {text("completed_by", "Completed by (RA officer)", Some("Who rejected it, sent its link or closed it"), "20")}
            <div class="nhsuk-form-group">
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id="stale" name="stale" type="checkbox" value="yes" aria-describedby="stale-hint" checked=is("stale", "yes") />
                        <label class="nhsuk-label nhsuk-checkboxes__label" for="stale">"Only stale requests"</label>
                        <div class="nhsuk-hint nhsuk-checkboxes__hint" id="stale-hint">{format!("Open, with no step for more than {STALE_WORKING_DAYS} working days")}</div>
                    </div>
                </div>
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="sort">"Order"</label>
                <select class="nhsuk-select" id="sort" name="sort">
                    <option value="newest" selected=!is("sort", "oldest")>"Newest first"</option>
                    <option value="oldest" selected=is("sort", "oldest")>"Oldest first"</option>
                </select>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Filter"</button>
        </form>
    }
}

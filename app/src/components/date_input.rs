//! The NHS service manual's date input: day, month and year boxes in one fieldset, named
//! `{name}_day`, `{name}_month` and `{name}_year`; the error is the fieldset's (`{name}`),
//! and the day box carries the id `{name}`, so the error summary's link lands in it. A
//! filter form gives the boxes the values its query string holds.

use leptos::prelude::*;

#[component]
pub fn DateInput(
    name: &'static str,
    #[prop(into)] legend: String,
    #[prop(into)] hint: String,
    #[prop(into)] error: Signal<Option<String>>,
    /// What the day, month and year boxes hold when the page opens.
    #[prop(optional)]
    values: [String; 3],
) -> impl IntoView {
    let described = move || {
        let mut ids = format!("{name}-hint");
        if error.get().is_some() {
            ids.push_str(&format!(" {name}-error"));
        }
        ids
    };
    let group = move || {
        if error.get().is_some() {
            "nhsuk-form-group nhsuk-form-group--error"
        } else {
            "nhsuk-form-group"
        }
    };
    let boxes = [
        ("day", "Day", "2"),
        ("month", "Month", "2"),
        ("year", "Year", "4"),
    ];
    view! {
        <div class=group>
            <fieldset class="nhsuk-fieldset" role="group" aria-describedby=described>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                <div class="nhsuk-hint" id=format!("{name}-hint")>{hint}</div>
                {move || error.get().map(|m| view! {
                    <span class="nhsuk-error-message" id=format!("{name}-error")>
                        <span class="nhsuk-u-visually-hidden">"Error: "</span>
                        {m}
                    </span>
                })}
                <div class="nhsuk-date-input">
                    {boxes
                        .into_iter()
                        .zip(values)
                        .map(|((part, label, width), value)| {
                            let value = Some(value).filter(|v| !v.is_empty());
                            let field = format!("{name}_{part}");
                            let id = if part == "day" { name.to_owned() } else { field.clone() };
                            let class = move || {
                                let mut c = format!("nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}");
                                if error.get().is_some() {
                                    c.push_str(" nhsuk-input--error");
                                }
                                c
                            };
                            view! {
                                <div class="nhsuk-date-input__item">
                                    <div class="nhsuk-form-group">
                                        <label class="nhsuk-label nhsuk-date-input__label" for=id.clone()>{label}</label>
                                        <input class=class id=id name=field type="text" inputmode="numeric" value=value />
                                    </div>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// The six query parameters of a [`DateRangeFilter`]: day, month and year of each end.
const DATE_RANGE_PARAMS: [[&str; 3]; 2] = [
    ["from_day", "from_month", "from_year"],
    ["to_day", "to_month", "to_year"],
];

/// A date range in a GET filter form: two date inputs named `from` and `to`, whose boxes
/// hold the query string's `from_day` … `to_year` (read with `param`), with `error`'s
/// message for each end.
#[component]
pub fn DateRangeFilter(
    #[prop(into)] from_legend: String,
    #[prop(into)] to_legend: String,
    param: impl Fn(&str) -> Option<String> + Copy + Send + Sync + 'static,
    /// The filter's refusal, if it was refused.
    error: Option<crate::AppError>,
) -> impl IntoView {
    let message = |field| Signal::stored(error.as_ref().and_then(|e| e.field_message(field)));
    let [from, to] = DATE_RANGE_PARAMS.map(|end| end.map(|k| param(k).unwrap_or_default()));
    view! {
        <DateInput name="from" legend=from_legend hint="For example, 1 11 2026. Leave blank for no start."
            error=message("from") values=from />
        <DateInput name="to" legend=to_legend hint="For example, 30 11 2026. Leave blank for no end."
            error=message("to") values=to />
    }
}

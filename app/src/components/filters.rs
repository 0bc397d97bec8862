//! Fields of a GET filter form whose values are the page's query string, so a filtered
//! view is a link that can be shared, and the form shows what was asked.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The query string's value for `key`, None when absent or empty.
pub fn query_param(key: &str) -> Option<String> {
    use_query_map()
        .with_untracked(|q| q.get(key))
        .filter(|v| !v.is_empty())
}

#[component]
pub fn FilterText(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    /// An NHS.UK width class, e.g. `nhsuk-input--width-20`.
    width: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let group = move || {
        if error.get().is_some() {
            "nhsuk-form-group nhsuk-form-group--error"
        } else {
            "nhsuk-form-group"
        }
    };
    view! {
        <div class=group>
            <label class="nhsuk-label" for=id>{label}</label>
            <div class="nhsuk-hint" id=hint_id.clone()>{hint}</div>
            {move || error.get().map(|m| view! {
                <span class="nhsuk-error-message" id=format!("{id}-error")>
                    <span class="nhsuk-u-visually-hidden">"Error: "</span>{m}
                </span>
            })}
            <input class=format!("nhsuk-input {width}") id=id name=id type="text"
                aria-describedby=hint_id value=query_param(id).unwrap_or_default() />
        </div>
    }
}

#[component]
pub fn FilterChoice(
    id: &'static str,
    label: &'static str,
    /// The first option's words, meaning "no filter".
    any: &'static str,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let chosen = query_param(id);
    view! {
        <div class="nhsuk-form-group">
            <label class="nhsuk-label" for=id>{label}</label>
            <select class="nhsuk-select" id=id name=id>
                <option value="">{any}</option>
                {options
                    .into_iter()
                    .map(|(value, words)| {
                        let selected = chosen.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=selected>{words}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

//! NHS.UK form fields that show the server's field errors, or the shared rules' errors
//! as the person types.

use leptos::prelude::*;

use crate::AppError;

/// The message for `field` from a server function's latest answer.
pub fn server_message<T: Clone + Send + Sync + 'static>(
    result: impl Into<Signal<Option<Result<T, AppError>>>>,
    field: &'static str,
) -> Signal<Option<String>> {
    let result = result.into();
    Signal::derive(move || {
        result.with(|r| match r {
            Some(Err(e)) => e.field_message(field),
            _ => None,
        })
    })
}

/// `aria-describedby` for a field: its hint, and its error while there is one.
fn described_by(
    name: &'static str,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{name}-hint"));
        }
        if error.get().is_some() {
            ids.push(format!("{name}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// Label, hint and error message around one control, as the NHS form group pattern.
#[component]
fn FormGroup(
    name: &'static str,
    label: String,
    hint: Option<String>,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class=move || {
            if error.get().is_some() { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" }
        }>
            <label class="nhsuk-label" for=name>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=format!("{name}-hint")>{h}</div> })}
            {move || {
                error
                    .get()
                    .map(|m| {
                        view! {
                            <span class="nhsuk-error-message" id=format!("{name}-error")>
                                <span class="nhsuk-u-visually-hidden">"Error: "</span>
                                {m}
                            </span>
                        }
                    })
            }}
            {children()}
        </div>
    }
}

/// A text input with label, hint and error message wired up for screen readers.
#[component]
pub fn TextField(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// What the field holds when the page opens, then what is typed (for live checks),
    /// including text typed before the form's island woke.
    #[prop(optional)]
    value: RwSignal<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] width: Option<&'static str>,
    /// The HTML `autocomplete` purpose for fields about the user (WCAG 1.3.5).
    #[prop(optional)]
    autocomplete: Option<&'static str>,
) -> impl IntoView {
    let described = described_by(name, hint.is_some(), error);
    let initial = Some(value.get_untracked()).filter(|v| !v.is_empty());
    // Text typed before the island woke is in the input but was never an input event:
    // take it up once the input is found, so live checks see it without a keystroke.
    let input = NodeRef::<leptos::html::Input>::new();
    input.on_load(move |el| {
        let typed = el.value();
        if typed != value.get_untracked() {
            value.set(typed);
        }
    });
    let input_class = move || {
        let mut c = String::from("nhsuk-input");
        if let Some(w) = width {
            c.push_str(&format!(" nhsuk-input--width-{w}"));
        }
        if error.get().is_some() {
            c.push_str(" nhsuk-input--error");
        }
        c
    };
    view! {
        <FormGroup name label hint error>
            <input
                class=input_class
                id=name
                name=name
                type=input_type
                autocomplete=autocomplete
                aria-describedby=described
                // Written into the page, so a value given when it opens is there without
                // the browser's script; no `prop:value`, whose hydration would wipe what
                // was typed before the form's island woke.
                value=initial
                node_ref=input
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </FormGroup>
    }
}

/// A drop-down list: `options` are (value, label), after an empty first option that
/// says what choosing nothing means; `selected` is chosen when the page opens.
#[component]
pub fn SelectField(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] error: Signal<Option<String>>,
    none: &'static str,
    options: Vec<(&'static str, &'static str)>,
    #[prop(optional)] selected: &'static str,
) -> impl IntoView {
    let described = described_by(name, hint.is_some(), error);
    view! {
        <FormGroup name label hint error>
            <select class="nhsuk-select" id=name name=name aria-describedby=described>
                <option value="">{none}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| view! { <option value=value selected=value == selected>{text}</option> })
                    .collect_view()}
            </select>
        </FormGroup>
    }
}

/// A drop-down of choices known only when the page opens, such as a manager's
/// organisations: `options` are (value, label), the first chosen.
#[component]
pub fn ChoiceField(
    name: &'static str,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <div class="nhsuk-form-group">
            <label class="nhsuk-label" for=name>{label}</label>
            <select class="nhsuk-select" id=name name=name>
                {options
                    .into_iter()
                    .map(|(value, text)| view! { <option value=value>{text}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A multi-line text field.
#[component]
pub fn TextArea(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let described = described_by(name, hint.is_some(), error);
    view! {
        <FormGroup name label hint error>
            <textarea
                class=move || if error.get().is_some() { "nhsuk-textarea nhsuk-textarea--error" } else { "nhsuk-textarea" }
                id=name
                name=name
                rows="3"
                aria-describedby=described
            ></textarea>
        </FormGroup>
    }
}

/// A group of radio buttons: `options` are (value, label); the first is checked.
#[component]
pub fn Radios(
    name: &'static str,
    #[prop(into)] legend: String,
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] inline: bool,
) -> impl IntoView {
    let class = if inline {
        "nhsuk-radios nhsuk-radios--inline"
    } else {
        "nhsuk-radios"
    };
    view! {
        <div class=move || {
            if error.get().is_some() { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" }
        }>
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                {move || error.get().map(|m| view! {
                    <span class="nhsuk-error-message" id=format!("{name}-error")>
                        <span class="nhsuk-u-visually-hidden">"Error: "</span>
                        {m}
                    </span>
                })}
                <div class=class id=name>
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, (value, label))| {
                            let id = format!("{name}-{value}");
                            view! {
                                <div class="nhsuk-radios__item">
                                    <input class="nhsuk-radios__input" id=id.clone() name=name type="radio" value=value checked=i == 0 />
                                    <label class="nhsuk-label nhsuk-radios__label" for=id>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// The NHS error summary for a server function's refusal, listing field errors as
/// links to their fields; nothing while there is no error.
#[component]
pub fn ErrorSummary<T: Clone + Send + Sync + 'static>(
    #[prop(into)] result: Signal<Option<Result<T, AppError>>>,
) -> impl IntoView {
    move || {
        result.with(|r| match r {
            Some(Err(e)) => {
                let items = match e {
                    AppError::Invalid(fields) => fields
                        .iter()
                        .map(|f| {
                            let href = format!("#{}", f.field);
                            let msg = f.message.clone();
                            view! { <li><a href=href>{msg}</a></li> }
                        })
                        .collect_view()
                        .into_any(),
                    other => {
                        let msg = other.to_string();
                        view! { <li>{msg}</li> }.into_any()
                    }
                };
                Some(view! {
                    <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
                        <h2 class="nhsuk-error-summary__title" id="error-summary-title">"There is a problem"</h2>
                        <div class="nhsuk-error-summary__body">
                            <ul class="nhsuk-list nhsuk-error-summary__list">{items}</ul>
                        </div>
                    </div>
                })
            }
            _ => None,
        })
    }
}

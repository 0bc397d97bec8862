//! Sending a form from the browser by XMLHttpRequest, shared by the form islands
//! (`post_form`) and the CSV upload (`upload`, whose upload events report progress, which
//! fetch does not). Whenever the request cannot be set up, nothing is prevented and the
//! browser's own submit goes ahead.

use leptos::ev::SubmitEvent;
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{FormData, HtmlFormElement, XmlHttpRequest};

/// The submitted form's fields, and a POST to `path` opened with `headers`.
pub fn open(
    ev: &SubmitEvent,
    path: &str,
    headers: &[(&str, &str)],
) -> Option<(FormData, XmlHttpRequest)> {
    let form = ev.target()?.dyn_into::<HtmlFormElement>().ok()?;
    let data = FormData::new_with_form(&form).ok()?;
    let xhr = XmlHttpRequest::new().ok()?;
    xhr.open("POST", path).ok()?;
    for (name, value) in headers {
        xhr.set_request_header(name, value).ok()?;
    }
    Some((data, xhr))
}

/// Calls `answered` with the status and text of the answer, or `unreachable` when there
/// is none; the closures are kept for the life of the page (one per submit).
pub fn on_answer(
    xhr: &XmlHttpRequest,
    answered: impl FnOnce(u16, String) + 'static,
    unreachable: impl FnOnce() + 'static,
) {
    let request = xhr.clone();
    let on_load = Closure::once(move || {
        let status = request.status().unwrap_or(0);
        answered(
            status,
            request.response_text().ok().flatten().unwrap_or_default(),
        );
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::once(unreachable);
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
}

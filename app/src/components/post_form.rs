//! The form every island sends to its server function. It sends the fields as they are,
//! URL-encoded, which is the body Leptos's `ActionForm` makes after decoding them into
//! the function's arguments and encoding them again: the browser is spared that code
//! (a query-string codec per server function) and the server reads the same body.
//! Without the browser's script it is a plain form post, which the server answers with
//! a redirect back to the page (or to it with the error, `?__err=`).

use leptos::{
    prelude::*,
    server_fn::{ServerFn, error::ServerFnUrlError},
};
use serde::de::DeserializeOwned;

use super::ErrorSummary;
use crate::AppError;

/// Server function `A`'s latest answer, for its form's messages.
pub struct Answer<A: ServerFn>(RwSignal<Option<Result<A::Output, AppError>>>)
where
    A::Output: Send + Sync + 'static;

impl<A: ServerFn> Answer<A>
where
    A::Output: Send + Sync + 'static,
{
    /// No answer yet, unless the page is the one a plain post of this form (sent before,
    /// or without, the browser's script) came back to with its error.
    pub fn new() -> Self {
        let refused =
            posted_error(A::PATH).map(|e| Err(ServerFnUrlError::<AppError>::decode_err(&e)));
        Self(RwSignal::new(refused))
    }

    pub fn set(&self, answer: Result<A::Output, AppError>) {
        self.0.set(Some(answer));
    }

    pub fn with<R>(&self, f: impl FnOnce(&Option<Result<A::Output, AppError>>) -> R) -> R {
        self.0.with(f)
    }

    pub fn get(&self) -> Option<Result<A::Output, AppError>>
    where
        A::Output: Clone,
    {
        self.0.get()
    }
}

/// The error of a plain post to server function `path`, which the server puts in the
/// query of the page it redirects back to (`?__path=…&__err=…`). Read on the server
/// (where the router finds it) and in the browser alike, so the island wakes up showing
/// what the page showed.
fn posted_error(path: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    let error = use_context::<leptos::server::ServerActionError>()
        .filter(|e| e.path() == path)
        .map(|e| e.err().to_owned());
    #[cfg(feature = "hydrate")]
    let error = window()
        .location()
        .search()
        .ok()
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .filter(|q| q.get("__path").as_deref() == Some(path))
        .and_then(|q| q.get("__err"));
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let error = {
        let _ = path;
        None
    };
    error
}

impl<A: ServerFn> Default for Answer<A>
where
    A::Output: Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

impl<A: ServerFn> Clone for Answer<A>
where
    A::Output: Send + Sync + 'static,
{
    fn clone(&self) -> Self {
        *self
    }
}

impl<A: ServerFn> Copy for Answer<A> where A::Output: Send + Sync + 'static {}

impl<A: ServerFn> From<Answer<A>> for Signal<Option<Result<A::Output, AppError>>>
where
    A::Output: Clone + Send + Sync + 'static,
{
    fn from(answer: Answer<A>) -> Self {
        answer.0.into()
    }
}

/// `<form>` posting to server function `A`, after the error summary of its refusal; its
/// answer lands in `answer`. Attributes given as `attr:…` go on the form.
#[component]
pub fn PostForm<A>(answer: Answer<A>, children: Children) -> impl IntoView
where
    A: ServerFn<Error = AppError> + 'static,
    A::Output: DeserializeOwned + Clone + Send + Sync + 'static,
{
    let busy = StoredValue::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        send::post(ev, A::PATH, answer, busy);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, answer, busy);
    };
    view! {
        <ErrorSummary result=answer />
        <form method="post" action=A::PATH on:submit=on_submit>
            {children()}
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod send {
    use leptos::{prelude::*, server_fn::ServerFn};
    use serde::de::DeserializeOwned;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{FormData, HtmlFormElement, UrlSearchParams, XmlHttpRequest};

    use super::Answer;
    use crate::AppError;

    /// Sends the form by XMLHttpRequest; whenever the request cannot be set up, the
    /// browser's own submit goes ahead instead. A second submit while one is on its way
    /// is ignored, so a double click sends once.
    pub fn post<A>(
        ev: leptos::ev::SubmitEvent,
        path: &str,
        answer: Answer<A>,
        busy: StoredValue<bool>,
    ) where
        A: ServerFn + 'static,
        A::Output: DeserializeOwned + Send + Sync + 'static,
    {
        if busy.get_value() {
            ev.prevent_default();
            return;
        }
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let body = FormData::new_with_form(&form)
            .and_then(|d| UrlSearchParams::new_with_str_sequence_sequence(&d));
        let (Ok(body), Ok(xhr)) = (body, XmlHttpRequest::new()) else {
            return;
        };
        let set_up = xhr.open("POST", path).is_ok()
            && xhr.set_request_header("Accept", "application/json").is_ok()
            && xhr
                .set_request_header("Content-Type", "application/x-www-form-urlencoded")
                .is_ok();
        if !set_up {
            return;
        }
        ev.prevent_default();
        busy.set_value(true);
        let answered = xhr.clone();
        let on_load = Closure::once(move || {
            busy.set_value(false);
            let status = answered.status().unwrap_or(0);
            let text = answered.response_text().ok().flatten().unwrap_or_default();
            let result = if (200..300).contains(&status) {
                serde_json::from_str(&text).map_err(|_| unreadable())
            } else {
                Err(AppError::from_body(&text).unwrap_or_else(unreadable))
            };
            answer.set(result);
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        on_load.forget();
        let on_error = Closure::once(move || {
            busy.set_value(false);
            answer.set(Err(AppError::Transport(
                "check your connection and try again.".into(),
            )));
        });
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        if xhr
            .send_with_opt_str(Some(&String::from(body.to_string())))
            .is_err()
        {
            busy.set_value(false);
        }
    }

    fn unreadable() -> AppError {
        AppError::Transport("its answer could not be read. Try again.".into())
    }
}

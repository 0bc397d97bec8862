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

/// The query keys under which the server's redirect after a plain post carries the server
/// function's path and its error (Leptos's names; the server reads them through Leptos).
#[cfg(feature = "hydrate")]
pub(super) const POSTED_PATH: &str = "__path";
#[cfg(feature = "hydrate")]
pub(super) const POSTED_ERROR: &str = "__err";

/// The error of a plain post to server function `path`, which the server puts in the
/// query of the page it redirects back to (`?__path=…&__err=…`). Read on the server
/// (where the router finds it) and in the browser alike, so the island wakes up showing
/// what the page showed. The address does not say which form sent it, so on a page with
/// several forms for one function (a request's steps) each shows it.
fn posted_error(path: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    let error = use_context::<leptos::server::ServerActionError>()
        .filter(|e| e.path() == path)
        .map(|e| e.err().to_owned());
    // A second failed post adds a second pair; the router reads the last, and so does this.
    #[cfg(feature = "hydrate")]
    let error = window()
        .location()
        .search()
        .ok()
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|q| Some((last(&q, POSTED_PATH)?, last(&q, POSTED_ERROR)?)))
        .filter(|(p, _)| p == path)
        .map(|(_, e)| e);
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let error = {
        let _ = path;
        None
    };
    error
}

#[cfg(feature = "hydrate")]
fn last(query: &web_sys::UrlSearchParams, key: &str) -> Option<String> {
    let all = query.get_all(key);
    all.get(all.length().checked_sub(1)?).as_string()
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

/// `<form>` posting to server function `A`, opening with the error summary of its
/// refusal; its answer lands in `answer`. Attributes given as `attr:…` go on the form.
#[component]
pub fn PostForm<A>(answer: Answer<A>, children: Children) -> impl IntoView
where
    A: ServerFn<Error = AppError> + 'static,
    A::Output: DeserializeOwned + Clone + Send + Sync + 'static,
{
    let busy = StoredValue::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        send::post(ev, answer, busy);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, answer, busy);
    };
    view! {
        <form method="post" action=A::PATH on:submit=on_submit>
            <ErrorSummary result=answer />
            {children()}
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod send {
    use leptos::{prelude::*, server_fn::ServerFn};
    use serde::de::DeserializeOwned;
    use web_sys::UrlSearchParams;

    use super::Answer;
    use crate::{AppError, components::xhr};

    /// Sends the form by XMLHttpRequest. A second submit while one is on its way, or
    /// after a success while the next page opens, is ignored: a double click sends once.
    pub fn post<A>(ev: leptos::ev::SubmitEvent, answer: Answer<A>, busy: StoredValue<bool>)
    where
        A: ServerFn + 'static,
        A::Output: DeserializeOwned + Send + Sync + 'static,
    {
        if busy.get_value() {
            ev.prevent_default();
            return;
        }
        let headers = [
            ("Accept", "application/json"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        let Some((data, request)) = xhr::open(&ev, A::PATH, &headers) else {
            return;
        };
        let Ok(body) = UrlSearchParams::new_with_str_sequence_sequence(&data) else {
            return;
        };
        ev.prevent_default();
        busy.set_value(true);
        let answered = move |status: u16, text: String| {
            let result = if (200..300).contains(&status) {
                serde_json::from_str(&text).map_err(|_| AppError::Internal)
            } else {
                Err(AppError::from_body(&text).unwrap_or(AppError::Internal))
            };
            busy.set_value(result.is_ok());
            answer.set(result);
        };
        let unreachable = move || {
            busy.set_value(false);
            answer.set(Err(AppError::Transport(
                "check your connection and try again.".into(),
            )));
        };
        xhr::on_answer(&request, answered, unreachable);
        if request
            .send_with_opt_str(Some(&String::from(body.to_string())))
            .is_err()
        {
            busy.set_value(false);
        }
    }
}

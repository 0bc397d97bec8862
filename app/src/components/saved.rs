//! What a form island does once its server function succeeds. Pages are rendered by the
//! server and only the forms hydrate, so the page showing the result is opened, or this
//! page loaded again to show the record's new state.

use leptos::{prelude::*, server_fn::ServerFn};

use super::{filters::query_param, post_form::Answer};

/// The query flag of a page loaded again after its form's change was saved.
const SAVED: &str = "saved";

/// Server function `A`'s answer to a form; once it is a success, the browser opens
/// `next(answer)`, or loads this page again where that is None.
pub fn opens<A: ServerFn + 'static>(
    next: impl Fn(&A::Output) -> Option<String> + Send + Sync + 'static,
) -> Answer<A>
where
    A::Output: Send + Sync + 'static,
{
    let answer = Answer::<A>::new();
    Effect::new(move |_| {
        answer.with(|v| {
            if let Some(Ok(out)) = v {
                open(next(out));
            }
        })
    });
    answer
}

/// Server function `A`'s answer to a form; once it is a success, the browser loads this
/// page again.
pub fn reload<A: ServerFn + 'static>() -> Answer<A>
where
    A::Output: Send + Sync + 'static,
{
    opens::<A>(|_| None)
}

/// Server function `A`'s answer to a form; once it is a success, the browser loads this
/// page again, where `Saved` says so.
pub fn reload_saved<A: ServerFn + 'static>() -> Answer<A>
where
    A::Output: Send + Sync + 'static,
{
    opens::<A>(|_| this_page(true))
}

/// What a page loaded again by `reload_saved` says above its new state.
#[component]
pub fn Saved(text: &'static str) -> impl IntoView {
    query_param(SAVED).is_some().then(|| {
        view! { <div class="nhsuk-inset-text" role="status"><p>{text}</p></div> }
    })
}

fn open(next: Option<String>) {
    #[cfg(feature = "hydrate")]
    if let Some(url) = next.or_else(|| this_page(false)) {
        let _ = window().location().assign(&url);
    }
    // Effects never run on the server.
    #[cfg(not(feature = "hydrate"))]
    let _ = next;
}

/// This page's address without the error of an earlier plain post or an earlier "saved",
/// which would otherwise show again above the new state; marked as saved where asked.
#[cfg(feature = "hydrate")]
fn this_page(saved: bool) -> Option<String> {
    use super::post_form::{POSTED_ERROR, POSTED_PATH};
    let location = window().location();
    let query = web_sys::UrlSearchParams::new_with_str(&location.search().ok()?).ok()?;
    query.delete(POSTED_PATH);
    query.delete(POSTED_ERROR);
    if saved {
        query.set(SAVED, "1");
    } else {
        query.delete(SAVED);
    }
    let query = String::from(query.to_string());
    let path = location.pathname().ok()?;
    Some(if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    })
}

#[cfg(not(feature = "hydrate"))]
fn this_page(_saved: bool) -> Option<String> {
    None
}

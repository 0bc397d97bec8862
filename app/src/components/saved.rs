//! What a form island does once its server function succeeds. Pages are rendered by the
//! server and only the forms hydrate, so the page showing the result is opened, or this
//! page loaded again to show the record's new state.

use leptos::{prelude::*, server_fn::ServerFn};

use super::post_form::Answer;

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

fn open(next: Option<String>) {
    #[cfg(feature = "hydrate")]
    {
        let location = window().location();
        if let Some(url) = next.or_else(|| this_page(&location)) {
            let _ = location.assign(&url);
        }
    }
    // Effects never run on the server.
    #[cfg(not(feature = "hydrate"))]
    let _ = next;
}

/// This page's address without the error of an earlier plain post (`__path`, `__err`),
/// which would otherwise show again above the new state.
#[cfg(feature = "hydrate")]
fn this_page(location: &web_sys::Location) -> Option<String> {
    let query = web_sys::UrlSearchParams::new_with_str(&location.search().ok()?).ok()?;
    query.delete("__path");
    query.delete("__err");
    let query = String::from(query.to_string());
    let path = location.pathname().ok()?;
    Some(if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    })
}

//! What a form island does once its server function succeeds. Pages are rendered by the
//! server and only the forms hydrate, so the page showing the result is opened, or this
//! page loaded again to show the record's new state.

use leptos::{prelude::*, server_fn::ServerFn};

use super::post_form::Answer;

/// Server function `A`'s answer to a form; once it is a success, the browser opens
/// `next(answer)`, or loads this page again where that is None.
pub fn answer<A: ServerFn + 'static>(
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
    answer::<A>(|_| None)
}

fn open(next: Option<String>) {
    #[cfg(feature = "hydrate")]
    {
        let location = window().location();
        let _ = match next {
            Some(url) => location.assign(&url),
            None => location.reload(),
        };
    }
    // Effects never run on the server.
    #[cfg(not(feature = "hydrate"))]
    let _ = next;
}

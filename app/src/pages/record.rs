//! The shape every page about one record shares.

use std::future::Future;

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;
use serde::{Serialize, de::DeserializeOwned};

use crate::{AppError, components::PageTitle};

/// A title, a back link, and the record named by the path's `param`, loaded by `load`
/// and again each time the page's `action` runs, shown by `show` (or the refusal in its
/// place, with its status).
#[component]
pub fn RecordPage<A, T, Fut, V>(
    title: &'static str,
    /// Where the back link goes, and what it says.
    back: (&'static str, &'static str),
    #[prop(default = "id")] param: &'static str,
    #[prop(default = "Loading…")] loading: &'static str,
    action: ServerAction<A>,
    load: fn(String) -> Fut,
    show: fn(T, ServerAction<A>) -> V,
) -> impl IntoView
where
    A: ServerFn + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    A::Error: Send + Sync + 'static,
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let params = use_params_map();
    let key = move || params.with(|p| p.get(param).unwrap_or_default());
    // Loaded again only after the action succeeds: a refusal keeps the form, and what
    // was typed in it, on the page with its messages.
    let succeeded = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            succeeded.update(|n| *n += 1);
        }
    });
    let record = Resource::new(move || (key(), succeeded.get()), move |(key, _)| load(key));
    view! {
        <PageTitle text=title />
        <a class="nhsuk-back-link" href=back.0>{back.1}</a>
        <Suspense fallback=move || view! { <p>{loading}</p> }>
            {move || Suspend::new(async move {
                super::or_error(record.await, move |r| show(r, action))
            })}
        </Suspense>
    }
}

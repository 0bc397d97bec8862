//! The shape every page about one record shares.

use std::future::Future;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Serialize, de::DeserializeOwned};

use crate::{AppError, components::PageTitle};

/// A title, a back link, and the record named by the path's `param`, loaded by `load`
/// and shown by `show` (or the refusal in its place, with its status). Its forms are
/// islands that load the page again once they succeed, so it shows the new state.
#[component]
pub fn RecordPage<T, Fut, V>(
    title: &'static str,
    /// Where the back link goes, and what it says.
    back: (&'static str, &'static str),
    #[prop(default = "id")] param: &'static str,
    #[prop(default = "Loading…")] loading: &'static str,
    load: fn(String) -> Fut,
    show: fn(T) -> V,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let key = use_params_map().with_untracked(|p| p.get(param).unwrap_or_default());
    let record = OnceResource::new(load(key));
    view! {
        <PageTitle text=title />
        <a class="nhsuk-back-link" href=back.0>{back.1}</a>
        <Suspense fallback=move || view! { <p>{loading}</p> }>
            {Suspend::new(async move { super::or_error(record.await, show) })}
        </Suspense>
    }
}

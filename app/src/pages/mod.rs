//! One module per page.

pub mod access_review;
mod accessibility;
pub mod adoption;
pub mod allow_list;
pub mod audit;
mod enrol;
mod errors;
mod landing;
mod mail;
pub mod manager_access;
mod no_access;
pub mod organisation;
mod ra_home;
mod record;
pub mod registration;
mod signed_out;

pub use accessibility::Accessibility;
pub use enrol::Enrol;
pub use errors::{NotFound, SignInProblem};
pub use landing::Landing;
pub use mail::Undelivered;
pub use no_access::NoAccess;
pub use organisation::{
    AddOrgPage, HeadcountPage, MoveSitePage, OrgHome, OrgImportPreviewPage, OrgImportUpload,
};
pub use ra_home::RaHome;
pub(crate) use record::RecordPage;
pub use signed_out::SignedOut;

use leptos::prelude::*;

pub(crate) use crate::me::{me, signed_in};
use crate::{AppError, components::ErrorPanel};

/// A page behind its rule in the rights table: rendered for a principal the rule admits,
/// and the refusal (with its status) for anyone else. The route guard and every server
/// function check the same rule; this keeps the page itself honest.
pub fn gated<F, V>(page: F) -> AnyView
where
    F: Fn() -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let Some(rule) = crate::rights::for_page(&path) else {
        // Fails closed: a page missing from the table is shown to no one.
        return view! { <NotFound /> }.into_any();
    };
    if rule.is_public() {
        return page().into_any();
    }
    let me = me();
    // One `Suspend`, not a closure returning one: server rendering calls a reactive
    // closure once to start its resources and again to render, so the page (and every
    // resource it creates, each a query) was built more than once per request. Who is
    // signed in does not change while a page is shown (signing in or out reloads).
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match me.await.and_then(|p| rule.check(p.as_ref())) {
                    Ok(()) => page().into_any(),
                    Err(e) => refusal(e),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// An error shown in place of a page, with its status set while rendering on the server.
pub(crate) fn refusal(e: AppError) -> AnyView {
    e.apply_status();
    view! { <ErrorPanel error=e /> }.into_any()
}

/// A server function's answer shown by `render`, or its error in place of the page.
pub(crate) fn or_error<T, V: IntoView + 'static>(
    result: Result<T, AppError>,
    render: impl FnOnce(T) -> V,
) -> AnyView {
    match result {
        Ok(value) => render(value).into_any(),
        Err(e) => refusal(e),
    }
}

/// A filtered list's answer, split for its page: the refusal of a filter the portal
/// cannot read (shown on the form, with its status set), and what goes under the form
/// (the list, another refusal in the page's place, or nothing).
pub(crate) fn filtered<T, V: IntoView + 'static>(
    result: Result<T, AppError>,
    render: impl FnOnce(T) -> V,
) -> (Option<AppError>, AnyView) {
    match result {
        Ok(value) => (None, render(value).into_any()),
        Err(e @ AppError::Invalid(_)) => {
            e.apply_status();
            (Some(e), ().into_any())
        }
        Err(e) => (None, refusal(e)),
    }
}

/// `path?k=v&…` with the values percent-encoded.
pub(crate) fn query_link(path: &str, pairs: &[(&str, String)]) -> String {
    fn encode(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    if pairs.is_empty() {
        return path.to_owned();
    }
    let q: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("{path}?{}", q.join("&"))
}

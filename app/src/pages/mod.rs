//! One module per page.

mod accessibility;
pub mod allow_list;
mod audit_home;
mod enrol;
mod errors;
mod landing;
mod mail;
pub mod manager_access;
mod no_access;
mod org_home;
mod ra_home;
pub mod registration;
mod signed_out;

pub use accessibility::Accessibility;
pub use audit_home::AuditHome;
pub use enrol::Enrol;
pub use errors::{NotFound, SignInProblem};
pub use landing::Landing;
pub use mail::Undelivered;
pub use no_access::NoAccess;
pub use org_home::OrgHome;
pub use ra_home::RaHome;
pub use signed_out::SignedOut;

use leptos::prelude::*;

use crate::{AppError, app::Me};

/// Sets the response status while rendering on the server; a no-op in the browser.
pub(crate) fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(_code),
    ) {
        res.set_status(code);
    }
}

/// A server function's answer shown by `render`, or its error in place of the page (with
/// the status set on the server).
pub(crate) fn or_error<T, V: IntoView + 'static>(
    result: Result<T, AppError>,
    render: impl FnOnce(T) -> V,
) -> AnyView {
    match result {
        Ok(value) => render(value).into_any(),
        Err(e) => {
            set_status(e.status());
            view! { <crate::components::ErrorPanel error=e /> }.into_any()
        }
    }
}

pub(crate) fn me() -> Me {
    expect_context::<Me>()
}

/// The principal, or the error to show instead of the page.
pub(crate) async fn signed_in(me: Me) -> Result<ra_domain::Principal, AppError> {
    me.await?.ok_or(AppError::Unauthenticated)
}

/// Renders `children` for RA officers, and the refusal (403) for everyone else. The
/// route guard and every server function check again; this only keeps the page honest.
#[component]
pub(crate) fn OfficerOnly(children: ChildrenFn) -> impl IntoView {
    let me = me();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match signed_in(me).await.and_then(|p| p.ra_officer().map_err(AppError::from)) {
                        Ok(_) => children().into_any(),
                        Err(e) => {
                            set_status(e.status());
                            view! { <crate::components::ErrorPanel error=e /> }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
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

use leptos::prelude::*;

use crate::components::{ErrorPanel, PageTitle};

/// Home page for RA managers and RA agents.
#[component]
pub fn RaHome() -> impl IntoView {
    let me = super::me();
    view! {
        <PageTitle text="RA officer home" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match super::signed_in(me).await.and_then(|p| {
                    p.ra_officer().map_err(Into::into).map(|o| (p, o))
                }) {
                    Ok((p, officer)) => {
                        let role = if officer.is_manager() { "RA manager" } else { "RA agent" };
                        view! {
                            <h1>"RA officer home"</h1>
                            <p class="nhsuk-lede-text">"Welcome, " {p.display_name.clone()} "."</p>
                            <p>"You are signed in as an " {role} "."</p>
                            <ul class="nhsuk-list">
                                <li><a href="/allow-list">"Email-domain allow list"</a></li>
                                <li><a href="/allow-list?status=requested">"Domain requests waiting for a decision"</a></li>
                                <li><a href="/allow-list?status=submitted&sort=recent">"Domains waiting for NHS England"</a></li>
                            </ul>
                            <ul class="nhsuk-list">
                                <li><a href="/requests">"Authenticator registration requests"</a></li>
                                <li><a href="/requests?state=submitted">"Requests waiting for review"</a></li>
                                <li><a href="/ra/managers">"Managers without a Care Identity"</a></li>
                                <li><a href="/ra/mail">"Email not delivered"</a></li>
                            </ul>
                            <ul class="nhsuk-list">
                                <li><a href="/adoption">"Adoption by organisation"</a></li>
                                <li><a href="/adoption?view=groups&sort=percent">"Adoption by group, least registered first"</a></li>
                                <li><a href="/adoption?stuck=14">"Organisations where nobody registered in 14 days"</a></li>
                            </ul>
                        }
                            .into_any()
                    }
                    Err(e) => {
                        e.apply_status();
                        view! { <ErrorPanel error=e /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

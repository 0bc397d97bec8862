use leptos::prelude::*;

use crate::{
    AppError,
    api::work::{Waiting, Work, ra_work},
    components::{ErrorPanel, PageTitle},
};

/// Home page for RA managers and RA agents.
#[component]
pub fn RaHome() -> impl IntoView {
    let me = super::me();
    let work = Resource::new(|| (), |_| ra_work());
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
                            <WorkWaiting work />
                            <h2>"Lists"</h2>
                            <ul class="nhsuk-list">
                                <li><a href="/allow-list">"Email-domain allow list"</a></li>
                                <li><a href="/allow-list?status=submitted&sort=recent">"Domains waiting for NHS England"</a></li>
                                <li><a href="/requests">"Authenticator registration requests"</a></li>
                                <li><a href="/ra/managers">"Managers without a Care Identity"</a></li>
                            </ul>
                            <ul class="nhsuk-list">
                                <li><a href="/adoption">"Adoption by organisation"</a></li>
                                <li><a href="/adoption?view=groups&sort=percent">"Adoption by group, least registered first"</a></li>
                                <li><a href="/adoption?stuck=14">"Organisations where nobody registered in 14 days"</a></li>
                                <li><a href="/organisations/import">"Import or update organisations from a CSV file"</a></li>
                                <li><a href="/access-review">"Access review: certify the managers who sign in by email link"</a></li>
                                <li><a href="/organisations/new">"Define a group or record a site, with or without an ODS code"</a></li>
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

/// What waits, counted, each count a link to the list that holds those items.
#[component]
fn WorkWaiting(work: Resource<Result<Work, AppError>>) -> impl IntoView {
    view! {
        <h2>"Waiting for you"</h2>
        <Suspense fallback=|| view! { <p>"Counting…"</p> }>
            {move || Suspend::new(async move {
                crate::pages::or_error(work.await, |items| view! {
                    <ul class="nhsuk-grid-row nhsuk-card-group" data-testid="ra-work">
                        {items.into_iter().map(|(what, n)| card(what, n)).collect_view()}
                    </ul>
                })
            })}
        </Suspense>
    }
}

fn card(what: Waiting, n: i64) -> impl IntoView {
    let class = if n == 0 {
        "nhsuk-card nhsuk-card--clickable ra-work ra-work--none"
    } else {
        "nhsuk-card nhsuk-card--clickable ra-work"
    };
    view! {
        <li class="nhsuk-grid-column-one-third nhsuk-card-group__item">
            <div class=class>
                <div class="nhsuk-card__content">
                    <p class="nhsuk-card__heading nhsuk-heading-m">
                        <a class="nhsuk-card__link" href=what.href()>{what.label(n)}</a>
                    </p>
                </div>
            </div>
        </li>
    }
}

//! A request's whole history (`/audit/requests/{id}`) and a person's registration history
//! by email address (`/audit/people?email=`), oldest first, from the trail.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::EntryRows;
use crate::{
    api::audit::{Timeline, audit_timeline},
    components::PageTitle,
};

#[component]
pub fn RequestTimeline() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let timeline = Resource::new(id, |id| audit_timeline(Some(id), None));
    view! {
        <PageTitle text="Request history" />
        <a class="nhsuk-back-link" href="/audit">"Back to the audit trail"</a>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                crate::pages::or_error(timeline.await, |t| view! { <Shown timeline=t main=true /> })
            })}
        </Suspense>
    }
}

#[component]
pub fn PersonTimeline() -> impl IntoView {
    let query = use_query_map();
    let email = move || {
        query
            .with(|q| q.get("email"))
            .filter(|e| !e.trim().is_empty())
    };
    let timeline = Resource::new(email, |email| async move {
        match email {
            Some(e) => audit_timeline(None, Some(e)).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <PageTitle text="A person's registration history" />
        <a class="nhsuk-back-link" href="/audit">"Back to the audit trail"</a>
        <h1>"A person's registration history"</h1>
        <form method="get" action="/audit/people" role="search" aria-label="Find a person">
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="email">"Email address"</label>
                <div class="nhsuk-hint" id="email-hint">"The address their registration requests were raised for"</div>
                <input class="nhsuk-input nhsuk-input--width-30" id="email" name="email" type="email"
                    autocomplete="off" spellcheck="false" aria-describedby="email-hint"
                    value=email().unwrap_or_default() />
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Show history"</button>
        </form>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                crate::pages::or_error(timeline.await, |t| t.map(|t| view! { <Shown timeline=t /> }))
            })}
        </Suspense>
    }
}

/// `main`: the page's own heading (the request's page has no other).
#[component]
fn Shown(timeline: Timeline, #[prop(optional)] main: bool) -> impl IntoView {
    let requests = if timeline.requests.is_empty() {
        view! { <p data-testid="no-requests">"The portal holds no registration request for this address."</p> }.into_any()
    } else {
        view! {
            <ul class="nhsuk-list" data-testid="requests">
                {timeline.requests.into_iter().map(|(id, what)| view! {
                    <li><a href=format!("/audit/requests/{id}")>{what}</a></li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let title = if main {
        view! { <h1 data-testid="timeline-title">{timeline.title}</h1> }.into_any()
    } else {
        view! { <h2 data-testid="timeline-title">{timeline.title}</h2> }.into_any()
    };
    view! {
        {title}
        {requests}
        <EntryRows entries=timeline.entries caption="Entries, oldest first" />
    }
}

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::PageTitle;

/// Start page: a signed-in person goes on to their home page; others can sign in.
#[component]
pub fn Landing() -> impl IntoView {
    let me = super::me();
    view! {
        <PageTitle text="Sign in" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(p)) => view! { <Redirect path=p.home().path() /> }.into_any(),
                    _ => view! { <SignInPrompt /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignInPrompt() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let by_cis2 = move || query.with(|q| q.get("signed_out")).as_deref() == Some("cis2");
    view! {
        {move || by_cis2().then(|| view! {
            <div class="nhsuk-inset-text" data-testid="signed-out-by-cis2">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{crate::AppError::SignedOutByCis2.to_string()}</p>
            </div>
        })}
        <h1>"RA Portal"</h1>
        <p class="nhsuk-lede-text">
            "Register staff for Microsoft Authenticator with NHS CIS2, manage the email-domain allow list and follow adoption across your organisations."
        </p>
        <p>"Sign in with your NHS Care Identity (smartcard or an authenticator app)."</p>
        <a class="nhsuk-button" href="/auth/login" rel="external" data-module="nhsuk-button">
            "Sign in with CIS2"
        </a>
        <p>
            "Manage a care home or another organisation, with no NHS Care Identity? "
            <a href="/manager-access">"Sign in with your work email"</a>
            "."
        </p>
    }
}

use leptos::prelude::*;

use crate::components::PageTitle;

#[component]
pub fn SignedOut() -> impl IntoView {
    view! {
        <PageTitle text="You have signed out" />
        <h1>"You have signed out"</h1>
        <p>"You have signed out of RA Portal and your CIS2 session has ended."</p>
        <a class="nhsuk-button" href="/auth/login" rel="external">"Sign in again"</a>
    }
}

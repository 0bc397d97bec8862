use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::PageTitle;

/// Where the emailed link lands. Signing in takes a press of the button (a POST), so
/// mail scanners that open links do not spend it.
#[component]
pub fn EmailSignIn() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    view! {
        <PageTitle text="Sign in to RA Portal" />
        <h1>"Sign in to RA Portal"</h1>
        <p>"Continue to sign in with the link we emailed you. It works once."</p>
        <form method="post" action="/auth/email-link">
            <input type="hidden" name="token" value=token />
            <button class="nhsuk-button" type="submit">"Continue"</button>
        </form>
    }
}

/// After the link proved the email, until an RA officer approves the manager.
#[component]
pub fn WaitingForApproval() -> impl IntoView {
    view! {
        <PageTitle text="Waiting for approval" />
        <h1>"Your email address is confirmed"</h1>
        <div class="nhsuk-inset-text" data-testid="waiting-for-approval">
            <p>"An RA officer will check that you manage the organisation. We will email you when they have decided; then ask for a new sign-in link to raise requests."</p>
        </div>
        <p><a href="/manager-access">"Ask for a new sign-in link"</a></p>
    }
}

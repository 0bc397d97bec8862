//! Error pages, each with its HTTP status set during server rendering.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use ra_domain::manager_access::SIGN_IN_LINK_MINUTES;

use crate::components::PageTitle;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::AppError::NotFound.apply_status();
    view! {
        <PageTitle text="Page not found" />
        <h1>"Page not found"</h1>
        <p>"If you typed the web address, check it is correct."</p>
        <p><a href="/">"Go to your home page"</a></p>
    }
}

/// Why a sign-in was refused, in words a person can act on. `reason` is a code set by
/// the sign-in callback; unknown codes get the general message.
pub fn sign_in_problem_text(reason: &str) -> String {
    let text = match reason {
        "state" => {
            "This sign-in was not started from this browser, or it has already been used. Start again."
        }
        "expired" => "The sign-in took too long to complete. Start again.",
        "denied" => "Sign-in was cancelled at CIS2.",
        "assurance" => {
            "You signed in with a method that is not strong enough for RA Portal. Sign in with a smartcard or an authenticator app (AAL2 or above)."
        }
        "token" => {
            "CIS2's answer could not be verified, so you have not been signed in. Start again."
        }
        "userinfo" => {
            "CIS2's user details did not match the signed-in person, so you have not been signed in."
        }
        "provider" => "CIS2 could not be reached. Try again in a few minutes.",
        "email-link" => {
            return format!(
                "This sign-in link has already been used or has expired. Links work once, for {SIGN_IN_LINK_MINUTES} minutes: ask for a new one."
            );
        }
        "email-domain" => {
            "Your email domain is no longer on the allow list, so you cannot sign in. Contact your Registration Authority."
        }
        _ => "Sign-in could not be completed. Start again.",
    };
    text.to_owned()
}

#[component]
pub fn SignInProblem() -> impl IntoView {
    // A refused sign-in is the request's fault (or the provider's answer), not ours.
    crate::AppError::BadRequest(String::new()).apply_status();
    let query = use_query_map();
    let text = move || sign_in_problem_text(&query.read().get("reason").unwrap_or_default());
    view! {
        <PageTitle text="You have not been signed in" />
        <h1>"You have not been signed in"</h1>
        <p data-testid="sign-in-problem">{text}</p>
        {move || {
            // Email-link sign-ins start again where the link is asked for, not at CIS2.
            let by_email = query.read().get("reason").is_some_and(|r| r.starts_with("email-"));
            let href = if by_email { "/manager-access" } else { "/auth/login" };
            view! { <a class="nhsuk-button" href=href rel="external">"Start again"</a> }
        }}
    }
}

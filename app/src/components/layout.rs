use leptos::prelude::*;
use leptos_meta::Title;
use ra_domain::Principal;

use crate::AppError;

/// The NHS logo path from nhsuk-frontend's header template.
const NHS_LOGO_PATH: &str = "M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z";

/// Sets the document title as "<page> – RA Portal".
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    view! { <Title text=format!("{text} – RA Portal") /> }
}

/// NHS.UK header with the service name and, once signed in, who and in which role,
/// and the sign-out button (a plain form, so it works before hydration too).
#[component]
pub fn Header(me: Resource<Result<Option<Principal>, AppError>>) -> impl IntoView {
    view! {
        <header class="nhsuk-header nhsuk-header--inline" data-module="nhsuk-header" role="banner">
            <div class="nhsuk-header__container nhsuk-width-container">
                <div class="nhsuk-header__service">
                    <a class="nhsuk-header__service-logo" href="/" aria-label="RA Portal home">
                        <svg
                            class="nhsuk-header__logo"
                            xmlns="http://www.w3.org/2000/svg"
                            viewBox="0 0 200 80"
                            height="40"
                            width="100"
                            focusable="false"
                            role="img"
                            aria-label="NHS"
                        >
                            <title>"NHS"</title>
                            <path fill="currentcolor" d=NHS_LOGO_PATH></path>
                        </svg>
                        <span class="nhsuk-header__service-name">"RA Portal"</span>
                    </a>
                </div>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match me.await {
                            Ok(Some(p)) => Some(view! { <Account principal=p /> }),
                            _ => None,
                        }
                    })}
                </Transition>
            </div>
        </header>
    }
}

#[component]
fn Account(principal: Principal) -> impl IntoView {
    let who = match principal.role_summary() {
        Some(summary) => format!("Signed in as {} ({summary})", principal.display_name),
        None => format!("Signed in as {}", principal.display_name),
    };
    view! {
        <nav class="nhsuk-header__account" aria-label="Account">
            <ul class="nhsuk-header__account-list">
                <li class="nhsuk-header__account-item" data-testid="signed-in-as">
                    {who}
                </li>
                <li class="nhsuk-header__account-item">
                    <form class="nhsuk-header__account-form" action="/auth/logout" method="post">
                        <button class="nhsuk-header__account-button" type="submit">
                            "Sign out"
                        </button>
                    </form>
                </li>
            </ul>
        </nav>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="nhsuk-footer" role="contentinfo">
            <div class="nhsuk-width-container">
                <div class="nhsuk-footer__meta">
                    <h2 class="nhsuk-u-visually-hidden">"Support links"</h2>
                    <ul class="nhsuk-footer__list">
                        <li class="nhsuk-footer__list-item">
                            <a class="nhsuk-footer__list-item-link" href="/accessibility">
                                "Accessibility statement"
                            </a>
                        </li>
                    </ul>
                    <p class="nhsuk-body-s">"RA Portal – open source, for NHS CIS2 Registration Authorities"</p>
                </div>
            </div>
        </footer>
    }
}

/// An error shown in place of page content, with the status already set on the server.
/// Refusals read as a page of their own; other errors as an NHS error summary.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let message = error.to_string();
    match error {
        // These three take the whole page's place, so they name it too.
        AppError::Unauthenticated => view! {
            <PageTitle text="You need to sign in" />
            <h1>"You need to sign in"</h1>
            <p>{message}</p>
            <a class="nhsuk-button" href="/auth/login" rel="external">"Sign in with CIS2"</a>
        }
        .into_any(),
        AppError::SignedOutByCis2 => view! {
            <PageTitle text="You were signed out" />
            <h1>"You were signed out"</h1>
            <p data-testid="signed-out-by-cis2">{message}</p>
            <a class="nhsuk-button" href="/auth/login" rel="external">"Sign in with CIS2"</a>
        }
        .into_any(),
        AppError::Forbidden(_) => view! {
            <PageTitle text="You cannot see this page" />
            <h1>"You cannot see this page"</h1>
            <p>{message}</p>
            <p><a href="/">"Go to your home page"</a></p>
        }
        .into_any(),
        AppError::NotFound => view! {
            <PageTitle text="Page not found" />
            <h1>"Page not found"</h1>
            <p><a href="/">"Go to your home page"</a></p>
        }
        .into_any(),
        _ => view! {
            <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
                <h2 class="nhsuk-error-summary__title" id="error-summary-title">"Sorry, there is a problem"</h2>
                <div class="nhsuk-error-summary__body"><p>{message}</p></div>
            </div>
        }
        .into_any(),
    }
}

/// NHS.UK warning callout: something to read before going on.
#[component]
pub fn WarningCallout(
    label: &'static str,
    #[prop(optional)] testid: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="nhsuk-warning-callout" data-testid=(!testid.is_empty()).then_some(testid)>
            <h2 class="nhsuk-warning-callout__label">
                <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>{label}</span>
            </h2>
            {children()}
        </div>
    }
}

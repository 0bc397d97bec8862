//! The HTML shell, the page frame and the routes.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};
use ra_domain::Principal;

use crate::{
    AppError,
    api::session::whoami,
    components::{Footer, Header},
    pages,
};

/// The signed-in person, fetched once per page load and shared by header and pages.
pub type Me = Resource<Result<Option<Principal>, AppError>>;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/assets/images/favicon.ico" sizes="48x48" />
                <link rel="stylesheet" href="/nhsuk/nhsuk-frontend.min.css" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let me: Me = Resource::new(|| (), |_| whoami());
    provide_context(me);

    view! {
        <Stylesheet id="leptos" href="/pkg/ra-portal.css" />
        <Router>
            <a class="nhsuk-skip-link" href="#maincontent">"Skip to main content"</a>
            <Header me />
            <div class="nhsuk-width-container">
                <main class="nhsuk-main-wrapper" id="maincontent" role="main">
                    <Routes fallback=pages::NotFound>
                        <Route path=path!("/") view=pages::Landing />
                        <Route path=path!("/ra") view=pages::RaHome />
                        <Route path=path!("/organisation") view=pages::OrgHome />
                        <Route path=path!("/audit") view=pages::AuditHome />
                        <Route path=path!("/no-access") view=pages::NoAccess />
                        <Route path=path!("/signed-out") view=pages::SignedOut />
                        <Route path=path!("/sign-in-problem") view=pages::SignInProblem />
                        <Route path=path!("/forbidden") view=pages::Forbidden />
                        <Route path=path!("/accessibility") view=pages::Accessibility />
                    </Routes>
                </main>
            </div>
            <Footer />
        </Router>
    }
}

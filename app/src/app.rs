//! The HTML shell, the page frame and the routes.

use crate::{
    api::session::whoami,
    components::{Footer, Header},
    me::Me,
    pages::{
        self, access_review, adoption, allow_list, audit, gated, manager_access, registration,
    },
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::csp::apply();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/assets/images/favicon.ico" sizes="48x48" />
                <link rel="stylesheet" href="/nhsuk/nhsuk-frontend.min.css" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
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
        <Router>
            // Every page is gated by its rule in the rights table (`crate::rights`).
            <a class="nhsuk-skip-link" href="#maincontent">"Skip to main content"</a>
            // Pages render completely before they are sent (SsrMode::Async), so a page can
            // still set its status code or redirect, and works before hydration.
            <Header me />
            <div class="nhsuk-width-container">
                <main class="nhsuk-main-wrapper" id="maincontent" role="main">
                    <Routes fallback=pages::NotFound>
                        <Route path=path!("/") ssr=SsrMode::Async view=|| gated(pages::Landing) />
                        <Route path=path!("/ra") ssr=SsrMode::Async view=|| gated(pages::RaHome) />
                        <Route path=path!("/organisation") ssr=SsrMode::Async view=|| gated(pages::OrgHome) />
                        <Route path=path!("/organisation/:code/headcount") ssr=SsrMode::Async view=|| gated(pages::HeadcountPage) />
                        <Route path=path!("/organisation/:code/group") ssr=SsrMode::Async view=|| gated(pages::MoveSitePage) />
                        <Route path=path!("/organisations/new") ssr=SsrMode::Async view=|| gated(pages::AddOrgPage) />
                        <Route path=path!("/organisations/import") ssr=SsrMode::Async view=|| gated(pages::OrgImportUpload) />
                        <Route path=path!("/organisations/import/:id") ssr=SsrMode::Async view=|| gated(pages::OrgImportPreviewPage) />
                        <Route path=path!("/adoption") ssr=SsrMode::Async view=|| gated(adoption::AdoptionOverviewPage) />
                        <Route path=path!("/adoption/:code") ssr=SsrMode::Async view=|| gated(adoption::OrgAdoptionPage) />
                        <Route path=path!("/audit") ssr=SsrMode::Async view=|| gated(audit::AuditHome) />
                        <Route path=path!("/access-review") ssr=SsrMode::Async view=|| gated(access_review::AccessReviewPage) />
                        <Route path=path!("/access-review/:id") ssr=SsrMode::Async view=|| gated(access_review::DecideAccessPage) />
                        <Route path=path!("/audit/verify") ssr=SsrMode::Async view=|| gated(audit::VerifyTrail) />
                        <Route path=path!("/audit/entries/:position") ssr=SsrMode::Async view=|| gated(audit::EntryPage) />
                        <Route path=path!("/audit/requests/:id") ssr=SsrMode::Async view=|| gated(audit::RequestTimeline) />
                        <Route path=path!("/audit/people") ssr=SsrMode::Async view=|| gated(audit::PersonTimeline) />
                        <Route path=path!("/audit/devices") ssr=SsrMode::Async view=|| gated(audit::DeviceReportPage) />
                        <Route path=path!("/allow-list") ssr=SsrMode::Async view=|| gated(allow_list::AllowList) />
                        <Route path=path!("/allow-list/add") ssr=SsrMode::Async view=|| gated(allow_list::AddDomain) />
                        <Route path=path!("/allow-list/request") ssr=SsrMode::Async view=|| gated(allow_list::RequestDomain) />
                        <Route path=path!("/allow-list/import") ssr=SsrMode::Async view=|| gated(allow_list::ImportUpload) />
                        <Route path=path!("/allow-list/import/:id") ssr=SsrMode::Async view=|| gated(allow_list::ImportPreviewPage) />
                        <Route path=path!("/allow-list/:id") ssr=SsrMode::Async view=|| gated(allow_list::EntryPage) />
                        <Route path=path!("/allow-list/:id/withdraw") ssr=SsrMode::Async view=|| gated(allow_list::Withdraw) />
                        <Route path=path!("/requests") ssr=SsrMode::Async view=|| gated(registration::Requests) />
                        <Route path=path!("/requests/new") ssr=SsrMode::Async view=|| gated(registration::NewRequest) />
                        <Route path=path!("/requests/bulk") ssr=SsrMode::Async view=|| gated(registration::BulkUpload) />
                        <Route path=path!("/requests/bulk/:id") ssr=SsrMode::Async view=|| gated(registration::BulkPreviewPage) />
                        <Route path=path!("/requests/:id") ssr=SsrMode::Async view=|| gated(registration::RequestPage) />
                        <Route path=path!("/enrol/:token") ssr=SsrMode::Async view=|| gated(pages::Enrol) />
                        <Route path=path!("/ra/mail") ssr=SsrMode::Async view=|| gated(pages::Undelivered) />
                        <Route path=path!("/ra/managers") ssr=SsrMode::Async view=|| gated(manager_access::AccessRequests) />
                        <Route path=path!("/ra/managers/:id") ssr=SsrMode::Async view=|| gated(manager_access::AccessPage) />
                        <Route path=path!("/manager-access") ssr=SsrMode::Async view=|| gated(manager_access::AskForAccess) />
                        <Route path=path!("/manager-access/pending") ssr=SsrMode::Async view=|| gated(manager_access::WaitingForApproval) />
                        <Route path=path!("/manager-access/sent") ssr=SsrMode::Async view=|| gated(manager_access::LinkSent) />
                        <Route path=path!("/manager-access/sign-in/:token") ssr=SsrMode::Async view=|| gated(manager_access::EmailSignIn) />
                        <Route path=path!("/no-access") ssr=SsrMode::Async view=|| gated(pages::NoAccess) />
                        <Route path=path!("/signed-out") ssr=SsrMode::Async view=|| gated(pages::SignedOut) />
                        <Route path=path!("/sign-in-problem") ssr=SsrMode::Async view=|| gated(pages::SignInProblem) />
                        <Route path=path!("/accessibility") ssr=SsrMode::Async view=|| gated(pages::Accessibility) />
                    </Routes>
                </main>
            </div>
            <Footer />
        </Router>
    }
}

use leptos::prelude::*;
use ra_domain::manager_access::SIGN_IN_LINK_MINUTES;

use crate::{
    api::manager_access::AskForAccess as Ask,
    components::{PageTitle, PostForm, TextField, opens, server_message},
};

/// A manager without a CIS2 identity asks for a sign-in link. The answer is the same
/// whether or not the address can be used, so the page reveals nobody's account.
#[component]
pub fn AskForAccess() -> impl IntoView {
    view! {
        <PageTitle text="Sign in without a Care Identity" />
        <h1>"Sign in as a manager without an NHS Care Identity"</h1>
        <p class="nhsuk-lede-text">"If you manage a care home or another organisation and have no smartcard or NHS Care Identity, you can ask for Microsoft Authenticator registrations for your staff here."</p>
        <p>"We send a sign-in link to your work email. The first time, an RA officer checks that you manage the organisation before you can raise requests."</p>
        <AskForm />
        <p><a href="/">"Sign in with CIS2 instead"</a></p>
    }
}

/// Name, address and organisation; the answer is a page of its own (a new title, and
/// focus back at the top).
#[island]
fn AskForm() -> impl IntoView {
    let result = opens::<Ask>(|_| Some("/manager-access/sent".to_owned()));
    view! {
        <PostForm answer=result>
            <TextField name="full_name" label="Full name" autocomplete="name" error=server_message(result, "full_name") width="20" />
            <TextField name="email" label="Work email address" input_type="email" autocomplete="email"
                hint="Its domain must be on the CIS2 email-domain allow list"
                error=server_message(result, "email") width="30" />
            <TextField name="ods_code" label="Your organisation's ODS code"
                hint="For example VMB01. Your organisation's records or the ODS portal show it."
                error=server_message(result, "ods_code") width="10" />
            <button class="nhsuk-button" type="submit">"Send me a sign-in link"</button>
        </PostForm>
    }
}

/// The same answer for every address.
#[component]
pub fn LinkSent() -> impl IntoView {
    view! {
        <PageTitle text="Check your email" />
        <div class="nhsuk-panel" data-testid="link-sent">
            <h1 class="nhsuk-panel__title">"Check your email"</h1>
            <div class="nhsuk-panel__body">{format!("If this address can be used with RA Portal, we have sent it a sign-in link. The link works once, for {SIGN_IN_LINK_MINUTES} minutes.")}</div>
        </div>
        <p>"No email after a few minutes? Check your junk folder, then ask your Registration Authority whether your email domain is on the allow list."</p>
        <p><a href="/manager-access">"Ask for another link"</a></p>
    }
}

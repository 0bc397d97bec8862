use leptos::prelude::*;

use crate::{components::PageTitle, pages::allow_list::AddressCheck};

/// For a signed-in person whose CIS2 roles grant nothing here: what to do next.
#[component]
pub fn NoAccess() -> impl IntoView {
    view! {
        <PageTitle text="You do not have access" />
        <h1>"You do not have access to RA Portal"</h1>
        <p>"You signed in with CIS2, but none of your roles lets you use this service."</p>
        <p>"To use RA Portal you need one of:"</p>
        <ul class="nhsuk-list nhsuk-list--bullet">
            <li>"an RA manager (R5080) or RA agent (R5090) role, to manage registrations"</li>
            <li>"a sponsor position (activity B1300) at your organisation, to request registrations for your staff"</li>
            <li>"an auditor role, to review registrations"</li>
        </ul>
        <p>
            "If you chose a role when you signed in, sign out and sign in again choosing the role you use for registration work. Otherwise, ask your Registration Authority to give you the position you need."
        </p>
        <h2>"Can a member of staff use Microsoft Authenticator?"</h2>
        <p>"You can still check whether an email address's domain is on the CIS2 allow list."</p>
        <AddressCheck action="/no-access" link_entries=false />
        <form action="/auth/logout" method="post">
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Sign out"</button>
        </form>
    }
}

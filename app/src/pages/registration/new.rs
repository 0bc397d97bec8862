use leptos::prelude::*;
use ra_domain::allow_list::address_domain;
use ra_domain::organisation::named;

use crate::{
    api::{allow_list::check_address, organisation::my_organisations, registration::RaiseRequest},
    components::{
        ChoiceField, ErrorPanel, PageTitle, PostForm, Radios, TextField, opens, server_message,
    },
};

/// A manager asks for one member of staff to be registered.
#[component]
pub fn NewRequest() -> impl IntoView {
    let orgs = Resource::new(|| (), |_| my_organisations());
    view! {
        <PageTitle text="Request a registration" />
        <a class="nhsuk-back-link" href="/requests">"Back to requests"</a>
        <h1>"Request a Microsoft Authenticator registration"</h1>
        <p>"An RA officer reviews the request, meets the person to check their identity, and sends them a link to set up the app on their phone."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {Suspend::new(async move {
                let list = match orgs.await {
                    Ok(l) => l,
                    Err(e) => {
                        e.apply_status();
                        return view! { <ErrorPanel error=e /> }.into_any();
                    }
                };
                let organisations = list
                    .into_iter()
                    .flat_map(|o| {
                        let mut v = vec![(o.ods_code.clone(), named(&o.name, &o.ods_code))];
                        v.extend(o.sites.into_iter().map(|s| (s.ods_code.clone(), format!("{}, site", named(&s.name, &s.ods_code)))));
                        v
                    })
                    .collect();
                view! { <NewRequestForm organisations /> }.into_any()
            })}
        </Suspense>
    }
}

/// The email is checked as it is typed (its form, by the shared rules) and when the field
/// is left (the allow list, by the server); the server checks both again on submit.
/// `organisations` are the (code, name) of the organisations and sites the manager may
/// ask for.
#[island]
fn NewRequestForm(organisations: Vec<(String, String)>) -> impl IntoView {
    let result = opens::<RaiseRequest>(|id| Some(format!("/requests/{id}")));
    let email = RwSignal::new(String::new());
    // The allow-list answer for the address last left.
    let not_allowed = RwSignal::new(None::<String>);
    let check_left_email = move || {
        let e = email.get_untracked();
        if address_domain(&e).is_err() {
            return;
        }
        leptos::task::spawn_local(async move {
            let answer = check_address(e)
                .await
                .ok()
                .filter(|a| !a.allowed)
                .map(|a| a.message);
            not_allowed.set(answer);
        });
    };
    // A changed address has not been checked yet.
    Effect::new(move |_| {
        email.track();
        not_allowed.set(None);
    });
    let server_email = server_message(result, "email");
    let email_error = Signal::derive(move || {
        let typed = email.with(|e| {
            (!e.trim().is_empty())
                .then(|| address_domain(e).err())
                .flatten()
        });
        typed
            .or_else(|| not_allowed.get())
            .or_else(|| server_email.get())
    });
    view! {
        <PostForm answer=result>
            <TextField name="full_name" label="Full name" error=server_message(result, "full_name") width="20" />
            <div on:focusout=move |_| check_left_email()>
                <TextField name="email" label="Work email address"
                    hint="Its domain must be on the email-domain allow list"
                    value=email error=email_error width="30" />
            </div>
            <TextField name="job_role" label="Job role" hint="For example Senior carer"
                error=server_message(result, "job_role") width="20" />
            <ChoiceField name="ods_code" label="Organisation or site" options=organisations />
            <TextField name="phone" label="Phone number" input_type="tel"
                error=server_message(result, "phone") width="10" />
            <Radios name="phone_kind" legend="Whose phone is it?" inline=true
                options=vec![("personal", "Personal"), ("business", "Business")]
                error=server_message(result, "phone_kind") />
            <button class="nhsuk-button" type="submit">"Send request"</button>
        </PostForm>
    }
}

use leptos::prelude::*;
use ra_domain::organisation::named;

use crate::pages::RecordPage;
use crate::{
    api::organisation::{OrgRecord, SetHeadcount, get_organisation},
    components::{DateInput, PostForm, Saved, TextField, reload_saved, server_message},
};

/// Give an organisation's known headcount: the base of its "not started" and "percent
/// registered" figures.
#[component]
pub fn HeadcountPage() -> impl IntoView {
    let show = |org| view! { <Headcount org /> };
    let back = ("/organisation", "Back to your organisations");
    view! {
        <RecordPage title="Organisation headcount" back param="code"
            load=get_organisation show />
    }
}

#[component]
fn Headcount(org: OrgRecord) -> impl IntoView {
    let now = match &org.headcount {
        Some(h) => format!(
            "The portal knows of {} staff on {}, as {} gave it.",
            h.staff, h.as_of, h.given_by
        ),
        None => "No headcount has been given yet, so the portal cannot say how many staff have not started.".to_owned(),
    };
    view! {
        <h1>{format!("Headcount of {}", named(&org.name, &org.ods_code))}</h1>
        <Saved text="Headcount saved." />
        <p>{now}</p>
        <HeadcountForm ods_code=org.ods_code.clone() />
    }
}

/// The number and its date; the page loads again, saying so, once it is saved.
#[island]
fn HeadcountForm(ods_code: String) -> impl IntoView {
    let result = reload_saved::<SetHeadcount>();
    view! {
        <PostForm answer=result>
            <input type="hidden" name="ods_code" value=ods_code />
            <TextField name="headcount" label="Number of staff"
                hint="Everyone who will need to sign in with Microsoft Authenticator, including part-time and bank staff"
                error=server_message(result, "headcount") width="5" />
            <DateInput name="as_of" legend="Date this number was true" hint="For example, 1 11 2026"
                error=server_message(result, "as_of") />
            <button class="nhsuk-button" type="submit">"Save headcount"</button>
        </PostForm>
    }
}

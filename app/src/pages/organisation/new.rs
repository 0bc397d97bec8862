//! `/organisations/new`: an RA officer defines a group or records a site by hand. An
//! organisation ODS does not list gets a portal-local code, said so wherever it is shown.

use leptos::prelude::*;
use ra_domain::organisation::{ALL_COUNTRIES, ALL_KINDS, named};

use crate::{
    api::organisation::{AddOrganisation, AddedOrg},
    components::{
        Answer, PageTitle, PostForm, SelectField, TextField, query_param, server_message,
    },
};

#[component]
pub fn AddOrgPage() -> impl IntoView {
    // `?group=VNC01` (the link on a group's page) fills in the group.
    let group = query_param("group").unwrap_or_default();
    view! {
        <PageTitle text="Define a group or record a site" />
        <a class="nhsuk-back-link" href="/ra">"Back to RA home"</a>
        <h1>"Define a group or record a site"</h1>
        <AddOrgForm group />
    }
}

/// The form, and once it is saved what was added with where to go next; the form stays
/// for the next one.
#[island]
fn AddOrgForm(group: String) -> impl IntoView {
    let result = Answer::<AddOrganisation>::new();
    let group = RwSignal::new(group);
    let error = move |field| server_message(result, field);
    view! {
        {move || match result.get() {
            Some(Ok(added)) => Some(view! { <Added added /> }),
            _ => None,
        }}
        <p>"A group is an organisation that sites are under, such as a care provider and its homes. Groups are one level: a site of a group cannot have sites of its own."</p>
        <PostForm answer=result>
            <TextField name="name" label="Name" error=error("name") width="30" />
            <SelectField name="kind" label="Kind" none="Choose a kind" error=error("kind")
                options=ALL_KINDS.iter().map(|k| (k.as_str(), k.label())).collect() />
            <TextField name="group" label="Group it is a site of (optional)"
                hint="The group's ODS code or portal code, like VNC01 or LOC-00002. Leave this blank to define a group, or for an organisation on its own."
                value=group error=error("group") width="10" />
            <TextField name="ods_code" label="ODS code (optional)"
                hint="Leave this blank if ODS does not list it, as for a care home in Scotland: the portal gives it a portal code like LOC-00001, marked as a portal code wherever it is shown."
                error=error("ods_code") width="10" />
            <SelectField name="country" label="Country (optional)" none="Not given" error=error("country")
                options=ALL_COUNTRIES.iter().map(|c| (c.as_str(), c.label())).collect() />
            <TextField name="region" label="Region (optional)" hint="For example, Highland or South East"
                error=error("region") width="20" />
            <button class="nhsuk-button" type="submit">"Add organisation"</button>
        </PostForm>
    }
}

/// What was added, with where to go next.
#[component]
fn Added(added: AddedOrg) -> impl IntoView {
    let code = added.ods_code.clone();
    let what = named(&added.name, &code);
    let said = match (&added.group, added.local_code) {
        (Some(g), true) => format!(
            "{what} was added to {g}. ODS does not list it, so its code is the portal's own, not an ODS code."
        ),
        (Some(g), false) => format!("{what} was added to {g}."),
        (None, true) => format!("{what} was added. Its code is the portal's own, not an ODS code."),
        (None, false) => format!("{what} was added."),
    };
    let add_site = added.group.is_none().then(|| {
        view! {
            <li><a href=format!("/organisations/new?group={code}")>{format!("Add a site to {}", added.name)}</a></li>
        }
    });
    view! {
        <div class="nhsuk-inset-text" role="status" data-testid="added">
            <p>{said}</p>
            <ul class="nhsuk-list">
                <li><a href=format!("/adoption/{code}")>{format!("See the rollout at {}", added.name)}</a></li>
                {add_site}
            </ul>
        </div>
    }
}

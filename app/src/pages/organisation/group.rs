//! `/organisation/{code}/group`: an RA officer moves a site to another group, or out of
//! its group.

use leptos::prelude::*;
use ra_domain::organisation::named;

use crate::{
    api::organisation::{MoveSite, OrgRecord, get_organisation},
    components::{PostForm, Saved, TextField, reload_saved, server_message},
    pages::RecordPage,
};

#[component]
pub fn MoveSitePage() -> impl IntoView {
    let show = |org| view! { <Move org /> };
    let back = ("/adoption", "Back to adoption");
    view! {
        <RecordPage title="Move a site to another group" back param="code"
            load=get_organisation show />
    }
}

#[component]
fn Move(org: OrgRecord) -> impl IntoView {
    let me = named(&org.name, &org.ods_code);
    let now = match &org.group {
        Some(g) => format!("{me} is a site of {g}."),
        None => format!("{me} is not in a group."),
    };
    let rollout = format!("/adoption/{}", org.ods_code);
    view! {
        <h1>{format!("Move {me}")}</h1>
        <Saved text="Moved." />
        <p data-testid="current-group">{now}</p>
        <p>"From the move on, its figures count under its new group, and that group's managers see it; its old group's managers no longer do. Its requests stay where they are."</p>
        <MoveForm ods_code=org.ods_code.clone() />
        <p><a href=rollout>{format!("See the rollout at {}", org.name)}</a></p>
    }
}

/// The new group; the page loads again, saying so, once the site has moved.
#[island]
fn MoveForm(ods_code: String) -> impl IntoView {
    let result = reload_saved::<MoveSite>();
    view! {
        <PostForm answer=result>
            <input type="hidden" name="ods_code" value=ods_code />
            <TextField name="group" label="New group"
                hint="The group's ODS code or portal code, like VNC01 or LOC-00002. Leave this blank to take it out of its group."
                error=server_message(result, "group") width="10" />
            <button class="nhsuk-button" type="submit">"Move site"</button>
        </PostForm>
    }
}

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::{
    api::allow_list::{Impact, TakeStep, withdraw_impact},
    components::{PageTitle, PostForm, TextArea, WarningCallout, opens, server_message},
};

/// Suspending or removing a domain: first what it affects, then the reason.
#[component]
pub fn Withdraw() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let impact = OnceResource::new(withdraw_impact(id.clone()));
    view! {
        <PageTitle text="Suspend or remove a domain" />
        <a class="nhsuk-back-link" href=format!("/allow-list/{id}")>"Back to the entry"</a>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {Suspend::new(async move {
                crate::pages::or_error(impact.await, |i| view! { <WithdrawImpact id impact=i /> })
            })}
        </Suspense>
    }
}

#[component]
fn WithdrawImpact(id: String, impact: Impact) -> impl IntoView {
    let people = match impact.people {
        0 => "No one the portal knows has an email address under it.".to_owned(),
        1 => "1 person the portal knows has an email address under it.".to_owned(),
        n => format!("{n} people the portal knows have email addresses under it."),
    };
    let scope = if impact.covers_subdomains {
        format!("{} and its subdomains", impact.domain)
    } else {
        impact.domain.clone()
    };
    let can_suspend = impact.status == ra_domain::allow_list::EntryStatus::Active;
    view! {
        <h1>{format!("Suspend or remove {}", impact.domain)}</h1>
        <WarningCallout label="What this affects" testid="impact">
            <p>{format!("Addresses at {scope} will no longer pass the allow-list check, and no new registration requests can use them. Open requests stay open for an RA officer to review; devices already registered are not removed.")}</p>
            <p data-testid="impact-people">{people}</p>
            <p data-testid="impact-requests">{format!(
                "Open registration requests using it: {}. Registered devices of people using it: {}.",
                impact.open_requests, impact.devices
            )}</p>
            <p>"Nothing is deleted: the entry and its history stay, and an RA officer can see why it was taken off."</p>
        </WarningCallout>
        <WithdrawForm id can_suspend />
    }
}

/// The choice and its reason; the entry's page opens once it is made.
#[island]
fn WithdrawForm(id: String, can_suspend: bool) -> impl IntoView {
    let entry = format!("/allow-list/{id}");
    let result = opens::<TakeStep>(move |_| Some(entry.clone()));
    view! {
        <PostForm answer=result>
            <input type="hidden" name="id" value=id />
            <div class="nhsuk-form-group">
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"What do you want to do?"</legend>
                    <div class="nhsuk-radios">
                        {can_suspend.then(|| view! {
                            <div class="nhsuk-radios__item">
                                <input class="nhsuk-radios__input" id="action-suspend" name="action" type="radio" value="suspend" checked />
                                <label class="nhsuk-label nhsuk-radios__label" for="action-suspend">"Suspend for now"</label>
                            </div>
                        })}
                        <div class="nhsuk-radios__item">
                            <input class="nhsuk-radios__input" id="action-remove" name="action" type="radio" value="remove" checked=!can_suspend />
                            <label class="nhsuk-label nhsuk-radios__label" for="action-remove">"Remove from the list"</label>
                        </div>
                    </div>
                </fieldset>
            </div>
            <TextArea name="reason" label="Reason" hint="Recorded in the audit trail" error=server_message(result, "reason") />
            <button class="nhsuk-button nhsuk-button--warning" type="submit">"Confirm"</button>
        </PostForm>
    }
}

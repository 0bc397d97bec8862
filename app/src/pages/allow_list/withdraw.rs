use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::{
    api::allow_list::{Impact, TakeStep, withdraw_impact},
    components::{ErrorSummary, PageTitle, TextArea, WarningCallout, server_message},
};

/// Suspending or removing a domain: first what it affects, then the reason.
#[component]
pub fn Withdraw() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let impact = Resource::new(id, withdraw_impact);
    let step = ServerAction::<TakeStep>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = step.value().get() {
            navigate(&format!("/allow-list/{}", id()), Default::default());
        }
    });
    view! {
        <PageTitle text="Suspend or remove a domain" />
        <a class="nhsuk-back-link" href=move || format!("/allow-list/{}", id())>"Back to the entry"</a>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                crate::pages::or_error(impact.await, |i| view! { <WithdrawForm id=id() impact=i step /> })
            })}
        </Suspense>
    }
}

#[component]
fn WithdrawForm(id: String, impact: Impact, step: ServerAction<TakeStep>) -> impl IntoView {
    let result = Signal::derive(move || step.value().get());
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
        <ErrorSummary result />
        <ActionForm action=step>
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
        </ActionForm>
    }
}

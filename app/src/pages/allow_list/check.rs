//! "Check an email address" against the allow list: a GET form, so the answer has a link.
//! On the list page, and on the no-access page (a person with no portal role may still
//! check an address, but not read the entries).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    api::allow_list::{CheckAnswer, check_address},
    components::ErrorPanel,
};

/// The form, and the answer for `?check=` on the page at `action`.
#[component]
pub fn AddressCheck(action: &'static str, link_entries: bool) -> impl IntoView {
    let query = use_query_map();
    let address = move || query.with(|q| q.get("check")).filter(|v| !v.is_empty());
    let checked = Resource::new(address, |address| async move {
        match address {
            Some(a) => check_address(a).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <CheckForm action value=address().unwrap_or_default() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match checked.await {
                    Ok(Some(answer)) => Some(view! { <CheckResult answer link_entries /> }.into_any()),
                    Ok(None) => None,
                    Err(e) => Some(view! { <ErrorPanel error=e /> }.into_any()),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CheckForm(action: &'static str, value: String) -> impl IntoView {
    view! {
        <form method="get" action=action class="nhsuk-u-margin-bottom-5" role="search" aria-label="Address check">
            <div class="nhsuk-form-group">
                <label class="nhsuk-label nhsuk-label--m" for="check">"Check an email address"</label>
                <div class="nhsuk-hint" id="check-hint">"For example, carer@meadowbank-care.org.uk"</div>
                <input class="nhsuk-input nhsuk-input--width-30" id="check" name="check" type="text"
                    autocomplete="off" spellcheck="false" aria-describedby="check-hint" value=value />
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Check address"</button>
        </form>
    }
}

#[component]
fn CheckResult(answer: CheckAnswer, link_entries: bool) -> impl IntoView {
    let (class, heading) = if answer.allowed {
        (
            "nhsuk-card nhsuk-card--feedback ra-check ra-check--allowed",
            "Allowed",
        )
    } else {
        (
            "nhsuk-card nhsuk-card--feedback ra-check ra-check--refused",
            "Not allowed",
        )
    };
    view! {
        <div class=class data-testid="check-result" role="status">
            <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading">{heading}</h3>
                <p class="nhsuk-card__description">{answer.message}</p>
                {answer.entry_id.filter(|_| link_entries).map(|id| view! {
                    <p><a href=format!("/allow-list/{id}")>"See the entry"</a></p>
                })}
            </div>
        </div>
    }
}

//! `/access-review/{id}`: an RA manager confirms or withdraws one manager's access in the
//! open review, with a reason.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    AppError,
    api::access_review::{DecideAccessReview, ItemView, get_access_review},
    components::{PostForm, Radios, TextArea, opens, server_message},
    pages::RecordPage,
};

/// One access of the open review, with the review it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToDecide {
    review: String,
    item: ItemView,
}

async fn load(access: String) -> Result<ToDecide, AppError> {
    let page = get_access_review().await?;
    let review = page.open.ok_or(AppError::NotFound)?;
    let item = review
        .items
        .into_iter()
        .find(|i| i.access_id == access && i.decided.is_none())
        .ok_or(AppError::NotFound)?;
    Ok(ToDecide {
        review: review.id,
        item,
    })
}

#[component]
pub fn DecideAccessPage() -> impl IntoView {
    let show = |d| view! { <Decide decide=d /> };
    view! {
        <RecordPage title="Certify an access" back=("/access-review", "Back to the access review") load show />
    }
}

#[component]
fn Decide(decide: ToDecide) -> impl IntoView {
    let i = decide.item;
    view! {
        <h1>{format!("Certify {}'s access", i.name)}</h1>
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Manager"</dt>
                <dd class="nhsuk-summary-list__value">{format!("{} ({})", i.name, i.email)}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Organisation"</dt>
                <dd class="nhsuk-summary-list__value">{i.org}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Worth knowing"</dt>
                <dd class="nhsuk-summary-list__value" data-testid="hints">{i.hints.join(". ")}</dd>
            </div>
        </dl>
        <DecideForm review=decide.review access=i.access_id />
    }
}

/// The decision and its reason; the review's page opens once it is recorded.
#[island]
fn DecideForm(review: String, access: String) -> impl IntoView {
    let result = opens::<DecideAccessReview>(|_| Some("/access-review".to_owned()));
    view! {
        <PostForm answer=result>
            <input type="hidden" name="review" value=review />
            <input type="hidden" name="access" value=access />
            <Radios name="decision" legend="Does this manager still need access?"
                options=vec![("confirm", "Yes: confirm the access"), ("revoke", "No: withdraw it")]
                error=server_message(result, "decision") />
            <TextArea name="reason" label="Reason" hint="Recorded in the audit trail" error=server_message(result, "reason") />
            <button class="nhsuk-button" type="submit">"Record the decision"</button>
        </PostForm>
    }
}

//! `/access-review`: when the review is due, the open review's accesses with what might
//! make an RA manager withdraw each, and the reviews done before.

use leptos::prelude::*;

use crate::{
    api::access_review::{ReviewPage, StartAccessReview, get_access_review},
    components::{PageTitle, PostForm, TableHead, WarningCallout, reload},
};

#[component]
pub fn AccessReviewPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| get_access_review());
    view! {
        <PageTitle text="Access review" />
        <h1>"Access review"</h1>
        <p>"Every access the portal grants beyond CIS2's roles — managers approved to sign in by email link — is certified by an RA manager at each review: confirmed, or withdrawn, with a reason. Withdrawing ends the manager's sessions and tells them."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {Suspend::new(async move {
                crate::pages::or_error(page.await, move |p| view! { <Review page=p /> })
            })}
        </Suspense>
    }
}

#[component]
fn Review(page: ReviewPage) -> impl IntoView {
    let status = match (&page.open, page.due.clone(), page.overdue) {
        (Some(r), _, _) => {
            let text = format!("A review was started on {} by {}.", r.started, r.started_by);
            view! { <p data-testid="review-status">{text}</p> }.into_any()
        }
        (None, Some(due), true) => {
            let text = format!(
                "The access review was due on {due}. {} accesses are waiting to be certified.",
                page.accesses
            );
            view! {
                <WarningCallout label="Review overdue" testid="review-overdue">
                    <p>{text}</p>
                </WarningCallout>
            }
            .into_any()
        }
        (None, Some(due), false) => {
            let text = format!("The next review is due on {due}.");
            view! { <p data-testid="review-status">{text}</p> }.into_any()
        }
        (None, None, _) => view! { <p data-testid="review-status">"No access is granted beyond CIS2's roles, so there is nothing to review."</p> }.into_any(),
    };
    let can_start = page.can_decide && page.open.is_none() && page.accesses > 0;
    let can_decide = page.can_decide;
    view! {
        {status}
        {can_start.then(|| view! { <StartForm /> })}
        {page.open.map(|r| view! {
            <h2>"Accesses in this review"</h2>
            <table class="nhsuk-table" data-testid="review-items">
                <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Accesses to certify"</caption>
                <TableHead columns=&["Manager", "Organisation", "Worth knowing", "Decision"] />
                <tbody class="nhsuk-table__body">
                    {r.items.into_iter().map(|i| {
                        let decision = match (i.decided, can_decide) {
                            (Some(d), _) => view! { {d} }.into_any(),
                            (None, true) => view! {
                                <a href=format!("/access-review/{}", i.access_id)>
                                    "Decide"<span class="nhsuk-u-visually-hidden">{format!(" about {}", i.name)}</span>
                                </a>
                            }.into_any(),
                            (None, false) => view! { "Waiting for an RA manager" }.into_any(),
                        };
                        view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{i.name}<br />{i.email}</td>
                                <td class="nhsuk-table__cell">{i.org}</td>
                                <td class="nhsuk-table__cell">{i.hints.join(". ")}</td>
                                <td class="nhsuk-table__cell">{decision}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <h2>"Reviews done"</h2>
        {if page.past.is_empty() {
            view! { <p>"No review has been completed yet."</p> }.into_any()
        } else {
            view! {
                <table class="nhsuk-table" data-testid="past-reviews">
                    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Completed reviews, newest first"</caption>
                    <TableHead columns=&["Started", "By", "Completed", "Confirmed", "Withdrawn"] />
                    <tbody class="nhsuk-table__body">
                        {page.past.into_iter().map(|p| view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{p.started}</td>
                                <td class="nhsuk-table__cell">{p.started_by}</td>
                                <td class="nhsuk-table__cell">{p.completed.unwrap_or_default()}</td>
                                <td class="nhsuk-table__cell">{p.confirmed.to_string()}</td>
                                <td class="nhsuk-table__cell">{p.revoked.to_string()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

/// Starts the review; the page loads again to list its accesses.
#[island]
fn StartForm() -> impl IntoView {
    let result = reload::<StartAccessReview>();
    view! {
        <PostForm answer=result>
            <button class="nhsuk-button" type="submit">"Start the review"</button>
        </PostForm>
    }
}

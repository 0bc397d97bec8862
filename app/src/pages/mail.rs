use leptos::prelude::*;

use crate::{
    api::outbox::{MailNotSent, undelivered_mail},
    components::{PageTitle, TableHead},
};

/// RA officers see email that has not been delivered: waiting to retry, or given up.
#[component]
pub fn Undelivered() -> impl IntoView {
    let mail = Resource::new(|| (), |_| undelivered_mail());
    view! {
        <PageTitle text="Email not delivered" />
        <h1>"Email not delivered"</h1>
        <p>"Email waits in the outbox while the mail server cannot be reached, and is retried for about four hours. Failed email is not retried: contact the person another way."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                crate::pages::or_error(mail.await, |list: Vec<MailNotSent>| {
                    if list.is_empty() {
                        return view! { <p data-testid="all-delivered">"All email has been delivered."</p> }.into_any();
                    }
                    view! {
                        <table class="nhsuk-table" data-testid="undelivered">
                            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Email not yet delivered, oldest first"</caption>
                            <TableHead columns=&["Written", "To", "Subject", "Status"] />
                            <tbody class="nhsuk-table__body">
                                {list.into_iter().map(|m| view! {
                                    <tr class="nhsuk-table__row">
                                        <td class="nhsuk-table__cell">{m.created}</td>
                                        <td class="nhsuk-table__cell">{m.to}</td>
                                        <td class="nhsuk-table__cell">{m.subject}</td>
                                        <td class="nhsuk-table__cell">{format!(
                                            "{} after {} attempt{}{}",
                                            if m.status == "failed" { "Failed" } else { "Retrying" },
                                            m.attempts,
                                            if m.attempts == 1 { "" } else { "s" },
                                            m.last_error.map(|e| format!(": {e}")).unwrap_or_default()
                                        )}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

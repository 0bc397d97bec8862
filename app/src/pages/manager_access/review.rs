use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use ra_domain::manager_access::{AccessDecision, AccessStatus};

use super::AccessTag;
use crate::{
    api::manager_access::{
        AccessList, AccessView, DecideManagerAccess, get_manager_access, list_manager_access,
    },
    components::{
        PageTitle, PostForm, TableHead, TextArea, TextField, WarningCallout, reload, server_message,
    },
    pages::RecordPage,
};

/// RA officers' list of managers' accesses, pending first.
#[component]
pub fn AccessRequests() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status"));
    let list = Resource::new(status, list_manager_access);
    view! {
        <PageTitle text="Managers without a Care Identity" />
            <h1>"Managers without a Care Identity"</h1>
            <p>"Managers who proved their work email by a sign-in link and ask to raise registration requests for one organisation. Approve them only once you know they manage it."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    crate::pages::or_error(list.await, |l| view! { <List list=l /> })
                })}
            </Suspense>
    }
}

#[component]
fn List(list: AccessList) -> impl IntoView {
    let tabs = list
        .counts
        .iter()
        .map(|(s, n)| {
            let text = format!("{} ({n})", s.label());
            let href = format!("/ra/managers?status={}", s.as_str());
            if *s == list.status {
                view! { <li><strong aria-current="page">{text}</strong></li> }.into_any()
            } else {
                view! { <li><a href=href>{text}</a></li> }.into_any()
            }
        })
        .collect_view();
    let shown = list.items.len() as i64;
    let body = if list.items.is_empty() {
        view! { <p data-testid="no-managers">"None."</p> }.into_any()
    } else {
        view! {
            <table class="nhsuk-table" data-testid="managers">
                <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{format!("{}, oldest first", list.status.label())}</caption>
                <TableHead columns=&["Manager", "Organisation", "Asked", "Email domain"] />
                <tbody class="nhsuk-table__body">
                    {list.items.into_iter().map(|a| view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell"><a href=format!("/ra/managers/{}", a.id)>{a.full_name}</a><br />{a.email}</td>
                            <td class="nhsuk-table__cell">{org_text(&a.org_name, &a.ods_code)}</td>
                            <td class="nhsuk-table__cell">{a.requested_on}</td>
                            <td class="nhsuk-table__cell">{if a.domain_allowed { "On the allow list" } else { "Not allowed" }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <nav class="ra-tabs" aria-label="Managers by status"><ul>{tabs}</ul></nav>
        {body}
        {(list.total > shown).then(|| view! { <p>{format!("Showing the oldest {shown} of {}.", list.total)}</p> })}
    }
}

fn org_text(name: &Option<String>, code: &str) -> String {
    match name {
        Some(n) => ra_domain::organisation::named(n, code),
        None => format!("{code} (not yet known to the portal)"),
    }
}

/// One manager's access, with the decisions an RA officer can take.
#[component]
pub fn AccessPage() -> impl IntoView {
    let show = |a| view! { <Access access=a /> };
    let back = ("/ra/managers", "Back to managers");
    view! {
        <RecordPage title="Manager access" back load=get_manager_access show />
    }
}

#[component]
fn Access(access: AccessView) -> impl IntoView {
    let row = |key: &'static str, value: String| {
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{key}</dt>
                <dd class="nhsuk-summary-list__value">{value}</dd>
            </div>
        }
    };
    let forms = access
        .decisions
        .iter()
        .map(|d| {
            view! { <DecisionForm id=access.id.clone() decision=*d org_known=access.org_name.is_some() ods=access.ods_code.clone() /> }
        })
        .collect_view();
    view! {
        <h1>{access.full_name.clone()}</h1>
        <dl class="nhsuk-summary-list" data-testid="access-summary">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Status"</dt>
                <dd class="nhsuk-summary-list__value" data-testid="access-status"><AccessTag status=access.status /></dd>
            </div>
            {row("Work email", access.email.clone())}
            {row("Organisation", org_text(&access.org_name, &access.ods_code))}
            {row("Email domain", access.domain_check.clone())}
            {row("Asked", access.requested_on.clone())}
            {access.decided.clone().map(|d| row("Decision", d))}
            {access.reason.clone().map(|r| row("Reason given", r))}
        </dl>
        {access.domain_note.clone().map(|n| view! {
            <WarningCallout label="Check the organisation" testid="domain-note">
                <p>{n}</p>
            </WarningCallout>
        })}
        {(access.status == AccessStatus::Pending).then(|| view! {
            <p>"Before approving, confirm with the organisation (for example by phone, from its published number) that this person manages it. Approved, they can raise and follow registration requests for this organisation only."</p>
        })}
        {forms}
    }
}

/// One decision's form; the page loads again once it is taken.
#[island]
fn DecisionForm(
    id: String,
    decision: AccessDecision,
    org_known: bool,
    ods: String,
) -> impl IntoView {
    let result = reload::<DecideManagerAccess>();
    let (fields, button, class) = match decision {
        AccessDecision::Approve => (
            (!org_known)
                .then(|| view! {
                    <TextField name="org_name" label=format!("Name of the organisation {ods}")
                        hint="The portal has not met this organisation yet"
                        error=server_message(result, "org_name") width="30" />
                })
                .into_any(),
            "Approve as manager",
            "nhsuk-button",
        ),
        AccessDecision::Reject => (
            view! { <TextArea name="reason" label="Reason for not approving" hint="The manager will see it" error=server_message(result, "reason") /> }.into_any(),
            "Do not approve",
            "nhsuk-button nhsuk-button--warning",
        ),
        AccessDecision::Revoke => (
            view! { <TextArea name="reason" label="Reason for withdrawing access" hint="The manager will see it; they are signed out at once" error=server_message(result, "reason") /> }.into_any(),
            "Withdraw access",
            "nhsuk-button nhsuk-button--warning",
        ),
    };
    view! {
        <PostForm answer=result attr:data-decision=decision.as_str()>
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="decision" value=decision.as_str() />
            {fields}
            <button class=class type="submit">{button}</button>
        </PostForm>
    }
}

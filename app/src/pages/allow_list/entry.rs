use leptos::prelude::*;
use ra_domain::allow_list::ActionKind;
use ra_domain::organisation::{code_label, named};

use super::{StatusTag, waiting_text};
use crate::{
    api::allow_list::{EntryDetail, EntryRecords, TakeStep, get_entry},
    components::{PostForm, TextArea, TextField, reload, server_message},
    pages::RecordPage,
};

/// One entry: what it is, where it stands, what an RA officer can do next, and its
/// history for those allowed to read it.
#[component]
pub fn EntryPage() -> impl IntoView {
    let show = |detail| view! { <Entry detail /> };
    let back = ("/allow-list", "Back to the allow list");
    view! {
        <RecordPage title="Allow-list entry" back load=get_entry show />
    }
}

#[component]
fn Entry(detail: EntryDetail) -> impl IntoView {
    let s = detail.summary;
    let heading = s.domain_display.clone();
    let ascii = (s.domain_display != s.domain).then(|| s.domain.clone());
    let org = match &s.org_name {
        Some(n) => named(n, &s.ods_code),
        None => code_label(&s.ods_code),
    };
    let source = match detail.source.as_str() {
        "request" => "Requested by an organisation manager",
        "import" => "Imported from a CSV file",
        _ => "Added by an RA officer",
    };
    let waiting = waiting_text(s.days_waiting, s.overdue);
    let id = s.id.clone();
    let actions = detail.actions.clone();
    let today = detail.today.clone();
    view! {
        <h1>{heading}</h1>
        <dl class="nhsuk-summary-list" data-testid="entry-summary">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Status"</dt>
                <dd class="nhsuk-summary-list__value" data-testid="entry-status">
                    <StatusTag status=s.status overdue=s.overdue />
                    {waiting.map(|w| format!(" {w}"))}
                </dd>
            </div>
            {ascii.map(|a| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"As listed on CIS2"</dt>
                    <dd class="nhsuk-summary-list__value">{a}</dd>
                </div>
            })}
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Organisation"</dt>
                <dd class="nhsuk-summary-list__value">{org}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Subdomains"</dt>
                <dd class="nhsuk-summary-list__value">
                    {if s.covers_subdomains { "Included" } else { "Not included" }}
                </dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Source"</dt>
                <dd class="nhsuk-summary-list__value">{source}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Last change"</dt>
                <dd class="nhsuk-summary-list__value">{s.status_changed_on.clone()}</dd>
            </div>
        </dl>
        {detail.records.map(|r| view! { <Records records=r /> })}
        {(!actions.is_empty()).then(|| view! { <Actions id actions today /> })}
    }
}

#[component]
fn Records(records: EntryRecords) -> impl IntoView {
    let row = |key: &'static str, value: Option<String>| {
        value.filter(|v| !v.is_empty()).map(|v| {
            view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{key}</dt>
                    <dd class="nhsuk-summary-list__value">{v}</dd>
                </div>
            }
        })
    };
    let added = match &records.created_by {
        Some(who) => format!("{} by {who}", records.created_on),
        None => records.created_on.clone(),
    };
    view! {
        <h2>"Details"</h2>
        <dl class="nhsuk-summary-list">
            {row("Added", Some(added))}
            {row("Reason or note", Some(records.reason.clone()))}
            {records.evidence_url.clone().map(|url| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Organisation's website"</dt>
                    <dd class="nhsuk-summary-list__value"><a href=url.clone() rel="noreferrer noopener external">{url.clone()}</a></dd>
                </div>
            })}
            {row("Submitted to NHS England", records.submitted_on.clone())}
            {row("NHS England reference", records.nhse_reference.clone())}
            {row("Latest reason given", records.status_reason.clone())}
        </dl>
        <h2>"History"</h2>
        <table class="nhsuk-table" data-testid="entry-history">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Every change to this entry, oldest first"</caption>
            <thead class="nhsuk-table__head">
                <tr>
                    <th scope="col" class="nhsuk-table__header">"When"</th>
                    <th scope="col" class="nhsuk-table__header">"Who"</th>
                    <th scope="col" class="nhsuk-table__header">"What"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {records
                    .history
                    .into_iter()
                    .map(|h| view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">{h.when}</td>
                            <td class="nhsuk-table__cell">{h.who}</td>
                            <td class="nhsuk-table__cell">{h.what}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The steps an RA officer can take from here. Suspend and remove go through the impact
/// preview page first.
#[component]
fn Actions(id: String, actions: Vec<ActionKind>, today: String) -> impl IntoView {
    let withdraw = actions
        .iter()
        .any(|a| matches!(a, ActionKind::Suspend | ActionKind::Remove))
        .then(|| {
            view! {
                <p>
                    <a class="nhsuk-button nhsuk-button--warning" href=format!("/allow-list/{id}/withdraw")>
                        "Suspend or remove"
                    </a>
                </p>
            }
        });
    let forms = actions
        .into_iter()
        .filter(|a| !matches!(a, ActionKind::Suspend | ActionKind::Remove))
        .map(|a| view! { <StepForm id=id.clone() kind=a today=today.clone() /> })
        .collect_view();
    view! {
        <h2>"Next step"</h2>
        {forms}
        {withdraw}
    }
}

/// One step's form; the page loads again once it is taken.
#[island]
fn StepForm(id: String, kind: ActionKind, today: String) -> impl IntoView {
    let result = reload::<TakeStep>();
    let fields = match kind {
        ActionKind::Submit => view! {
            <TextField name="submitted_on" label="Date submitted to NHS England" input_type="date"
                value=RwSignal::new(today)
                error=server_message(result, "submitted_on") width="10" />
            <TextField name="reference" label="NHS England's reference" error=server_message(result, "reference") width="10" />
        }
        .into_any(),
        ActionKind::Reject => view! {
            <TextArea name="reason" label="Reason for rejecting"
                hint="If NHS England rejected it, give their reason. The requester will see it."
                error=server_message(result, "reason") />
        }
        .into_any(),
        ActionKind::Reinstate => view! {
            <TextArea name="reason" label="Reason for reinstating" error=server_message(result, "reason") />
        }
        .into_any(),
        _ => ().into_any(),
    };
    let button_class = if kind == ActionKind::Reject {
        "nhsuk-button nhsuk-button--warning"
    } else {
        "nhsuk-button"
    };
    view! {
        <PostForm answer=result attr:class="ra-step" attr:data-step=kind.as_str()>
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="action" value=kind.as_str() />
            {fields}
            <button class=button_class type="submit">{kind.label()}</button>
        </PostForm>
    }
}

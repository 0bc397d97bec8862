use leptos::prelude::*;
use ra_domain::organisation::{code_label, named};
use ra_domain::registration::{Action, identity::ALL_DOCUMENTS};

use super::StateTag;
use crate::{
    api::registration::{RequestDetail, RequestStep, get_request},
    components::{PostForm, Radios, TextArea, TextField, WarningCallout, reload, server_message},
    pages::RecordPage,
};

/// One request: who, where it stands, its timeline and the steps the caller may take.
#[component]
pub fn RequestPage() -> impl IntoView {
    let show = |detail| view! { <Request detail /> };
    let back = ("/requests", "Back to requests");
    view! {
        <RecordPage title="Registration request" back load=get_request show />
    }
}

#[component]
fn Request(detail: RequestDetail) -> impl IntoView {
    let s = detail.summary.clone();
    let org = match &s.org_name {
        Some(n) => named(n, &s.ods_code),
        None => code_label(&s.ods_code),
    };
    let row = |key: &'static str, value: String| {
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{key}</dt>
                <dd class="nhsuk-summary-list__value">{value}</dd>
            </div>
        }
    };
    let id = s.id.clone();
    view! {
        <h1>{s.person_name.clone()}</h1>
        {s.flag.clone().map(|f| view! {
            <WarningCallout label="Needs review" testid="review-flag">
                <p>{f}</p>
            </WarningCallout>
        })}
        {detail.locked_by_other.clone().map(|m| view! {
            <div class="nhsuk-inset-text" data-testid="locked"><p>{m}</p></div>
        })}
        <dl class="nhsuk-summary-list" data-testid="request-summary">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Status"</dt>
                <dd class="nhsuk-summary-list__value" data-testid="request-state"><StateTag state=s.state /></dd>
            </div>
            {row("Email", s.email.clone())}
            {row("Job role", s.job_role.clone())}
            {row("Organisation", org)}
            {row("Phone", format!("{} ({})", detail.phone, detail.phone_kind))}
            {row("Requested", format!("{} by {}", s.requested_on, s.requested_by.clone().unwrap_or_default()))}
            {detail.meeting.clone().map(|m| row("Meeting", m))}
            {(!detail.identity_documents.is_empty()).then(|| row("Documents checked", detail.identity_documents.join(", ")))}
            {detail.decision_reason.clone().map(|r| row("Reason given", r))}
        </dl>
        {(!detail.actions.is_empty()).then(|| view! {
            <h2>"Next step"</h2>
            {detail.actions.iter().map(|a| view! { <StepForm id=id.clone() action=*a /> }).collect_view()}
        })}
        {(!detail.devices.is_empty()).then(|| view! {
            <h2>"Devices"</h2>
            <ul class="nhsuk-list nhsuk-list--bullet" data-testid="devices">
                {detail.devices.iter().map(|d| view! {
                    <li>{match &d.removed {
                        Some(r) => format!("{}, registered {}. {r}", d.kind, d.registered),
                        None => format!("{}, registered {}", d.kind, d.registered),
                    }}</li>
                }).collect_view()}
            </ul>
        })}
        <h2>"Timeline"</h2>
        <table class="nhsuk-table" data-testid="request-timeline">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Every step of this request, oldest first"</caption>
            <thead class="nhsuk-table__head">
                <tr>
                    <th scope="col" class="nhsuk-table__header">"When"</th>
                    <th scope="col" class="nhsuk-table__header">"Who"</th>
                    <th scope="col" class="nhsuk-table__header">"What"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {detail.timeline.into_iter().map(|t| view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell">{t.when}</td>
                        <td class="nhsuk-table__cell">{t.who}</td>
                        <td class="nhsuk-table__cell">{t.what}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn button_text(a: Action) -> &'static str {
    match a {
        Action::StartReview => "Start review",
        Action::ReleaseReview => "Stop reviewing",
        Action::Approve => "Approve",
        Action::Reject => "Reject",
        Action::BookMeeting => "Book meeting",
        Action::RecordIdentity => "Record identity check",
        Action::SendLink => "Send enrolment link",
        Action::ResendLink => "Send a new link",
        Action::ExpireLink => "Expire link",
        Action::Enrol => "Enrol",
        Action::Cancel => "Cancel request",
        Action::RemoveDevice => "Remove device",
        Action::CloseAccess => "Close access",
    }
}

/// One step's form; the page loads again once it is taken.
#[island]
fn StepForm(id: String, action: Action) -> impl IntoView {
    let result = reload::<RequestStep>();
    let warning = matches!(
        action,
        Action::Reject | Action::Cancel | Action::CloseAccess
    );
    let doc_select = |n: u8| {
        let name = format!("document_{n}");
        view! {
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for=name.clone()>{format!("Document {n}")}</label>
                <select class="nhsuk-select" id=name.clone() name=name>
                    <option value="">"Choose a document"</option>
                    {ALL_DOCUMENTS.into_iter().map(|d| view! { <option value=d.as_str()>{d.label()}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    let fields = match action {
        Action::Reject => view! {
            <TextArea name="reason" label="Reason for rejecting" hint="The requester will see it" error=server_message(result, "reason") />
        }
        .into_any(),
        Action::CloseAccess => view! {
            <TextArea name="reason" label="Reason for closing access" error=server_message(result, "reason") />
        }
        .into_any(),
        Action::BookMeeting => view! {
            <TextField name="meeting_at" label="Date and time (UTC)" input_type="datetime-local"
                error=server_message(result, "meeting_at") width="20" />
            <Radios name="meeting_mode" legend="How will you meet?" inline=true
                options=vec![("video", "Video call"), ("face_to_face", "Face to face")]
                error=server_message(result, "meeting_mode") />
        }
        .into_any(),
        Action::RecordIdentity => view! {
            <p>"Record the three documents you saw: one photo ID, one proof of address and one more. Record their types only; never copy or photograph them."</p>
            {doc_select(1)}
            {doc_select(2)}
            {doc_select(3)}
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <PostForm answer=result attr:class="ra-step" attr:data-step=action.as_str()>
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="action" value=action.as_str() />
            {fields}
            <button class=if warning { "nhsuk-button nhsuk-button--warning" } else { "nhsuk-button" } type="submit">
                {button_text(action)}
            </button>
        </PostForm>
    }
}

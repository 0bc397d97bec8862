use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use ra_domain::{csv_file::FileError, registration::bulk::COLUMNS};

use crate::{
    api::registration::{BulkPreview, CommitBulk, preview_bulk},
    components::{BULK_REQUESTS_UPLOAD, ErrorSummary, PageTitle, UploadForm},
};

/// A manager uploads a CSV of staff for a rollout (a plain multipart form).
#[component]
pub fn BulkUpload() -> impl IntoView {
    let query = use_query_map();
    let error = move || {
        query
            .with(|q| q.get("error"))
            .and_then(|code| FileError::message_for_code(&code, &COLUMNS))
    };
    view! {
        <PageTitle text="Request registrations in bulk" />
        <a class="nhsuk-back-link" href="/requests">"Back to requests"</a>
        <h1>"Request registrations from a CSV file"</h1>
        <p>"The first row names the columns: full_name, email, job_role, ods_code, phone, phone_kind (personal or business). Up to 10,000 people and 5 MB, saved as CSV UTF-8."</p>
        <p>"You will see what happens to each row before anything is sent; then every request is raised, or none."</p>
        <UploadForm action=BULK_REQUESTS_UPLOAD error=Signal::derive(error) />
    }
}

#[component]
pub fn BulkPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let commit = ServerAction::<CommitBulk>::new();
    let preview = Resource::new(
        move || (id(), commit.version().get()),
        |(id, _)| preview_bulk(id),
    );
    view! {
        <PageTitle text="Check the requests" />
        <a class="nhsuk-back-link" href="/requests/bulk">"Upload another file"</a>
        <Suspense fallback=|| view! { <p>"Checking every row…"</p> }>
            {move || Suspend::new(async move {
                crate::pages::or_error(preview.await, |p| view! { <Preview preview=p commit /> })
            })}
        </Suspense>
    }
}

#[component]
fn Preview(preview: BulkPreview, commit: ServerAction<CommitBulk>) -> impl IntoView {
    let result = Signal::derive(move || commit.value().get());
    let total = preview.rows.len();
    let problems = total - preview.new_count;
    let status = if preview.committed {
        view! { <div class="nhsuk-inset-text" data-testid="bulk-done"><p>{format!("Sent: {total} registration requests were raised.")}</p><p><a href="/requests?source=bulk">"See them in your requests"</a></p></div> }.into_any()
    } else if problems == 0 {
        view! {
            <ActionForm action=commit>
                <input type="hidden" name="id" value=preview.id.clone() />
                <button class="nhsuk-button" type="submit">{format!("Request all {total}")}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <div class="nhsuk-inset-text"><p>"Nothing can be sent while any row cannot be requested. Fix those rows in the file and upload it again."</p></div> }.into_any()
    };
    view! {
        <h1>"Check the requests"</h1>
        <p data-testid="bulk-summary">{format!("{total} people in {}: {} new, {problems} that cannot be requested.", preview.file_name, preview.new_count)}</p>
        <ErrorSummary result />
        {status}
        <table class="nhsuk-table" data-testid="bulk-rows">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Rows of the file and what each would do"</caption>
            <thead class="nhsuk-table__head">
                <tr>
                    <th scope="col" class="nhsuk-table__header">"Line"</th>
                    <th scope="col" class="nhsuk-table__header">"Person"</th>
                    <th scope="col" class="nhsuk-table__header">"Verdict"</th>
                    <th scope="col" class="nhsuk-table__header">"Why"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {preview.rows.into_iter().map(|r| view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell">{r.line}</td>
                        <td class="nhsuk-table__cell">{format!("{} ({}, {})", r.full_name, r.email, r.ods_code)}</td>
                        <td class="nhsuk-table__cell">
                            <strong class=if r.is_new { "nhsuk-tag nhsuk-tag--green" } else { "nhsuk-tag nhsuk-tag--red" }>{r.verdict}</strong>
                        </td>
                        <td class="nhsuk-table__cell">{r.explanation}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

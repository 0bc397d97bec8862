use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use ra_domain::allow_list::import::{COLUMNS, FileError};

use crate::{
    api::allow_list::{CommitImport, ImportPreview, preview_import},
    components::{ALLOW_LIST_UPLOAD, ErrorSummary, PageTitle, UploadForm},
    pages::OfficerOnly,
};

/// Upload a CSV file (a plain multipart form, handled by the server's upload route).
#[component]
pub fn ImportUpload() -> impl IntoView {
    let query = use_query_map();
    let error = move || {
        query
            .with(|q| q.get("error"))
            .and_then(|code| FileError::message_for_code(&code, &COLUMNS[..3]))
    };
    view! {
        <PageTitle text="Import domains" />
        <a class="nhsuk-back-link" href="/allow-list">"Back to the allow list"</a>
        <h1>"Import domains from a CSV file"</h1>
        <OfficerOnly>
        <p>"The first row names the columns: domain, ods_code, covers_subdomains (yes or no) and, if you like, note. Up to 10,000 rows and 5 MB, saved as CSV UTF-8."</p>
        <p>"You will see what each row would do before anything is added. Imported domains are added as active: use this for domains already on the CIS2 allow list."</p>
        <UploadForm action=ALLOW_LIST_UPLOAD error=Signal::derive(error) />
        </OfficerOnly>
    }
}

/// Each row's verdict; commit adds every row or none.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let commit = ServerAction::<CommitImport>::new();
    let preview = Resource::new(
        move || (id(), commit.version().get()),
        |(id, _)| preview_import(id),
    );
    view! {
        <PageTitle text="Import preview" />
        <a class="nhsuk-back-link" href="/allow-list/import">"Upload another file"</a>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                crate::pages::or_error(preview.await, |p| view! { <Preview preview=p commit /> })
            })}
        </Suspense>
    }
}

#[component]
fn Preview(preview: ImportPreview, commit: ServerAction<CommitImport>) -> impl IntoView {
    let result = Signal::derive(move || commit.value().get());
    let total = preview.rows.len();
    let problems = total - preview.new_count;
    let summary = format!(
        "{total} rows in {}: {} new, {problems} that cannot be added.",
        preview.file_name, preview.new_count
    );
    let status = if preview.committed {
        view! { <div class="nhsuk-inset-text" data-testid="import-done"><p>{format!("Imported: {total} domains were added to the allow list.")}</p></div> }.into_any()
    } else if problems == 0 {
        view! {
            <ActionForm action=commit>
                <input type="hidden" name="id" value=preview.id.clone() />
                <button class="nhsuk-button" type="submit">{format!("Add all {total} domains")}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <div class="nhsuk-inset-text">
                <p>"Nothing can be imported while any row cannot be added. Fix those rows in the file and upload it again."</p>
            </div>
        }
        .into_any()
    };
    view! {
        <h1>"Check the import"</h1>
        <p data-testid="import-summary">{summary}</p>
        <ErrorSummary result />
        {status}
        <table class="nhsuk-table" data-testid="import-rows">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Rows of the file and what each would do"</caption>
            <thead class="nhsuk-table__head">
                <tr>
                    <th scope="col" class="nhsuk-table__header">"Line"</th>
                    <th scope="col" class="nhsuk-table__header">"Domain"</th>
                    <th scope="col" class="nhsuk-table__header">"ODS code"</th>
                    <th scope="col" class="nhsuk-table__header">"Verdict"</th>
                    <th scope="col" class="nhsuk-table__header">"Why"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {preview
                    .rows
                    .into_iter()
                    .map(|r| view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">{r.line}</td>
                            <td class="nhsuk-table__cell">{r.domain}</td>
                            <td class="nhsuk-table__cell">{r.ods_code}</td>
                            <td class="nhsuk-table__cell">
                                <strong class=if r.is_new { "nhsuk-tag nhsuk-tag--green" } else { "nhsuk-tag nhsuk-tag--red" }>{r.verdict}</strong>
                            </td>
                            <td class="nhsuk-table__cell">{r.explanation}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

use leptos::prelude::*;
use ra_domain::registration::bulk::COLUMNS;

use crate::{
    api::{
        import::ImportPreview,
        registration::{CommitBulk, preview_bulk},
    },
    components::{
        BULK_REQUESTS_UPLOAD, CommitForm, ImportRows, PageTitle, PreviewWords, UploadForm, reload,
    },
    pages::RecordPage,
};

/// A manager uploads a CSV of staff for a rollout (a plain multipart form).
#[component]
pub fn BulkUpload() -> impl IntoView {
    view! {
        <PageTitle text="Request registrations in bulk" />
        <a class="nhsuk-back-link" href="/requests">"Back to requests"</a>
        <h1>"Request registrations from a CSV file"</h1>
        <p>"The first row names the columns: full_name, email, job_role, ods_code, phone, phone_kind (personal or business). Up to 10,000 people and 5 MB, saved as CSV UTF-8."</p>
        <p>"You will see what happens to each row before anything is sent; then every request is raised, or none."</p>
        <UploadForm action=BULK_REQUESTS_UPLOAD columns=&COLUMNS />
    }
}

#[component]
pub fn BulkPreviewPage() -> impl IntoView {
    let show = |p| view! { <Preview preview=p /> };
    let back = ("/requests/bulk", "Upload another file");
    view! {
        <RecordPage title="Check the requests" back load=preview_bulk show loading="Checking every row…" />
    }
}

const WORDS: PreviewWords = PreviewWords {
    rows: "people",
    cannot: "requested",
    done: |n| format!("Sent: {n} registration requests were raised."),
    done_link: Some(("See them in your requests", "/requests?source=bulk")),
};

#[component]
fn Preview(preview: ImportPreview) -> impl IntoView {
    let total = preview.rows.len();
    let id = preview.id.clone();
    view! {
        <h1>"Check the requests"</h1>
        <ImportRows preview words=&WORDS>
            <Commit id total />
        </ImportRows>
    }
}

/// Raises every request or none; the page loads again to show them sent.
#[island]
fn Commit(id: String, total: usize) -> impl IntoView {
    let label = format!("Request all {total}");
    let answer = reload::<CommitBulk>();
    view! { <CommitForm answer id label /> }
}

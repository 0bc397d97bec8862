use leptos::prelude::*;
use ra_domain::allow_list::import::COLUMNS;

use crate::{
    api::{
        allow_list::{CommitImport, preview_import},
        import::ImportPreview,
    },
    components::{
        ALLOW_LIST_UPLOAD, CommitForm, ImportRows, PageTitle, PreviewWords, UploadForm, reload,
    },
    pages::RecordPage,
};

/// Upload a CSV file (a plain multipart form, handled by the server's upload route).
#[component]
pub fn ImportUpload() -> impl IntoView {
    view! {
        <PageTitle text="Import domains" />
        <a class="nhsuk-back-link" href="/allow-list">"Back to the allow list"</a>
        <h1>"Import domains from a CSV file"</h1>
        <p>"The first row names the columns: domain, ods_code, covers_subdomains (yes or no) and, if you like, note. Up to 10,000 rows and 5 MB, saved as CSV UTF-8."</p>
        <p>"You will see what each row would do before anything is added. Imported domains are added as active: use this for domains already on the CIS2 allow list."</p>
        <UploadForm action=ALLOW_LIST_UPLOAD columns=&COLUMNS[..3] />
    }
}

/// Each row's verdict; commit adds every row or none.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let show = |p| view! { <Preview preview=p /> };
    let back = ("/allow-list/import", "Upload another file");
    view! {
        <RecordPage title="Import preview" back load=preview_import show />
    }
}

const WORDS: PreviewWords = PreviewWords {
    rows: "rows",
    cannot: "added",
    done: |n| format!("Imported: {n} domains were added to the allow list."),
    done_link: Some(("See the allow list", "/allow-list")),
};

#[component]
fn Preview(preview: ImportPreview) -> impl IntoView {
    let total = preview.rows.len();
    let id = preview.id.clone();
    view! {
        <h1>"Check the import"</h1>
        <ImportRows preview words=&WORDS>
            <Commit id total />
        </ImportRows>
    }
}

/// Adds every row or none; the page loads again to show the import done.
#[island]
fn Commit(id: String, total: usize) -> impl IntoView {
    let label = format!("Add all {total} domains");
    let answer = reload::<CommitImport>();
    view! { <CommitForm answer id label /> }
}

//! `/organisations/import`: an RA officer adds and updates organisations from a CSV file,
//! after a preview of what each row would do.

use leptos::prelude::*;
use ra_domain::organisation::import::{COLUMNS, OPTIONAL};

use crate::{
    api::{
        import::ImportPreview,
        organisation::{CommitOrgImport, preview_org_import},
    },
    components::{
        CommitForm, ImportRows, ORGANISATIONS_UPLOAD, PageTitle, PreviewWords, UploadForm, reload,
    },
    pages::RecordPage,
};

#[component]
pub fn OrgImportUpload() -> impl IntoView {
    view! {
        <PageTitle text="Import organisations" />
        <a class="nhsuk-back-link" href="/ra">"Back to RA home"</a>
        <h1>"Import organisations from a CSV file"</h1>
        <p>{format!(
            "The first row names the columns: {} are needed; {} may follow. Up to 10,000 rows and 5 MB, saved as CSV UTF-8.",
            COLUMNS.join(", "),
            OPTIONAL.join(", "),
        )}</p>
        <ul class="nhsuk-list nhsuk-list--bullet">
            <li>"kind is one of care_home_site, care_provider, gp_practice, trust, trust_site, pharmacy, icb or other (or its name, like Care home site)."</li>
            <li>"parent_code is the ODS code of the site's group (a care provider, or a trust); the group may be in the same file."</li>
            <li>"country is England, Scotland, Wales or Northern Ireland; headcount_as_of is the date the headcount was true, like 2026-11-01 or 1/11/2026 (today if blank)."</li>
            <li>"A blank cell keeps what the portal already holds, so a file with only some columns filled never erases a group, a region or a headcount."</li>
        </ul>
        <p>"You will see what each row would do before anything changes: organisations new to the portal are added, known ones updated."</p>
        <UploadForm action=ORGANISATIONS_UPLOAD columns=&COLUMNS />
    }
}

/// Each row's verdict; the commit adds and updates every row or none.
#[component]
pub fn OrgImportPreviewPage() -> impl IntoView {
    let show = |p| view! { <Preview preview=p /> };
    let back = ("/organisations/import", "Upload another file");
    view! {
        <RecordPage title="Organisation import preview" back load=preview_org_import show />
    }
}

const WORDS: PreviewWords = PreviewWords {
    rows: "rows",
    cannot: "imported",
    done: |n| format!("Imported: {n} organisations were added or updated."),
    done_link: Some(("See adoption by organisation", "/adoption")),
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

/// Adds and updates every row or none; the page loads again to show the import done.
#[island]
fn Commit(id: String, total: usize) -> impl IntoView {
    let label = format!("Import all {total} organisations");
    let answer = reload::<CommitOrgImport>();
    view! { <CommitForm answer id label /> }
}

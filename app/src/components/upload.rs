//! The CSV upload form. Without JavaScript it is a plain multipart form; once hydrated it
//! sends the file itself so the page can show how far the upload has gone, then that the
//! rows are being checked, until the preview opens.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use ra_domain::csv_file::FileError;

/// The header the hydrated form sends: the server answers with the next page's path
/// instead of a redirect, so the script can show progress and then open it.
pub const PROGRESS_HEADER: &str = "x-ra-upload";

/// The CSV upload routes (served by the server crate): the only ones whose bodies may run
/// to megabytes.
pub use crate::rights::paths::{ALLOW_LIST_UPLOAD, BULK_REQUESTS_UPLOAD, ORGANISATIONS_UPLOAD};

// Only the browser build moves through these; the server renders the form at rest.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, PartialEq, Eq)]
enum Progress {
    /// Percent of the file sent.
    Uploading(u8),
    /// Sent; the server reads the file and the preview checks every row.
    Checking,
    Failed(String),
}

/// The upload form of an import whose file needs `columns`; a refused upload comes back to
/// the page with `?error=CODE`, shown here in words.
#[component]
pub fn UploadForm(action: &'static str, columns: &'static [&'static str]) -> impl IntoView {
    let error = use_query_map()
        .with_untracked(|q| q.get("error"))
        .and_then(|code| FileError::message_for_code(&code, columns));
    view! { <Upload action=action.to_owned() error /> }
}

/// The form, and in the browser the upload's progress.
#[island]
fn Upload(action: String, error: Option<String>) -> impl IntoView {
    let progress = RwSignal::new(None::<Progress>);
    let busy = move || {
        matches!(
            progress.get(),
            Some(Progress::Uploading(_) | Progress::Checking)
        )
    };
    // A memo, so the live region changes (and is announced) once per stage, not per percent.
    let stage = Memo::new(move |_| {
        progress.get().map(|p| match p {
            Progress::Uploading(_) => "Uploading the file…".to_owned(),
            Progress::Checking => "Uploaded. Checking every row…".to_owned(),
            Progress::Failed(m) => m,
        })
    });
    let target = action.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        send::with_progress(ev, &target, progress);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &target);
    };
    view! {
        {error.map(|m| view! {
            <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
                <h2 class="nhsuk-error-summary__title" id="error-summary-title">"There is a problem"</h2>
                <div class="nhsuk-error-summary__body">
                    <ul class="nhsuk-list nhsuk-error-summary__list"><li><a href="#file">{m}</a></li></ul>
                </div>
            </div>
        })}
        <form method="post" action=action enctype="multipart/form-data" on:submit=on_submit>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="file">"CSV file"</label>
                <input class="nhsuk-file-upload" id="file" name="file" type="file" accept=".csv,text/csv" />
            </div>
            <button class="nhsuk-button" type="submit" disabled=busy>"Upload and preview"</button>
        </form>
        // The live region announces the stages only; the bar shows the percent.
        <div class="ra-upload-progress">
            <p class="nhsuk-body" role="status" aria-live="polite" data-testid="upload-progress">
                {move || stage.get()}
            </p>
            {move || match progress.get() {
                Some(Progress::Uploading(pct)) => Some(view! {
                    <progress max="100" value=pct.to_string() aria-label="Upload progress">{format!("{pct}%")}</progress>
                }
                .into_any()),
                Some(Progress::Checking) => Some(view! {
                    <progress max="100" aria-label="Checking the rows"></progress>
                }
                .into_any()),
                _ => None,
            }}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod send {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::ProgressEvent;

    use super::{PROGRESS_HEADER, Progress};
    use crate::components::xhr;

    /// Sends the form by XMLHttpRequest, whose upload reports progress.
    pub fn with_progress(
        ev: leptos::ev::SubmitEvent,
        action: &str,
        progress: RwSignal<Option<Progress>>,
    ) {
        let Some((data, request)) = xhr::open(&ev, action, &[(PROGRESS_HEADER, "1")]) else {
            return;
        };
        ev.prevent_default();
        progress.set(Some(Progress::Uploading(0)));

        if let Ok(upload) = request.upload() {
            let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    let pct = (e.loaded() / e.total() * 100.0).clamp(0.0, 100.0) as u8;
                    progress.set(Some(if pct >= 100 {
                        Progress::Checking
                    } else {
                        Progress::Uploading(pct)
                    }));
                }
            });
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            // One closure per upload, kept for the life of the page.
            on_progress.forget();
        }
        let answered = move |status: u16, target: String| {
            let local =
                target.starts_with('/') && !target.starts_with("//") && !target.starts_with("/\\");
            if status == 200 && local {
                progress.set(Some(Progress::Checking));
                let _ = window().location().assign(&target);
            } else {
                // Refusals carry the portal's error, as server functions' do.
                let said = crate::AppError::from_body(&target);
                progress.set(Some(Progress::Failed(match said {
                    Some(crate::AppError::Unauthenticated) => {
                        "Your session has ended. Sign in again, then upload the file.".into()
                    }
                    Some(e) => e.to_string(),
                    None => "The file could not be uploaded. Try again.".into(),
                })));
            }
        };
        let unreachable = move || {
            progress.set(Some(Progress::Failed(
                "The portal could not be reached. Check your connection and try again.".into(),
            )));
        };
        xhr::on_answer(&request, answered, unreachable);
        if request.send_with_opt_form_data(Some(&data)).is_err() {
            progress.set(Some(Progress::Failed(
                "The file could not be uploaded. Try again.".into(),
            )));
        }
    }
}

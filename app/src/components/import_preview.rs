//! The preview every CSV import shows before its all-or-nothing commit: each row's
//! values, verdict and reason, and the commit button only when every row is new.

use leptos::{prelude::*, server_fn::ServerFn};
use serde::de::DeserializeOwned;

use super::{Answer, PostForm};
use crate::{AppError, api::import::ImportPreview};

/// What a kind of import calls things on its preview.
pub struct PreviewWords {
    /// "rows" or "people".
    pub rows: &'static str,
    /// What a refused row cannot be: "added" or "requested".
    pub cannot: &'static str,
    /// The message once committed, given the number of rows.
    pub done: fn(usize) -> String,
    /// A link shown once committed: (text, href).
    pub done_link: Option<(&'static str, &'static str)>,
}

/// The preview; `children` is the commit form (an island that loads the page again once
/// it is done), shown only while it can succeed.
#[component]
pub fn ImportRows(
    preview: ImportPreview,
    words: &'static PreviewWords,
    children: Children,
) -> impl IntoView {
    let total = preview.rows.len();
    let problems = total - preview.new_count;
    let summary = format!(
        "{total} {} in {}: {} new, {problems} that cannot be {}.",
        words.rows, preview.file_name, preview.new_count, words.cannot
    );
    let status = if preview.committed {
        view! {
            <div class="nhsuk-inset-text" data-testid="import-done">
                <p>{(words.done)(total)}</p>
                {words.done_link.map(|(text, href)| view! { <p><a href=href>{text}</a></p> })}
            </div>
        }
        .into_any()
    } else if problems == 0 {
        children().into_any()
    } else {
        view! {
            <div class="nhsuk-inset-text">
                <p>{format!("Nothing can be done while any row cannot be {}. Fix those rows in the file and upload it again.", words.cannot)}</p>
            </div>
        }
        .into_any()
    };
    let headings = preview.columns.clone();
    view! {
        <p data-testid="import-summary">{summary}</p>
        {status}
        <table class="nhsuk-table" data-testid="import-rows">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Rows of the file and what each would do"</caption>
            <thead class="nhsuk-table__head">
                <tr>
                    <th scope="col" class="nhsuk-table__header">"Line"</th>
                    {headings.into_iter().map(|h| view! { <th scope="col" class="nhsuk-table__header">{h}</th> }).collect_view()}
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
                            {r.cells.into_iter().map(|c| view! { <td class="nhsuk-table__cell">{c}</td> }).collect_view()}
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

/// The commit form (inside each kind's island): every row or none; the island's `answer`
/// loads the page again, to show the import done.
#[component]
pub fn CommitForm<A>(answer: Answer<A>, id: String, label: String) -> impl IntoView
where
    A: ServerFn<Error = AppError> + 'static,
    A::Output: DeserializeOwned + Clone + Send + Sync + 'static,
{
    view! {
        <PostForm answer>
            <input type="hidden" name="id" value=id />
            <button class="nhsuk-button" type="submit">{label}</button>
        </PostForm>
    }
}

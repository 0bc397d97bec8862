//! The CSV upload route every import shares (`POST {PAGE}/upload`, multipart): read the
//! file, store its rows for the preview, and send the browser there. The kind of import
//! (`app::api::import::pipeline::Importer`) says who may upload and how rows are read.

use app::{
    AppError,
    api::import::pipeline::{self, Importer},
};
use axum::{
    Extension,
    extract::{DefaultBodyLimit, Multipart, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Redirect, Response},
};
use ra_domain::{
    Principal,
    csv_file::{FileError, MAX_IMPORT_BYTES},
};

use crate::state::AppState;

/// Room for the multipart envelope around a file of the largest allowed size, so an
/// oversized file is still read far enough to be refused with a clear message.
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_IMPORT_BYTES + 64 * 1024)
}

/// Where the browser goes next: a redirect for the plain form, or the path as text for
/// the hydrated form, which shows upload progress and then opens the path itself.
fn go_to(headers: &HeaderMap, target: &str) -> Response {
    if headers.contains_key(app::components::PROGRESS_HEADER) {
        ([(header::CACHE_CONTROL, "no-store")], target.to_owned()).into_response()
    } else {
        Redirect::to(target).into_response()
    }
}

/// The `file` field's name and bytes, or the code of the message to show instead.
async fn read_file(multipart: &mut Multipart) -> Result<(String, Vec<u8>), &'static str> {
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("upload.csv").to_owned();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    // The body limit stops reading past the allowed size.
                    Err(_) => return Err(FileError::TooBig.code()),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) if e.status() == AppError::TooLarge.status_code() => {
                return Err(FileError::TooBig.code());
            }
            Err(_) => return Err("no_file"),
        }
    }
    let (name, bytes) = file.filter(|(_, b)| !b.is_empty()).ok_or("no_file")?;
    Ok((name.chars().take(200).collect(), bytes))
}

pub async fn upload<I: Importer>(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let Some(Extension(me)) = principal else {
        return AppError::Unauthenticated.into_response();
    };
    let caller = match I::caller(&me) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let back = |code: &str| go_to(&headers, &format!("{}?error={code}", I::PAGE));
    let (file_name, bytes) = match read_file(&mut multipart).await {
        Ok(f) => f,
        Err(code) => return back(code),
    };
    let rows = match I::read(&bytes) {
        Ok(rows) => rows,
        Err(e) => {
            tracing::info!(error = %e, file = %file_name, kind = ?I::KIND, "upload refused");
            return back(e.code());
        }
    };
    match pipeline::upload::<I>(&state.db, &caller, &file_name, &rows).await {
        Ok(id) => go_to(&headers, &format!("{}/{id}", I::PAGE)),
        Err(e) => e.into_response(),
    }
}

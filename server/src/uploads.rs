//! Reading one uploaded file from a multipart form, for the CSV imports.

use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use ra_db::{
    Db,
    repo::{
        audit::{self, AuditEvent},
        imports::{self, ImportKind},
    },
};
use ra_domain::{
    PersonId,
    csv_file::{FileError, MAX_IMPORT_BYTES},
};
use serde::Serialize;
use serde_json::json;

pub use app::components::{ALLOW_LIST_UPLOAD, BULK_REQUESTS_UPLOAD};

/// Room for the multipart envelope around a file of the largest allowed size, so an
/// oversized file is still read far enough to be refused with a clear message.
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_IMPORT_BYTES + 64 * 1024)
}

/// Where the browser goes next: a redirect for the plain form, or the path as text for
/// the hydrated form, which shows upload progress and then opens the path itself.
pub fn go_to(headers: &HeaderMap, target: &str) -> Response {
    if headers.contains_key(app::components::PROGRESS_HEADER) {
        (
            StatusCode::OK,
            [(header::CACHE_CONTROL, "no-store")],
            target.to_owned(),
        )
            .into_response()
    } else {
        Redirect::to(target).into_response()
    }
}

/// The `file` field's name and bytes, or the code of the message to show instead.
pub async fn read_file(multipart: &mut Multipart) -> Result<(String, Vec<u8>), &'static str> {
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
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(FileError::TooBig.code());
            }
            Err(_) => return Err("no_file"),
        }
    }
    let (name, bytes) = file.filter(|(_, b)| !b.is_empty()).ok_or("no_file")?;
    Ok((name.chars().take(200).collect(), bytes))
}

/// Stores the rows read from an upload, with its audit event; the import's id, or the
/// error page.
pub async fn store<T: Serialize>(
    db: &Db,
    kind: ImportKind,
    by: PersonId,
    file_name: &str,
    rows: &[T],
    action: &str,
) -> Result<uuid::Uuid, Response> {
    let stored = async {
        let now = Utc::now();
        let value =
            serde_json::to_value(rows).map_err(|e| ra_db::DbError::Corrupt(e.to_string()))?;
        let mut tx = db.begin().await?;
        let id = imports::insert(&mut tx, kind, by, file_name, &value, now).await?;
        audit::record(
            &mut tx,
            AuditEvent {
                actor: Some(by),
                action,
                subject_type: "import",
                subject_id: Some(&id.to_string()),
                details: json!({ "file_name": file_name, "rows": rows.len() }),
                occurred_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok::<_, ra_db::DbError>(id)
    };
    match stored.await {
        Ok(id) => Ok(id),
        Err(e) => {
            tracing::error!(error = %e, "storing an upload failed");
            Err((
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Try again later.",
            )
                .into_response())
        }
    }
}

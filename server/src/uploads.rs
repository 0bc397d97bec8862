//! Reading one uploaded file from a multipart form, for the CSV imports.

use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::StatusCode;
use ra_domain::csv_file::{FileError, MAX_IMPORT_BYTES};

/// Room for the multipart envelope around a file of the largest allowed size, so an
/// oversized file is still read far enough to be refused with a clear message.
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_IMPORT_BYTES + 64 * 1024)
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

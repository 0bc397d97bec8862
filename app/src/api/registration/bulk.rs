//! Many requests at once from a manager's staff CSV, through the shared import pipeline
//! (`crate::api::import`): the upload is read by the server's upload route, previewed
//! row by row here, then committed all rows or none.

use leptos::prelude::*;

use crate::{AppError, api::import::ImportPreview};

/// A staff CSV's rows with their verdicts, against the database as it is now.
#[server(endpoint = "registration/bulk/preview")]
pub async fn preview_bulk(id: String) -> Result<ImportPreview, AppError> {
    crate::api::import::pipeline::preview_by::<StaffImport, PreviewBulk>(&id).await
}

/// Raises every row's request, or none.
#[server(endpoint = "registration/bulk/commit")]
pub async fn commit_bulk(id: String) -> Result<usize, AppError> {
    crate::api::import::pipeline::commit_by::<StaffImport, CommitBulk>(&id).await
}

/// Registration requests as an import.
#[cfg(feature = "ssr")]
pub struct StaffImport;

#[cfg(feature = "ssr")]
mod server {
    use std::collections::HashSet;

    use chrono::{DateTime, Utc};
    use ra_db::{
        Db, DbError, Tx,
        repo::{
            audit,
            imports::{ImportKind, ImportRow},
            registration as repo,
        },
    };
    use ra_domain::{
        Manager, PersonId, Principal, RequestId,
        csv_file::FileError,
        registration::{
            RequestSource, ValidRequest,
            bulk::{self, BulkRow, BulkVerdict},
        },
    };

    use super::super::{
        emails,
        raise::source_of,
        rows::{self, SUBJECT},
    };
    use super::StaffImport;
    use crate::{
        AppError,
        api::{allow_list, import::pipeline::Importer, scope, settings},
    };

    /// The uploader, and how their requests are marked in the queue.
    pub struct Uploader {
        manager: Manager,
        name: String,
        source: RequestSource,
    }

    impl Importer for StaffImport {
        const KIND: ImportKind = ImportKind::Registrations;
        const PAGE: &'static str = "/requests/bulk";
        const UPLOADED: &'static str = "registration.bulk_uploaded";
        const COLUMNS: &'static [&'static str] = &["Name", "Email", "ODS code"];
        const NOTHING: (&'static str, &'static str) = ("Nothing was requested", "cannot be");
        const DONE_BEFORE: &'static str = "This file has already been sent.";
        type Row = BulkRow;
        type Verdict = BulkVerdict;
        type Caller = Uploader;

        fn caller(me: &Principal) -> Result<Uploader, AppError> {
            Ok(Uploader {
                manager: me.manager()?,
                name: me.display_name.clone(),
                source: source_of(me, RequestSource::Bulk),
            })
        }

        fn person(caller: &Uploader) -> PersonId {
            caller.manager.person_id()
        }

        fn read(bytes: &[u8]) -> Result<Vec<BulkRow>, FileError> {
            bulk::read(bytes)
        }

        fn line(row: &BulkRow) -> usize {
            row.line
        }

        fn cells(row: &BulkRow) -> Vec<String> {
            vec![
                row.form.full_name.clone(),
                row.form.email.clone(),
                row.form.ods_code.clone(),
            ]
        }

        async fn judge(
            db: &Db,
            caller: &Uploader,
            rows: &[BulkRow],
        ) -> Result<Vec<BulkVerdict>, AppError> {
            let scope = scope::of_manager(db, &caller.manager).await?;
            let checked = bulk::check(rows);
            let valid: Vec<&ValidRequest> =
                checked.iter().filter_map(bulk::Checked::valid).collect();
            let keys: Vec<String> = valid.iter().map(|r| r.email.to_lowercase()).collect();
            let open: HashSet<String> = repo::with_open_request(db, &keys)
                .await?
                .into_iter()
                .collect();
            let registered: HashSet<String> =
                repo::with_device(db, &keys).await?.into_iter().collect();
            let index = allow_list::index_for(db, valid.iter().map(|r| r.email.as_str())).await?;
            Ok(bulk::judge(
                checked,
                |code| scope.covers(code),
                |r| {
                    let key = r.email.to_lowercase();
                    let outcome = index.check(&r.email);
                    bulk::Known {
                        open_request: open.contains(&key),
                        registered: registered.contains(&key),
                        not_allowed: (!outcome.is_allowed()).then(|| outcome.explain()),
                    }
                },
            ))
        }

        async fn insert(
            tx: &mut Tx,
            caller: &Uploader,
            import: &ImportRow,
            _rows: &[BulkRow],
            verdicts: &[BulkVerdict],
            now: DateTime<Utc>,
        ) -> Result<usize, AppError> {
            let new: Vec<(RequestId, &ValidRequest)> = verdicts
                .iter()
                .filter_map(|v| match v {
                    BulkVerdict::New(r) => Some((RequestId::new(), r)),
                    _ => None,
                })
                .collect();
            let by = caller.manager.person_id();
            match repo::insert_many(tx, &new, caller.source, by, now).await {
                Ok(()) => {}
                Err(DbError::Duplicate(_)) => {
                    return Err(AppError::Conflict(
                        "Nothing was requested: someone raised a request for one of these people meanwhile. Upload the file again."
                            .into(),
                    ));
                }
                Err(e) => return Err(e.into()),
            }
            let ids: Vec<String> = new.iter().map(|(id, _)| id.to_string()).collect();
            let events: Vec<audit::AuditEvent<'_>> = new
                .iter()
                .zip(&ids)
                .map(|((_, r), id)| audit::AuditEvent {
                    actor: Some(by),
                    action: "registration.submitted",
                    subject_type: SUBJECT,
                    subject_id: Some(id),
                    subject_org: Some(r.ods_code.as_str()),
                    details: rows::submitted(r, caller.source, Some(import.id)),
                    occurred_at: now,
                })
                .collect();
            audit::record_many(tx, &events).await?;
            let s = settings();
            emails::bulk_arrived(
                &s.ra_team_email,
                &s.public_url,
                &caller.name,
                &import.file_name,
                new.len(),
                caller.source,
            )
            .enqueue(tx)
            .await?;
            Ok(new.len())
        }
    }
}

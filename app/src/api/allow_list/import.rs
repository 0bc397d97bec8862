//! Allow-list entries from an RA officer's CSV, through the shared import pipeline
//! (`crate::api::import`): every row is added as active, or none.

use leptos::prelude::*;

use crate::{AppError, api::import::ImportPreview};

/// A CSV file's rows with their verdicts against the list as it is now.
#[server(endpoint = "allow-list/import/preview")]
pub async fn preview_import(id: String) -> Result<ImportPreview, AppError> {
    crate::api::import::pipeline::preview_by::<DomainImport, PreviewImport>(&id).await
}

/// Adds every row of an import, or none: any row that is not new refuses the commit.
#[server(endpoint = "allow-list/import/commit")]
pub async fn commit_import(id: String) -> Result<usize, AppError> {
    crate::api::import::pipeline::commit_by::<DomainImport, CommitImport>(&id).await
}

/// Allow-list entries as an import.
#[cfg(feature = "ssr")]
pub struct DomainImport;

#[cfg(feature = "ssr")]
mod server {
    use std::collections::HashMap;

    use chrono::{DateTime, Utc};
    use ra_db::{
        Db, DbError, Tx,
        repo::{
            allow_list as repo,
            audit::{self, AuditEvent},
            imports::{ImportKind, ImportRow},
        },
    };
    use ra_domain::{
        EntryId, PersonId, Principal, RaOfficer,
        allow_list::{
            DomainName, EntrySource, EntryStatus,
            import::{self, RawRow, Verdict},
        },
        csv_file::FileError,
    };
    use serde_json::json;

    use super::super::rows::SUBJECT;
    use super::DomainImport;
    use crate::{AppError, api::import::pipeline::Importer};

    impl Importer for DomainImport {
        const KIND: ImportKind = ImportKind::AllowList;
        const PAGE: &'static str = "/allow-list/import";
        const UPLOADED: &'static str = "allow_list.import_uploaded";
        const COLUMNS: &'static [&'static str] = &["Domain", "ODS code", "Covers subdomains"];
        const NOTHING: (&'static str, &'static str) = ("Nothing was imported", "cannot be added");
        const DONE_BEFORE: &'static str = "This file has already been imported.";
        type Row = RawRow;
        type Verdict = Verdict;
        type Caller = RaOfficer;

        fn caller(me: &Principal) -> Result<RaOfficer, AppError> {
            Ok(me.ra_officer()?)
        }

        fn person(caller: &RaOfficer) -> PersonId {
            caller.person_id()
        }

        fn read(bytes: &[u8]) -> Result<Vec<RawRow>, FileError> {
            import::read_csv(bytes)
        }

        fn line(row: &RawRow) -> usize {
            row.line
        }

        fn cells(row: &RawRow) -> Vec<String> {
            vec![
                row.domain.clone(),
                row.ods_code.clone(),
                row.covers_subdomains.clone(),
            ]
        }

        async fn judge(db: &Db, _: &RaOfficer, rows: &[RawRow]) -> Result<Vec<Verdict>, AppError> {
            let domains: Vec<String> = rows
                .iter()
                .filter_map(|r| DomainName::parse(&r.domain).ok())
                .map(String::from)
                .collect();
            let refs: Vec<&str> = domains.iter().map(String::as_str).collect();
            let listed = repo::live_for(db, &refs).await?;
            let by_domain: HashMap<&str, EntryStatus> = listed
                .iter()
                .map(|e| (e.domain.as_str(), e.status))
                .collect();
            Ok(import::judge(rows, |d| by_domain.get(d.as_str()).copied()))
        }

        async fn insert(
            tx: &mut Tx,
            officer: &RaOfficer,
            import: &ImportRow,
            rows: &[RawRow],
            verdicts: &[Verdict],
            now: DateTime<Utc>,
        ) -> Result<usize, AppError> {
            let new: Vec<(EntryId, &import::ImportEntry, usize)> = rows
                .iter()
                .zip(verdicts)
                .filter_map(|(r, v)| match v {
                    Verdict::New(entry) => Some((EntryId::new(), entry, r.line)),
                    _ => None,
                })
                .collect();
            let rows: Vec<repo::NewEntryRow<'_>> = new
                .iter()
                .map(|(id, e, _)| repo::NewEntryRow {
                    id: *id,
                    domain: &e.domain,
                    covers_subdomains: e.covers_subdomains,
                    ods_code: &e.ods_code,
                    status: EntryStatus::Active,
                    source: EntrySource::Import,
                    reason: &e.note,
                    evidence_url: None,
                    created_by: officer.person_id(),
                    now,
                })
                .collect();
            match repo::insert(tx, &rows).await {
                Ok(()) => {}
                // Listed by someone else since the preview: nothing is kept.
                Err(DbError::Duplicate(_)) => {
                    return Err(AppError::Conflict(
                        "Nothing was imported: one of its domains was added to the list meanwhile. Upload the file again."
                            .into(),
                    ));
                }
                Err(e) => return Err(e.into()),
            }
            let ids: Vec<String> = new.iter().map(|(id, _, _)| id.to_string()).collect();
            let events: Vec<AuditEvent<'_>> = new
                .iter()
                .zip(&ids)
                .map(|((_, e, line), id)| AuditEvent {
                    actor: Some(officer.person_id()),
                    action: "allow_list.imported",
                    subject_type: SUBJECT,
                    subject_id: Some(id),
                    subject_org: Some(e.ods_code.as_str()),
                    details: json!({
                        "domain": e.domain.as_str(),
                        "ods_code": e.ods_code.as_str(),
                        "covers_subdomains": e.covers_subdomains,
                        "status": "active",
                        "reason": e.note,
                        "import": import.id.to_string(),
                        "file_name": import.file_name,
                        "line": line,
                    }),
                    occurred_at: now,
                })
                .collect();
            audit::record_many(tx, &events).await?;
            Ok(new.len())
        }
    }
}

//! Organisations from an RA officer's CSV, through the shared import pipeline
//! (`crate::api::import`): new ones added, known ones updated, all rows or none.

use leptos::prelude::*;

use crate::{AppError, api::import::ImportPreview};

/// A CSV file's rows with their verdicts against the portal as it is now.
#[server(endpoint = "organisation/import/preview")]
pub async fn preview_org_import(id: String) -> Result<ImportPreview, AppError> {
    crate::api::import::pipeline::preview_by::<OrgImport, PreviewOrgImport>(&id).await
}

/// Adds or updates every row of an import, or none: one row that cannot be refuses all.
#[server(endpoint = "organisation/import/commit")]
pub async fn commit_org_import(id: String) -> Result<usize, AppError> {
    crate::api::import::pipeline::commit_by::<OrgImport, CommitOrgImport>(&id).await
}

/// Organisations as an import.
#[cfg(feature = "ssr")]
pub struct OrgImport;

#[cfg(feature = "ssr")]
#[path = "import_write.rs"]
mod write;

#[cfg(feature = "ssr")]
mod server {
    use chrono::{DateTime, Utc};
    use ra_db::{
        Db, Tx,
        repo::imports::{ImportKind, ImportRow},
    };
    use ra_domain::{
        PersonId, Principal, RaOfficer,
        csv_file::FileError,
        organisation::import::{self, OrgCsvRow, OrgVerdict},
    };

    use super::OrgImport;
    use crate::{AppError, api::import::pipeline::Importer};

    impl Importer for OrgImport {
        const KIND: ImportKind = ImportKind::Organisations;
        const PAGE: &'static str = "/organisations/import";
        const UPLOADED: &'static str = "organisation.import_uploaded";
        const COLUMNS: &'static [&'static str] = &[
            "ODS code",
            "Name",
            "Kind",
            "Group",
            "Country",
            "Region",
            "Headcount",
        ];
        const NOTHING: (&'static str, &'static str) =
            ("Nothing was imported", "cannot be imported");
        const DONE_BEFORE: &'static str = "This file has already been imported.";
        type Row = OrgCsvRow;
        type Verdict = OrgVerdict;
        type Caller = RaOfficer;

        fn caller(me: &Principal) -> Result<RaOfficer, AppError> {
            Ok(me.ra_officer()?)
        }

        fn person(caller: &RaOfficer) -> PersonId {
            caller.person_id()
        }

        fn read(bytes: &[u8]) -> Result<Vec<OrgCsvRow>, FileError> {
            import::read(bytes)
        }

        fn line(row: &OrgCsvRow) -> usize {
            row.line
        }

        fn cells(row: &OrgCsvRow) -> Vec<String> {
            row.cells()
        }

        async fn judge(
            db: &Db,
            _: &RaOfficer,
            rows: &[OrgCsvRow],
        ) -> Result<Vec<OrgVerdict>, AppError> {
            let known = super::write::known(db, rows).await?;
            Ok(import::judge(rows, super::super::uk_today(), &known))
        }

        async fn insert(
            tx: &mut Tx,
            officer: &RaOfficer,
            import: &ImportRow,
            rows: &[OrgCsvRow],
            verdicts: &[OrgVerdict],
            now: DateTime<Utc>,
        ) -> Result<usize, AppError> {
            super::write::write(tx, officer, import, rows, verdicts, now).await
        }
    }
}

//! The server side of every CSV import.

use chrono::{DateTime, Utc};
use ra_db::{
    Db, DbError, Tx,
    repo::{
        audit::{self, AuditEvent, Subject},
        imports::{self, ImportKind, ImportRow},
    },
};
use ra_domain::{
    ImportId, PersonId,
    csv_file::{FileError, Verdict, nothing_committed},
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::json;

use super::{ImportPreview, PreviewRow};
use crate::AppError;

/// One kind of import: how its rows are read, judged and inserted.
pub trait Importer {
    const KIND: ImportKind;
    /// The page that takes the upload; previews are at `{PAGE}/{id}`.
    const PAGE: &'static str;
    /// The audit action of an upload.
    const UPLOADED: &'static str;
    /// The preview's column headings, one per [`Importer::cells`].
    const COLUMNS: &'static [&'static str];
    /// "Nothing was imported", and what refused rows cannot be ("cannot be added").
    const NOTHING: (&'static str, &'static str);
    /// The commit's answer when the file was committed already.
    const DONE_BEFORE: &'static str;

    /// A row as read from the file (stored with the upload until it is committed).
    type Row: Serialize + DeserializeOwned + Send + Sync;
    type Verdict: Verdict + Send + Sync;
    /// Who imports: the capability the kind needs.
    type Caller: Send + Sync;

    fn caller(me: &ra_domain::Principal) -> Result<Self::Caller, AppError>;
    fn person(caller: &Self::Caller) -> PersonId;
    fn read(bytes: &[u8]) -> Result<Vec<Self::Row>, FileError>;
    fn line(row: &Self::Row) -> usize;
    fn cells(row: &Self::Row) -> Vec<String>;

    /// Checks every row, looks up what the valid ones need, and judges them all.
    fn judge(
        db: &Db,
        caller: &Self::Caller,
        rows: &[Self::Row],
    ) -> impl Future<Output = Result<Vec<Self::Verdict>, AppError>> + Send;

    /// Inserts every row (all new) with its audit events, in batches, inside `tx`;
    /// returns how many. A constraint refusing a row refuses the file.
    fn insert(
        tx: &mut Tx,
        caller: &Self::Caller,
        import: &ImportRow,
        rows: &[Self::Row],
        verdicts: &[Self::Verdict],
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<usize, AppError>> + Send;
}

/// Stores the rows of an upload that read well, with its audit event.
pub async fn upload<I: Importer>(
    db: &Db,
    caller: &I::Caller,
    file_name: &str,
    rows: &[I::Row],
) -> Result<ImportId, AppError> {
    let now = Utc::now();
    let by = I::person(caller);
    let value = serde_json::to_value(rows).map_err(|e| DbError::Corrupt(e.to_string()))?;
    let mut tx = db.begin().await?;
    let id = imports::insert(&mut tx, I::KIND, by, file_name, &value, now).await?;
    audit::record(
        &mut tx,
        AuditEvent {
            actor: Some(by),
            action: I::UPLOADED,
            subject_type: Subject::Import,
            subject_id: Some(&id.to_string()),
            subject_org: None,
            details: json!({ "file_name": file_name, "rows": rows.len() }),
            occurred_at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The import and its rows, only for the person who uploaded it (404 for anyone else).
async fn load<I: Importer>(
    db: &Db,
    caller: &I::Caller,
    id: &str,
) -> Result<(ImportRow, Vec<I::Row>), AppError> {
    let id = ImportId::parse(id).ok_or(AppError::NotFound)?;
    let import = imports::find(db, I::KIND, id)
        .await?
        .filter(|i| i.created_by == I::person(caller))
        .ok_or(AppError::NotFound)?;
    let rows: Vec<I::Row> = serde_json::from_value(import.rows.0.clone())
        .map_err(|e| DbError::Corrupt(format!("import rows: {e}")))?;
    Ok((import, rows))
}

/// The whole of a preview server function `F` for imports of kind `I`.
pub async fn preview_by<I: Importer, F: leptos::server_fn::ServerFn>(
    id: &str,
) -> Result<ImportPreview, AppError> {
    let me = crate::auth::admit::<F>()?;
    preview::<I>(&crate::auth::db()?, &I::caller(&me)?, id).await
}

/// The whole of a commit server function `F` for imports of kind `I`.
pub async fn commit_by<I: Importer, F: leptos::server_fn::ServerFn>(
    id: &str,
) -> Result<usize, AppError> {
    let me = crate::auth::admit::<F>()?;
    commit::<I>(&crate::auth::db()?, &I::caller(&me)?, id).await
}

/// Every row with its verdict against the database as it is now.
pub async fn preview<I: Importer>(
    db: &Db,
    caller: &I::Caller,
    id: &str,
) -> Result<ImportPreview, AppError> {
    let (import, rows) = load::<I>(db, caller, id).await?;
    let verdicts = I::judge(db, caller, &rows).await?;
    let rows: Vec<PreviewRow> = rows
        .iter()
        .zip(&verdicts)
        .map(|(r, v)| PreviewRow {
            line: I::line(r),
            cells: I::cells(r),
            verdict: v.label().to_owned(),
            explanation: v.explain(),
            is_new: v.is_new(),
        })
        .collect();
    Ok(ImportPreview {
        id: import.id.to_string(),
        file_name: import.file_name,
        columns: I::COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        new_count: rows.iter().filter(|r| r.is_new).count(),
        rows,
        committed: import.committed_at.is_some(),
    })
}

/// Commits every row, or none: a row that is not new refuses the file before anything
/// is written, and a failure while inserting rolls the whole file back.
pub async fn commit<I: Importer>(db: &Db, caller: &I::Caller, id: &str) -> Result<usize, AppError> {
    let (import, rows) = load::<I>(db, caller, id).await?;
    if import.committed_at.is_some() {
        return Err(AppError::Conflict(I::DONE_BEFORE.into()));
    }
    let verdicts = I::judge(db, caller, &rows).await?;
    let (nothing, cannot) = I::NOTHING;
    let lines = rows.iter().map(I::line);
    if let Some(refusal) = nothing_committed(lines.zip(&verdicts), nothing, cannot) {
        return Err(AppError::Conflict(refusal));
    }
    let now = Utc::now();
    let mut tx = db.begin().await?;
    // Claimed first, so a double submit finds it taken and waits for nothing.
    if !imports::mark_committed(&mut tx, I::KIND, import.id, now).await? {
        return Err(AppError::Conflict(I::DONE_BEFORE.into()));
    }
    tracing::info!(import = %import.id, rows = rows.len(), kind = ?I::KIND, "committing an import");
    let n = I::insert(&mut tx, caller, &import, &rows, &verdicts, now).await?;
    tx.commit().await?;
    tracing::info!(import = %import.id, rows = n, kind = ?I::KIND, "import committed");
    Ok(n)
}

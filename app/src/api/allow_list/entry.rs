//! One entry: its summary for everyone with a portal role; reason, evidence and history
//! for RA officers, auditors and its organisation's managers; the steps RA officers may
//! take.

use leptos::prelude::*;

use super::EntryDetail;
use crate::AppError;

#[server(endpoint = "allow-list/entry")]
pub async fn get_entry(id: String) -> Result<EntryDetail, AppError> {
    use super::{EntryRecords, rows};
    use ra_db::repo::audit;
    let me = crate::auth::admit::<GetEntry>()?;
    let db = crate::auth::db()?;
    let row = rows::find(&db, &id).await?;
    let today = chrono::Utc::now().date_naive();
    let records = if me.reads_records_of(&row.ods_code) {
        let history = audit::for_subject(&db, rows::SUBJECT, &row.id.to_string())
            .await?
            .into_iter()
            .map(rows::history_item)
            .collect();
        Some(EntryRecords {
            reason: row.reason.clone(),
            evidence_url: row.evidence_url.clone(),
            created_by: row.created_by_name.clone(),
            created_on: rows::day(row.created_at),
            status_reason: row.status_reason.clone(),
            submitted_on: row.submitted_on.map(|d| d.format("%-d %B %Y").to_string()),
            nhse_reference: row.nhse_reference.clone(),
            history,
        })
    } else {
        None
    };
    let actions = match me.ra_officer() {
        Ok(_) => row.status.allowed_actions().to_vec(),
        Err(_) => Vec::new(),
    };
    Ok(EntryDetail {
        summary: rows::summary(&row, today),
        source: row.source.as_str().to_owned(),
        records,
        actions,
        today: today.to_string(),
    })
}

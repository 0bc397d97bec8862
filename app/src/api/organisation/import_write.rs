//! The organisation import's reads and writes: what the portal knows of a file's codes,
//! and the commit with an audit event for every change, in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ra_db::{
    Db, DbError, Tx,
    repo::{
        audit::{self, AuditEvent, Subject},
        imports::ImportRow,
        organisations::{self as repo, NewHeadcount, NewOrg, OrgUpdate},
    },
};
use ra_domain::{
    OdsCode, OrgId, RaOfficer,
    organisation::{
        GivenHeadcount, HeadcountGiver,
        import::{Field, Known, OrgCsvRow, OrgFacts, OrgVerdict},
    },
};
use serde_json::json;

use super::super::headcount::service::headcount_event;
use crate::AppError;

/// Every code the file names, as rows or as their groups.
fn codes(rows: &[OrgCsvRow]) -> Vec<OdsCode> {
    let mut codes: Vec<OdsCode> = rows
        .iter()
        .flat_map(|r| [&r.ods_code, &r.parent_code])
        .filter_map(|c| OdsCode::parse(c).ok())
        .collect();
    codes.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    codes.dedup();
    codes
}

/// What the portal knows of every code the file names.
pub async fn known(db: &Db, rows: &[OrgCsvRow]) -> Result<HashMap<OdsCode, Known>, AppError> {
    Ok(repo::known_for(db, &codes(rows))
        .await?
        .into_iter()
        .map(|k| {
            let headcount = match (k.headcount, k.headcount_as_of) {
                (Some(staff), Some(as_of)) => u32::try_from(staff)
                    .ok()
                    .map(|staff| GivenHeadcount { staff, as_of }),
                _ => None,
            };
            let facts = OrgFacts {
                code: k.ods_code.clone(),
                name: k.name,
                kind: k.kind,
                parent: k.parent_code,
                country: k.country,
                region: k.region,
                headcount,
            };
            let known = Known {
                facts,
                has_sites: k.has_sites,
            };
            (k.ods_code, known)
        })
        .collect())
}

/// A row to write: what it was (for an update), what it becomes, and its line.
struct Change<'a> {
    before: Option<&'a OrgFacts>,
    after: &'a OrgFacts,
    changed: &'a [Field],
    line: usize,
}

/// New organisations in batches, groups first so a site's group exists when it is
/// written; then each update; an audit event for every change, all inside `tx`.
pub async fn write(
    tx: &mut Tx,
    officer: &RaOfficer,
    import: &ImportRow,
    rows: &[OrgCsvRow],
    verdicts: &[OrgVerdict],
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut new = Vec::new();
    let mut updated = Vec::new();
    for (row, verdict) in rows.iter().zip(verdicts) {
        match verdict {
            OrgVerdict::New(after) => new.push(Change {
                before: None,
                after,
                changed: &[],
                line: row.line,
            }),
            OrgVerdict::Update {
                before,
                after,
                changed,
            } => updated.push(Change {
                before: Some(before),
                after,
                changed,
                line: row.line,
            }),
            _ => {}
        }
    }
    new.sort_by_key(|c| c.after.parent.is_some());
    let all = codes(rows);
    let mut ids: HashMap<OdsCode, OrgId> = repo::ids_for(tx, &all.iter().collect::<Vec<_>>())
        .await?
        .into_iter()
        .collect();
    for c in &new {
        ids.insert(c.after.code.clone(), OrgId::new());
    }
    let by = Some(officer.person_id());
    let stored = |h: GivenHeadcount| NewHeadcount {
        staff: i64::from(h.staff),
        as_of: h.as_of,
        by,
        giver: HeadcountGiver::RaOfficer,
    };
    let parent_id = |f: &OrgFacts| f.parent.as_ref().and_then(|p| ids.get(p).copied());
    let inserts: Vec<NewOrg<'_>> = new
        .iter()
        .map(|c| NewOrg {
            id: ids[&c.after.code],
            code: &c.after.code,
            name: &c.after.name,
            kind: c.after.kind,
            country: c.after.country,
            region: c.after.region.as_deref(),
            parent_id: parent_id(c.after),
            headcount: c.after.headcount.map(stored),
        })
        .collect();
    match repo::insert_many(tx, &inserts, now).await {
        Ok(()) => {}
        // Added by someone else since the preview: nothing is kept.
        Err(DbError::Duplicate(_)) => {
            return Err(AppError::Conflict(
                "Nothing was imported: one of its organisations was added meanwhile. Upload the file again."
                    .into(),
            ));
        }
        Err(e) => return Err(e.into()),
    }
    for c in &updated {
        let f = c.after;
        // Judged before the transaction: an organisation gone since is a conflict.
        let id = *ids.get(&f.code).ok_or_else(|| {
            AppError::Conflict(format!(
                "Nothing was imported: {} changed meanwhile. Upload the file again.",
                f.code
            ))
        })?;
        let headcount = f
            .headcount
            .filter(|_| c.changed.contains(&Field::Headcount))
            .map(stored);
        let update = OrgUpdate {
            id,
            name: &f.name,
            kind: f.kind,
            country: f.country,
            region: f.region.as_deref(),
            parent_id: parent_id(f),
            headcount,
        };
        repo::update(tx, &update, now).await?;
    }
    let events: Vec<AuditEvent<'_>> = new
        .iter()
        .chain(&updated)
        .flat_map(|c| events(c, officer, import, now))
        .collect();
    audit::record_many(tx, &events).await?;
    Ok(new.len() + updated.len())
}

/// A change's audit events: the organisation's, and the headcount's as every headcount
/// change is recorded (with what it replaced).
fn events<'a>(
    c: &Change<'a>,
    officer: &RaOfficer,
    import: &ImportRow,
    now: DateTime<Utc>,
) -> Vec<AuditEvent<'a>> {
    let f = c.after;
    let code = f.code.as_str();
    let from =
        json!({ "import": import.id.to_string(), "file_name": import.file_name, "line": c.line });
    let (action, summary) = match c.before {
        None => (
            "organisation.imported",
            format!("Added {} ({code})", f.name),
        ),
        Some(_) => {
            let fields: Vec<&str> = c.changed.iter().map(|f| f.label()).collect();
            let summary = format!("Changed the {} of {code}", fields.join(", "));
            ("organisation.updated", summary)
        }
    };
    let mut out = vec![AuditEvent {
        actor: Some(officer.person_id()),
        action,
        subject_type: Subject::Organisation,
        subject_id: Some(code),
        subject_org: Some(code),
        details: json!({
            "summary": summary,
            "changed": c.changed,
            "before": c.before,
            "after": f,
            "from": from,
        }),
        occurred_at: now,
    }];
    let headcount_changed = c.before.is_none() || c.changed.contains(&Field::Headcount);
    if let Some(given) = f.headcount.filter(|_| headcount_changed) {
        let before = c
            .before
            .and_then(|b| b.headcount)
            .map(|h| (i64::from(h.staff), h.as_of));
        out.push(headcount_event(
            officer.person_id(),
            code,
            before,
            given,
            HeadcountGiver::RaOfficer,
            now,
        ));
    }
    out
}

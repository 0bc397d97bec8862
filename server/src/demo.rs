//! Demo data for the dev run: the organisations the sandbox's demo users belong to,
//! including a care-home group with three sites. Idempotent; each organisation created
//! is audited.

use chrono::Utc;
use ra_db::{
    Db, DbResult,
    repo::{audit, organisations},
};
use ra_domain::OdsCode;
use serde_json::json;

const ORGS: &[(&str, &str, Option<&str>)] = &[
    ("RX1", "Northshire Integrated Care Board", None),
    ("Y99", "Northshire Audit Services", None),
    ("VMB01", "Meadowbank Care Home", None),
    ("VNC01", "Canterbury Care Homes", None),
    ("VNC11", "Canterbury House", Some("VNC01")),
    ("VNC12", "Canterbury Lodge", Some("VNC01")),
    ("VNC13", "Canterbury Court", Some("VNC01")),
];

pub async fn seed(db: &Db) -> DbResult<usize> {
    let mut created = 0;
    for (code, name, parent) in ORGS {
        let code = OdsCode::parse(code).map_err(|e| ra_db::DbError::Corrupt(e.to_string()))?;
        if organisations::find_by_code(db, &code).await?.is_some() {
            continue;
        }
        let parent_id = match parent {
            Some(p) => {
                let p = OdsCode::parse(p).map_err(|e| ra_db::DbError::Corrupt(e.to_string()))?;
                organisations::find_by_code(db, &p).await?.map(|o| o.id)
            }
            None => None,
        };
        let now = Utc::now();
        let mut tx = db.begin().await?;
        let id = organisations::upsert(&mut tx, &code, name, parent_id, now).await?;
        audit::record(
            &mut tx,
            audit::AuditEvent {
                actor: None,
                action: "organisation_created",
                subject_type: audit::Subject::Organisation,
                subject_id: Some(&id.to_string()),
                details: json!({ "summary": format!("Demo data: {name} ({code})"), "ods_code": code.as_str() }),
                occurred_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        created += 1;
    }
    Ok(created)
}

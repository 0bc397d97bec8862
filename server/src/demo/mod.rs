//! Demo data for the dev run: the organisations the sandbox's demo users belong to,
//! including a care-home group with three sites (two in England, one in Scotland), and,
//! with `RA_DEMO_ROLLOUT`, that group's rollout and a few hundred synthetic organisations
//! (`rollout`). Idempotent; each organisation created is audited.

pub mod rollout;

use chrono::Utc;
use ra_db::{
    Db, DbResult,
    repo::{audit, organisations, synthetic},
};
use ra_domain::{
    OdsCode,
    organisation::{Country, OrgKind},
};

type Org = (
    &'static str,
    &'static str,
    Option<&'static str>,
    OrgKind,
    Country,
    &'static str,
);

const ORGS: &[Org] = &[
    (
        "RX1",
        "Northshire Integrated Care Board",
        None,
        OrgKind::Icb,
        Country::England,
        "North East and Yorkshire",
    ),
    (
        "Y99",
        "Northshire Audit Services",
        None,
        OrgKind::Other,
        Country::England,
        "North East and Yorkshire",
    ),
    (
        "VMB01",
        "Meadowbank Care Home",
        None,
        OrgKind::CareHomeSite,
        Country::England,
        "North West",
    ),
    (
        "VNC01",
        "Canterbury Care Homes",
        None,
        OrgKind::CareProvider,
        Country::England,
        "South East",
    ),
    (
        "VNC11",
        "Canterbury House",
        Some("VNC01"),
        OrgKind::CareHomeSite,
        Country::England,
        "South East",
    ),
    (
        "VNC12",
        "Canterbury Lodge",
        Some("VNC01"),
        OrgKind::CareHomeSite,
        Country::England,
        "South East",
    ),
    // A Scottish home: not in ODS's social-care data (CQC and CSSIW only); the code is
    // the demo's own until portal-local codes exist.
    (
        "VNC13",
        "Canterbury Court",
        Some("VNC01"),
        OrgKind::CareHomeSite,
        Country::Scotland,
        "Highland",
    ),
];

pub async fn seed(db: &Db) -> DbResult<usize> {
    let mut created = 0;
    for (code, name, parent, kind, country, region) in ORGS {
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
        let org = organisations::upsert(&mut tx, &code, name, parent_id, now).await?;
        synthetic::describe(
            &mut tx,
            &code,
            *kind,
            Some(*country),
            Some(region),
            None,
            now,
        )
        .await?;
        if org.created {
            let summary = format!("Demo data: {name} ({code})");
            let event = organisations::created_event(&code, name, None, summary, now);
            audit::record(&mut tx, event).await?;
        }
        tx.commit().await?;
        created += 1;
    }
    Ok(created)
}

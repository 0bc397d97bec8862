//! Demo data for the dev run: the organisations the sandbox's demo users belong to,
//! including a care-home group with three sites (two in England; one in Scotland, with a
//! portal-local code), and, with `RA_DEMO_ROLLOUT`, that group's rollout and a few
//! hundred synthetic organisations (`rollout`). Idempotent; each organisation created is
//! audited.

pub mod rollout;

use chrono::Utc;
use ra_db::{
    Db, DbResult,
    repo::{
        audit,
        organisations::{self, NewOrg},
    },
};
use ra_domain::{
    OdsCode, OrgId,
    organisation::{Country, OrgKind, named},
};

/// Code (`None`: ODS does not list it, so the portal gives it a local code), name,
/// group, kind, country, region.
type Org = (
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    OrgKind,
    Country,
    &'static str,
);

/// The group of the demo's care homes.
pub const CANTERBURY: &str = "VNC01";

const ORGS: &[Org] = &[
    (
        Some("RX1"),
        "Northshire Integrated Care Board",
        None,
        OrgKind::Icb,
        Country::England,
        "North East and Yorkshire",
    ),
    (
        Some("Y99"),
        "Northshire Audit Services",
        None,
        OrgKind::Other,
        Country::England,
        "North East and Yorkshire",
    ),
    (
        Some("VMB01"),
        "Meadowbank Care Home",
        None,
        OrgKind::CareHomeSite,
        Country::England,
        "North West",
    ),
    (
        Some(CANTERBURY),
        "Canterbury Care Homes",
        None,
        OrgKind::CareProvider,
        Country::England,
        "South East",
    ),
    (
        Some("VNC11"),
        "Canterbury House",
        Some(CANTERBURY),
        OrgKind::CareHomeSite,
        Country::England,
        "South East",
    ),
    (
        Some("VNC12"),
        "Canterbury Lodge",
        Some(CANTERBURY),
        OrgKind::CareHomeSite,
        Country::England,
        "South East",
    ),
    // A Scottish home: ODS takes social-care sites only from CQC and CSSIW, so it has no
    // ODS code, and the portal gives it a portal-local one (LOC-00001 on a new database).
    (
        None,
        "Canterbury Court",
        Some(CANTERBURY),
        OrgKind::CareHomeSite,
        Country::Scotland,
        "Highland",
    ),
];

fn parse(code: &str) -> DbResult<OdsCode> {
    OdsCode::parse(code).map_err(|e| ra_db::DbError::Corrupt(e.to_string()))
}

/// The code of the site `name` of the group `group`, if the portal holds it.
pub async fn site_code(db: &Db, group: &str, name: &str) -> DbResult<Option<OdsCode>> {
    let Some(g) = organisations::find_by_code(db, &parse(group)?).await? else {
        return Ok(None);
    };
    Ok(organisations::children(db, g.id)
        .await?
        .into_iter()
        .find(|s| s.name == name)
        .map(|s| s.ods_code))
}

pub async fn seed(db: &Db) -> DbResult<usize> {
    let mut created = 0;
    for (code, name, parent, kind, country, region) in ORGS {
        let known = match code {
            Some(code) => organisations::find_by_code(db, &parse(code)?)
                .await?
                .is_some(),
            // Found by its name in its group: its code is whichever the portal gave.
            None => site_code(db, parent.unwrap_or_default(), name)
                .await?
                .is_some(),
        };
        if known {
            continue;
        }
        let parent_id = match parent {
            Some(p) => organisations::find_by_code(db, &parse(p)?)
                .await?
                .map(|o| o.id),
            None => None,
        };
        let now = Utc::now();
        let mut tx = db.begin().await?;
        let code = match code {
            Some(c) => parse(c)?,
            None => organisations::take_local_code(&mut tx).await?,
        };
        let id = OrgId::new();
        let row = NewOrg {
            id,
            code: &code,
            name,
            kind: *kind,
            country: Some(*country),
            region: Some(region),
            parent_id,
            headcount: None,
        };
        organisations::insert_many(&mut tx, &[row], now).await?;
        let summary = format!("Demo data: {}", named(name, code.as_str()));
        let event = organisations::created_event(&code, name, None, summary, now);
        audit::record(&mut tx, event).await?;
        tx.commit().await?;
        created += 1;
    }
    Ok(created)
}

//! Organisations: the caller's own, one organisation's record, its headcount, the group
//! it is a site of, and those an RA officer records by hand.

mod add;
mod headcount;
mod import;
mod move_site;

pub use add::{AddOrganisation, AddedOrg, add_organisation};
pub use headcount::{SetHeadcount, set_headcount};
#[cfg(feature = "ssr")]
pub use import::OrgImport;
pub use import::{CommitOrgImport, PreviewOrgImport, commit_org_import, preview_org_import};
pub use move_site::{MoveSite, move_site};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

#[cfg(feature = "ssr")]
use super::uk_today;

/// Where an organisation stands among groups, for the rules in
/// `ra_domain::organisation::group`.
#[cfg(feature = "ssr")]
fn placed(p: &ra_db::repo::organisations::Placement) -> ra_domain::organisation::group::Placed<'_> {
    ra_domain::organisation::group::Placed {
        code: &p.ods_code,
        name: &p.name,
        group: p.group_code.as_ref(),
        has_sites: p.has_sites,
    }
}

/// One organisation as its pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgRecord {
    pub ods_code: String,
    /// A portal-local code, not an ODS one.
    pub local_code: bool,
    pub name: String,
    /// The group it is a site of: its code, and "Name (CODE)".
    pub group_code: Option<String>,
    pub group: Option<String>,
    pub kind: String,
    pub country: Option<String>,
    pub region: Option<String>,
    pub headcount: Option<HeadcountShown>,
}

/// A known headcount, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadcountShown {
    pub staff: i64,
    /// e.g. "1 November 2026".
    pub as_of: String,
    /// "a manager" or "an RA officer".
    pub given_by: String,
}

#[cfg(feature = "ssr")]
impl From<ra_db::repo::organisations::OrganisationRow> for OrgRecord {
    fn from(o: ra_db::repo::organisations::OrganisationRow) -> Self {
        let headcount = match (o.headcount, o.headcount_as_of) {
            (Some(staff), Some(as_of)) => Some(HeadcountShown {
                staff,
                as_of: as_of.format("%-d %B %Y").to_string(),
                given_by: o
                    .headcount_giver
                    .map_or("someone", |g| g.label())
                    .to_owned(),
            }),
            _ => None,
        };
        let group = o.group_code.as_ref().map(|c| {
            ra_domain::organisation::named(o.group_name.as_deref().unwrap_or_default(), c.as_str())
        });
        Self {
            local_code: o.ods_code.is_local(),
            ods_code: o.ods_code.to_string(),
            group_code: o.group_code.map(|c| c.to_string()),
            group,
            name: o.name,
            kind: o.kind.label().to_owned(),
            country: o.country.map(|c| c.label().to_owned()),
            region: o.region,
            headcount,
        }
    }
}

/// One organisation's record: any for RA officers and auditors, their own and their
/// sites for managers (another organisation's is not found).
#[server(endpoint = "organisation/get")]
pub async fn get_organisation(ods_code: String) -> Result<OrgRecord, AppError> {
    use crate::{api::scope, auth};
    use ra_db::repo::organisations;
    use ra_domain::OdsCode;

    let me = auth::admit::<GetOrganisation>()?;
    let code = OdsCode::parse(&ods_code).map_err(|_| AppError::NotFound)?;
    let db = auth::db()?;
    if !scope::of_reader(&db, &me).await?.covers(&code) {
        return Err(AppError::NotFound);
    }
    organisations::find_by_code(&db, &code)
        .await?
        .map(OrgRecord::from)
        .ok_or(AppError::NotFound)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSummary {
    pub ods_code: String,
    pub name: String,
    pub headcount: Option<HeadcountShown>,
    pub sites: Vec<Site>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub ods_code: String,
    pub name: String,
    pub headcount: Option<HeadcountShown>,
}

/// The organisations the caller manages, with their sites.
///
/// Only their own organisations (and, for a CIS2 sponsor of a group, its sites).
#[server(endpoint = "organisation/mine")]
pub async fn my_organisations() -> Result<Vec<OrganisationSummary>, AppError> {
    use crate::auth;
    use ra_db::repo::organisations;

    let me = auth::admit::<MyOrganisations>()?;
    let manager = me.manager()?;
    let db = auth::db()?;
    let mut out = Vec::new();
    for code in manager.roots() {
        let Some(org) = organisations::find_by_code(&db, code).await? else {
            continue;
        };
        let sites = if manager.manages_sites() {
            organisations::children(&db, org.id).await?
        } else {
            Vec::new()
        };
        let sites = sites
            .into_iter()
            .map(|s| {
                let r = OrgRecord::from(s);
                Site {
                    ods_code: r.ods_code,
                    name: r.name,
                    headcount: r.headcount,
                }
            })
            .collect();
        let r = OrgRecord::from(org);
        out.push(OrganisationSummary {
            ods_code: r.ods_code,
            name: r.name,
            headcount: r.headcount,
            sites,
        });
    }
    Ok(out)
}

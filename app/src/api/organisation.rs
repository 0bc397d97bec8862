use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSummary {
    pub ods_code: String,
    pub name: String,
    pub sites: Vec<Site>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub ods_code: String,
    pub name: String,
}

/// The organisations the caller manages, with their sites.
///
/// Permissions: organisation manager (sponsor, activity B1300); only their own organisations.
#[server(endpoint = "organisation/mine")]
pub async fn my_organisations() -> Result<Vec<OrganisationSummary>, AppError> {
    use crate::auth;
    use ra_db::repo::organisations;

    let me = auth::principal()?;
    let managed = me.managed_orgs();
    if managed.is_empty() {
        return Err(auth::fail(crate::AppError::Forbidden(
            "This needs a sponsor (B1300) position at an organisation.".into(),
        )));
    }
    let db = auth::db()?;
    let mut out = Vec::new();
    for code in managed {
        let manager = auth::require(me.manager_of(&code))?;
        let Some(org) = organisations::find_by_code(&db, &manager.org_code).await? else {
            continue;
        };
        let sites = if me.manages_sites() {
            organisations::children(&db, org.id).await?
        } else {
            Vec::new()
        };
        let sites = sites
            .into_iter()
            .map(|s| Site {
                ods_code: s.ods_code,
                name: s.name,
            })
            .collect();
        out.push(OrganisationSummary {
            ods_code: org.ods_code,
            name: org.name,
            sites,
        });
    }
    Ok(out)
}

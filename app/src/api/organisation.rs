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
            .map(|s| Site {
                ods_code: s.ods_code.to_string(),
                name: s.name,
            })
            .collect();
        out.push(OrganisationSummary {
            ods_code: org.ods_code.to_string(),
            name: org.name,
            sites,
        });
    }
    Ok(out)
}

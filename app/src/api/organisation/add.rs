//! An RA officer defines a group or records a site by hand: with its ODS code, or, for
//! an organisation ODS does not list (a Scottish care home), a portal-local code the
//! portal gives. Audited in the same transaction.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

/// The organisation as added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedOrg {
    pub ods_code: String,
    pub name: String,
    pub local_code: bool,
    /// The group it is a site of, as "Name (CODE)".
    pub group: Option<String>,
}

/// Records an organisation: `group` (a code) puts it under that group; a blank
/// `ods_code` gives it the next portal-local code.
///
/// Permissions: RA officers.
#[server(endpoint = "organisation/add")]
pub async fn add_organisation(
    name: String,
    kind: String,
    country: Option<String>,
    region: Option<String>,
    ods_code: Option<String>,
    group: Option<String>,
) -> Result<AddedOrg, AppError> {
    use ra_domain::organisation::{NewOrgForm, check_new_org};

    let me = crate::auth::admit::<AddOrganisation>()?;
    let officer = me.ra_officer()?;
    let blank = String::new();
    let facts = check_new_org(NewOrgForm {
        name: &name,
        kind: &kind,
        country: country.as_ref().unwrap_or(&blank),
        region: region.as_ref().unwrap_or(&blank),
        ods_code: ods_code.as_ref().unwrap_or(&blank),
        group: group.as_ref().unwrap_or(&blank),
    })
    .map_err(AppError::Invalid)?;
    server::add(&crate::auth::db()?, &officer, facts).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use ra_db::{
        Db, DbError,
        repo::{
            audit::{self, AuditEvent, Subject},
            organisations::{self, NewOrg},
        },
    };
    use ra_domain::{
        OrgId, RaOfficer,
        organisation::{NewOrgFacts, group::check_group, named},
    };
    use serde_json::json;

    use super::AddedOrg;
    use crate::{AppError, api::organisation::placed};

    pub async fn add(db: &Db, officer: &RaOfficer, f: NewOrgFacts) -> Result<AddedOrg, AppError> {
        let now = Utc::now();
        let mut tx = db.begin().await?;
        // The group is locked before anything is read, so it cannot become a site of
        // another group while this site joins it.
        let group = match &f.group {
            None => None,
            Some(code) => {
                let found = organisations::lock_placements(&mut tx, &[code], now).await?;
                let g = found.into_iter().next().ok_or_else(|| {
                    AppError::field("group", format!("The portal knows no organisation {code}"))
                })?;
                check_group(&placed(&g)).map_err(|e| AppError::Invalid(vec![e]))?;
                Some(g)
            }
        };
        let code = match f.code {
            Some(code) => code,
            None => organisations::take_local_code(&mut tx).await?,
        };
        let row = NewOrg {
            id: OrgId::new(),
            code: &code,
            name: &f.name,
            kind: f.kind,
            country: f.country,
            region: f.region.as_deref(),
            parent_id: group.as_ref().map(|g| g.id),
            headcount: None,
        };
        match organisations::insert_many(&mut tx, &[row], now).await {
            Ok(()) => {}
            Err(DbError::Duplicate(_)) => {
                return Err(AppError::field(
                    "ods_code",
                    format!("The portal already knows {code}: find it on the adoption overview"),
                ));
            }
            Err(e) => return Err(e.into()),
        }
        let group_named = group.as_ref().map(|g| named(&g.name, g.ods_code.as_str()));
        audit::record(
            &mut tx,
            AuditEvent {
                actor: Some(officer.person_id()),
                action: "organisation.added",
                subject_type: Subject::Organisation,
                subject_id: Some(code.as_str()),
                subject_org: Some(code.as_str()),
                details: json!({
                    "summary": match &group_named {
                        Some(g) => format!("Added {} to {g}", named(&f.name, code.as_str())),
                        None => format!("Added {}", named(&f.name, code.as_str())),
                    },
                    "before": null,
                    "after": {
                        "ods_code": code.as_str(),
                        "local_code": code.is_local(),
                        "name": f.name,
                        "kind": f.kind.as_str(),
                        "country": f.country.map(|c| c.as_str()),
                        "region": f.region,
                        "group": group.as_ref().map(|g| g.ods_code.as_str()),
                    },
                }),
                occurred_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(AddedOrg {
            ods_code: code.to_string(),
            name: f.name,
            local_code: code.is_local(),
            group: group_named,
        })
    }
}

//! One organisation's rollout, or a group's with its sites side by side.

use leptos::prelude::*;
use ra_domain::adoption::Figures;
use serde::{Deserialize, Serialize};

use super::AdoptionRow;
use crate::{AppError, api::registration::RequestSummary};

/// People still to do listed on a rollout page, at most.
#[cfg(feature = "ssr")]
const TO_DO_SHOWN: u32 = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgAdoption {
    pub ods_code: String,
    pub name: String,
    pub kind: String,
    pub local_code: bool,
    /// The group it is a site of, as "Name (CODE)".
    pub group: Option<String>,
    /// The organisation and every site the caller may read, added up.
    pub figures: Figures,
    /// Its sites, each with its own figures (empty for a single organisation).
    pub sites: Vec<AdoptionRow>,
    /// Registrations so far at the end of each day one happened: (day, running total).
    pub cumulative: Vec<(String, u32)>,
    /// Open requests, the longest without a step first (at most 100; the
    /// figures' `in_progress` says how many there are).
    pub to_do: Vec<RequestSummary>,
    pub counted_at: String,
}

/// One organisation's figures with its sites': any organisation for RA officers and
/// auditors; managers their own (and, for a CIS2 sponsor, its sites). Another's is not
/// found.
#[server(endpoint = "adoption/organisation")]
pub async fn organisation_adoption(ods_code: String) -> Result<OrgAdoption, AppError> {
    use crate::{api::scope, auth};
    use ra_domain::OdsCode;

    let me = auth::admit::<OrganisationAdoption>()?;
    let code = OdsCode::parse(&ods_code).map_err(|_| AppError::NotFound)?;
    let db = auth::db()?;
    let scope = scope::of_reader(&db, &me).await?;
    if !scope.covers(&code) {
        return Err(AppError::NotFound);
    }
    server::of(&db, &scope, code).await
}

#[cfg(feature = "ssr")]
mod server {
    use std::collections::BTreeSet;

    use chrono::Utc;
    use ra_db::{
        Db,
        repo::{adoption, organisations},
    };
    use ra_domain::{OdsCode, Scope, ScopeFilter, adoption::Inputs};

    use super::super::{AdoptionRow, counted_at, load};
    use super::OrgAdoption;
    use crate::AppError;

    pub async fn of(db: &Db, scope: &Scope, code: OdsCode) -> Result<OrgAdoption, AppError> {
        let now = Utc::now();
        let today = now.date_naive();
        let mut codes: BTreeSet<OdsCode> = organisations::sites_of(db, std::slice::from_ref(&code))
            .await?
            .into_iter()
            .filter(|s| scope.covers(s))
            .collect();
        codes.insert(code.clone());
        let counted =
            load::organisations(db, ScopeFilter::Only(&codes), Default::default(), now).await?;
        let mut total = Inputs::default();
        let mut me = None;
        let mut sites = Vec::new();
        for c in counted {
            total.add(&c.inputs);
            let r = &c.row;
            if r.ods_code == code {
                let group = r.parent_code.as_ref().zip(r.parent_name.as_ref());
                let group = group.map(|(c, n)| ra_domain::organisation::named(n, c.as_str()));
                me = Some((
                    r.name.clone(),
                    r.kind.label().to_owned(),
                    r.local_code,
                    group,
                ));
                continue;
            }
            sites.push(AdoptionRow::organisation(&c, false, false, today));
        }
        // Side by side by name: codes do not order sites for people (a portal code
        // would sort before every ODS one).
        sites.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.key.cmp(&b.key)));
        let (name, kind, local_code, group) = me.ok_or(AppError::NotFound)?;
        let to_do = adoption::still_to_do(db, ScopeFilter::Only(&codes), super::TO_DO_SHOWN)
            .await?
            .iter()
            .map(|r| crate::api::registration::summary(r, now))
            .collect();
        let mut running = 0u32;
        let cumulative = adoption::enrolments_by_day(db, ScopeFilter::Only(&codes))
            .await?
            .into_iter()
            .map(|d| {
                running += u32::try_from(d.requests.max(0)).unwrap_or(u32::MAX);
                (d.day, running)
            })
            .collect();
        Ok(OrgAdoption {
            ods_code: code.to_string(),
            name,
            kind,
            local_code,
            group,
            figures: total.figures(today),
            sites,
            cumulative,
            to_do,
            counted_at: counted_at(now),
        })
    }
}

//! An RA officer moves a site to another group, or out of its group. The adoption
//! roll-ups and managers' scopes read the group when asked, so the site counts under its
//! new group, and its new group's managers see it, from the move on. Audited with the
//! group it left, in the same transaction.

use leptos::prelude::*;

use super::OrgRecord;
use crate::AppError;

/// Puts the site `ods_code` in the group `group` (a code), or in none when blank.
///
/// Permissions: RA officers.
#[server(endpoint = "organisation/move")]
pub async fn move_site(ods_code: String, group: Option<String>) -> Result<OrgRecord, AppError> {
    use ra_domain::OdsCode;

    let me = crate::auth::admit::<MoveSite>()?;
    let officer = me.ra_officer()?;
    let site = OdsCode::parse(&ods_code).map_err(|_| AppError::NotFound)?;
    let to = match group.as_deref().map(str::trim).unwrap_or_default() {
        "" => None,
        g => Some(OdsCode::parse(g).map_err(|_| {
            AppError::field("group", "Enter the group's code, like VNC01 or LOC-00001")
        })?),
    };
    server::move_to(&crate::auth::db()?, &officer, &site, to.as_ref()).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use ra_db::{
        Db,
        repo::{
            audit::{self, AuditEvent, Subject},
            organisations,
        },
    };
    use ra_domain::{
        OdsCode, RaOfficer,
        organisation::{group::check_move, named},
    };
    use serde_json::json;

    use super::OrgRecord;
    use crate::{AppError, api::organisation::placed};

    pub async fn move_to(
        db: &Db,
        officer: &RaOfficer,
        site: &OdsCode,
        to: Option<&OdsCode>,
    ) -> Result<OrgRecord, AppError> {
        let now = Utc::now();
        let mut tx = db.begin().await?;
        let codes: Vec<&OdsCode> = std::iter::once(site).chain(to).collect();
        // Both rows are locked before they are read: see `lock_placements`.
        let found = organisations::lock_placements(&mut tx, &codes, now).await?;
        let find = |c: &OdsCode| found.iter().find(|p| p.ods_code == *c);
        let s = find(site).ok_or(AppError::NotFound)?;
        let t = match to {
            None => None,
            Some(c) => Some(find(c).ok_or_else(|| {
                AppError::field("group", format!("The portal knows no organisation {c}"))
            })?),
        };
        check_move(&placed(s), t.map(placed).as_ref()).map_err(|e| AppError::Invalid(vec![e]))?;
        organisations::set_group(&mut tx, s.id, t.map(|t| t.id), now).await?;
        let was = s
            .group_code
            .as_ref()
            .map(|c| (c.as_str(), s.group_name.as_deref().unwrap_or_default()));
        let now_in = t.map(|t| (t.ods_code.as_str(), t.name.as_str()));
        let words = |g: Option<(&str, &str)>| g.map_or("no group".to_owned(), |(c, n)| named(n, c));
        let group = |g: Option<(&str, &str)>| {
            g.map(|(code, name)| json!({ "ods_code": code, "name": name }))
        };
        audit::record(
            &mut tx,
            AuditEvent {
                actor: Some(officer.person_id()),
                action: "organisation.moved",
                subject_type: Subject::Organisation,
                subject_id: Some(site.as_str()),
                subject_org: Some(site.as_str()),
                details: json!({
                    "summary": format!(
                        "Moved {} from {} to {}",
                        named(&s.name, site.as_str()),
                        words(was),
                        words(now_in)
                    ),
                    "before": { "group": group(was) },
                    "after": { "group": group(now_in) },
                }),
                occurred_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        organisations::find_by_code(db, site)
            .await?
            .map(OrgRecord::from)
            .ok_or(AppError::NotFound)
    }
}

//! One request with everything its page shows: the person, the steps the caller may take
//! now, their devices and the request's history.

use leptos::prelude::*;

use super::RequestDetail;
use crate::AppError;

#[server(endpoint = "registration/get")]
pub async fn get_request(id: String) -> Result<RequestDetail, AppError> {
    let me = crate::auth::admit::<GetRequest>()?;
    server::detail(&me, &id).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use ra_db::repo::enrolment;
    use ra_domain::{
        Principal,
        registration::{Actor, DocumentType, Meeting, may_act, possible},
    };

    use super::super::{DeviceView, RequestDetail, rows};
    use crate::{AppError, api::scope, auth};

    pub async fn detail(me: &Principal, id: &str) -> Result<RequestDetail, AppError> {
        let db = auth::db()?;
        let scope = scope::of_reader(&db, me).await?;
        let row = rows::find_in_scope(&db, &scope, id).await?;
        let now = Utc::now();
        let locked_by_other = may_act(rows::lock_of(&row).as_ref(), me.person_id, now)
            .err()
            .map(|e| e.to_string());
        let officer = me.ra_officer().is_ok();
        let requester = scope.manager_of(&row.ods_code).is_some();
        let actions = possible(row.state)
            .into_iter()
            .filter(|a| match a.actor() {
                Actor::RaOfficer => officer,
                Actor::Requester => requester || officer,
                Actor::Enrolee | Actor::System => false,
            })
            .collect();
        let meeting = match (row.meeting_at, row.meeting_mode) {
            (Some(at), Some(mode)) => Some(Meeting { at, mode }.summary()),
            _ => None,
        };
        let devices = enrolment::devices_of(&db, &row.email)
            .await?
            .into_iter()
            .map(|d| DeviceView {
                kind: "Microsoft Authenticator".into(),
                registered: d.registered_at.format("%-d %B %Y %H:%M UTC").to_string(),
                removed: d.removed_at.map(|t| {
                    format!(
                        "Removed {} by {}: {}",
                        t.format("%-d %B %Y"),
                        d.removed_by_name.clone().unwrap_or_default(),
                        d.removal_reason.clone().unwrap_or_default()
                    )
                }),
            })
            .collect();
        Ok(RequestDetail {
            summary: rows::summary(&row, now),
            phone: row.phone.clone(),
            phone_kind: row.phone_kind.as_str().to_owned(),
            locked_by_other,
            meeting,
            identity_documents: row
                .identity_documents
                .as_ref()
                .map(|d| {
                    d.0.iter()
                        .filter_map(|s| DocumentType::parse(s))
                        .map(|d| d.label().to_owned())
                        .collect()
                })
                .unwrap_or_default(),
            decision_reason: row.decision_reason.clone(),
            actions,
            devices,
            timeline: rows::timeline(&db, row.id).await?,
        })
    }
}

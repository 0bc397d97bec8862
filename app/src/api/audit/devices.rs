//! `audit/devices`: the device report — each Microsoft Authenticator registered, its
//! organisation and phone kind, when it was registered and removed — filtered, 50 a page.

// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

/// The report's filters as the query string gives them (page, function and export).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceFilters {
    pub org: Option<String>,
    /// `personal` or `business`.
    pub phone: Option<String>,
    /// `active` or `removed`.
    pub status: Option<String>,
    pub from_day: Option<String>,
    pub from_month: Option<String>,
    pub from_year: Option<String>,
    pub to_day: Option<String>,
    pub to_month: Option<String>,
    pub to_year: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub person: String,
    pub email: String,
    pub kind: String,
    pub org: String,
    pub phone: String,
    pub registered: String,
    pub removed: Option<String>,
    pub removal_reason: Option<String>,
    pub request_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceReport {
    pub devices: Vec<DeviceView>,
    pub next: Option<String>,
}

#[server(endpoint = "audit/devices")]
pub async fn list_devices(
    org: Option<String>,
    phone: Option<String>,
    status: Option<String>,
    from_day: Option<String>,
    from_month: Option<String>,
    from_year: Option<String>,
    to_day: Option<String>,
    to_month: Option<String>,
    to_year: Option<String>,
    after: Option<String>,
) -> Result<DeviceReport, AppError> {
    crate::auth::admit::<ListDevices>()?.auditor()?;
    let filters = DeviceFilters {
        org,
        phone,
        status,
        from_day,
        from_month,
        from_year,
        to_day,
        to_month,
        to_year,
    };
    let mut q = device_query(&filters)?;
    q.after = match after.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some(a) => Some(
            ra_db::cursor::Cursor::decode(a)
                .ok_or_else(|| AppError::field("after", "Not a page"))?,
        ),
    };
    let db = crate::auth::db()?;
    let page = ra_db::repo::audit::reports::devices(&db, &q).await?;
    Ok(DeviceReport {
        devices: page.rows.into_iter().map(view).collect(),
        next: page.next.map(|c| c.encode()),
    })
}

#[cfg(feature = "ssr")]
fn view(d: ra_db::repo::audit::reports::DeviceRow) -> DeviceView {
    let when = |t: chrono::DateTime<chrono::Utc>| t.format("%-d %B %Y %H:%M UTC").to_string();
    DeviceView {
        person: d.person_name,
        email: d.person_email,
        kind: match d.kind.as_str() {
            "microsoft_authenticator" => "Microsoft Authenticator".into(),
            other => other.to_owned(),
        },
        org: d.ods_code,
        phone: d.phone_kind,
        registered: when(d.registered_at),
        removed: d.removed_at.map(when),
        removal_reason: d.removal_reason,
        request_id: d.request_id.to_string(),
    }
}

/// The repository's query for `f`, or what is wrong with it.
#[cfg(feature = "ssr")]
pub fn device_query(
    f: &DeviceFilters,
) -> Result<ra_db::repo::audit::reports::DeviceQuery, AppError> {
    use super::given;

    let range = crate::api::date_range([
        &f.from_day,
        &f.from_month,
        &f.from_year,
        &f.to_day,
        &f.to_month,
        &f.to_year,
    ])?;
    let phone = given("phone", &f.phone)?;
    if phone
        .as_deref()
        .is_some_and(|p| p != "personal" && p != "business")
    {
        return Err(AppError::field("phone", "Choose personal or business"));
    }
    let removed = match given("status", &f.status)?.as_deref() {
        None => None,
        Some("active") => Some(false),
        Some("removed") => Some(true),
        Some(_) => return Err(AppError::field("status", "Choose active or removed")),
    };
    Ok(ra_db::repo::audit::reports::DeviceQuery {
        org: given("org", &f.org)?.map(|o| o.to_uppercase()),
        phone_kind: phone,
        removed,
        from: range.start(),
        to: range.end(),
        after: None,
        limit: super::AUDIT_PAGE,
    })
}

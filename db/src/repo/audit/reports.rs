//! The auditors' device report: every Microsoft Authenticator registered, with its
//! request's organisation and phone kind, newest first in keyset pages.

use chrono::{DateTime, Utc};
use ra_domain::{DeviceId, RequestId};

use crate::{
    Db, DbResult,
    args::{Arg, Args, fetch_all},
    cursor::Cursor,
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeviceRow {
    pub id: DeviceId,
    pub request_id: RequestId,
    pub person_name: String,
    pub person_email: String,
    pub kind: String,
    pub ods_code: String,
    pub phone_kind: String,
    pub registered_at: DateTime<Utc>,
    pub removed_at: Option<DateTime<Utc>>,
    pub removal_reason: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct DeviceQuery {
    pub org: Option<String>,
    pub phone_kind: Option<String>,
    /// Some(true): only removed devices; Some(false): only active ones.
    pub removed: Option<bool>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub after: Option<Cursor>,
    pub limit: u32,
}

pub struct DevicePage {
    pub rows: Vec<DeviceRow>,
    pub next: Option<Cursor>,
}

pub async fn devices(db: &Db, q: &DeviceQuery) -> DbResult<DevicePage> {
    let mut args = Args::default();
    let mut clauses: Vec<String> = Vec::new();
    for (column, value) in [("r.ods_code", &q.org), ("r.phone_kind", &q.phone_kind)] {
        if let Some(v) = value {
            let p = args.push(Arg::Text(v.clone()));
            clauses.push(format!("{column} = {p}"));
        }
    }
    match q.removed {
        Some(true) => clauses.push("d.removed_at IS NOT NULL".into()),
        Some(false) => clauses.push("d.removed_at IS NULL".into()),
        None => {}
    }
    if let Some(t) = q.from {
        let p = args.push(Arg::Time(t));
        clauses.push(format!("d.registered_at >= {p}"));
    }
    if let Some(t) = q.to {
        let p = args.push(Arg::Time(t));
        clauses.push(format!("d.registered_at < {p}"));
    }
    if let Some((t, id)) = q.after.as_ref().and_then(|c| Some((c.as_time()?, c.id))) {
        let (pt, pi) = (args.push(Arg::Time(t)), args.push(Arg::Id(id)));
        clauses.push(format!("(d.registered_at, d.id) < ({pt}, {pi})"));
    }
    let limit = crate::sql::limit(u64::from(q.limit) + 1);
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let sql = format!(
        "SELECT d.id, d.request_id, r.person_name, d.person_email, d.kind, r.ods_code, \
         r.phone_kind, d.registered_at, d.removed_at, d.removal_reason \
         FROM devices d JOIN registration_requests r ON r.id = d.request_id{filter} \
         ORDER BY d.registered_at DESC, d.id DESC {limit}"
    );
    let mut rows: Vec<DeviceRow> = fetch_all(db, &sql, &args).await?;
    let next = if rows.len() > q.limit as usize {
        rows.truncate(q.limit as usize);
        rows.last().map(|r| Cursor::time(r.registered_at, r.id.0))
    } else {
        None
    };
    Ok(DevicePage { rows, next })
}

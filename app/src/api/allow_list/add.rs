//! New entries: an RA officer adds a domain, or a sponsor asks for one for their own
//! organisation. Either way the entry and its audit event commit together.

use leptos::prelude::*;

use crate::AppError;

/// An RA officer adds a domain: `initial` is `active` (already on the CIS2 list) or
/// `to_submit` (still to be sent to NHS England).
#[server(endpoint = "allow-list/add")]
pub async fn add_entry(
    domain: String,
    ods_code: String,
    covers_subdomains: Option<String>,
    note: String,
    initial: String,
) -> Result<String, AppError> {
    use ra_domain::allow_list::{EntryForm, Origin};
    let me = crate::auth::admit::<AddEntry>()?;
    let officer = me.ra_officer()?;
    let origin = match initial.as_str() {
        "active" => Origin::DirectActive,
        "to_submit" => Origin::DirectToSubmit,
        _ => {
            return Err(AppError::field(
                "initial",
                "Choose whether the domain is already on the CIS2 allow list",
            ));
        }
    };
    let form = EntryForm {
        domain,
        ods_code,
        covers_subdomains: covers_subdomains.is_some(),
        reason: note,
        evidence_url: String::new(),
    };
    let entry = ra_domain::allow_list::validate(&form, origin)?;
    server::create(server::Author::Officer(officer, origin), entry).await
}

/// A sponsor asks for a domain for one of their own organisations.
#[server(endpoint = "allow-list/request")]
pub async fn request_domain(
    domain: String,
    ods_code: String,
    covers_subdomains: Option<String>,
    reason: String,
    evidence_url: String,
) -> Result<String, AppError> {
    use ra_domain::allow_list::{EntryForm, Origin};
    let me = crate::auth::admit::<RequestDomain>()?;
    let form = EntryForm {
        domain,
        ods_code,
        covers_subdomains: covers_subdomains.is_some(),
        reason,
        evidence_url,
    };
    // Validate first so a mistyped code reads as a field error, then authorise on the
    // normalised code.
    let entry = ra_domain::allow_list::validate(&form, Origin::Request)?;
    let manager = me.manager_of(&entry.ods_code)?;
    server::create(server::Author::Manager(manager), entry).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use ra_db::{
        DbError,
        repo::{
            allow_list as repo,
            audit::{self, AuditEvent},
        },
    };
    use ra_domain::{
        EntryId, OrgManager, RaOfficer,
        allow_list::{DomainName, NewEntry, Origin},
    };
    use serde_json::json;

    use super::super::rows::SUBJECT;
    use crate::{AppError, auth};

    /// Who adds an entry, which decides how it starts.
    pub enum Author {
        Officer(RaOfficer, Origin),
        Manager(OrgManager),
    }

    pub fn duplicate(domain: &DomainName) -> AppError {
        AppError::field(
            "domain",
            format!("{} is already on the allow list", domain.to_unicode()),
        )
    }

    /// Stores a validated entry with its audit record, in one transaction.
    pub async fn create(author: Author, entry: NewEntry) -> Result<String, AppError> {
        let (actor, origin, action) = match &author {
            Author::Officer(o, origin) => (o.person_id(), *origin, "allow_list.added"),
            Author::Manager(m) => (m.person_id(), Origin::Request, "allow_list.requested"),
        };
        let status = origin.initial_status();
        let now = Utc::now();
        let id = EntryId::new();
        let db = auth::db()?;
        let mut tx = db.begin().await?;
        let row = repo::NewEntryRow {
            id,
            domain: &entry.domain,
            covers_subdomains: entry.covers_subdomains,
            ods_code: &entry.ods_code,
            status,
            source: origin.source(),
            reason: &entry.reason,
            evidence_url: entry.evidence_url.as_deref(),
            created_by: actor,
            now,
        };
        match repo::insert(&mut tx, &[row]).await {
            Ok(()) => {}
            Err(DbError::Duplicate(_)) => return Err(duplicate(&entry.domain)),
            Err(e) => return Err(e.into()),
        }
        audit::record(
            &mut tx,
            AuditEvent {
                actor: Some(actor),
                action,
                subject_type: SUBJECT,
                subject_id: Some(&id.to_string()),
                subject_org: Some(entry.ods_code.as_str()),
                details: json!({
                    "domain": entry.domain.as_str(),
                    "ods_code": entry.ods_code.as_str(),
                    "covers_subdomains": entry.covers_subdomains,
                    "status": status.as_str(),
                    "reason": entry.reason,
                    "evidence_url": entry.evidence_url,
                }),
                occurred_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        tracing::info!(entry = %id, domain = entry.domain.as_str(), action, "allow-list entry created");
        Ok(id.to_string())
    }
}

#[cfg(feature = "ssr")]
pub(super) use server::duplicate;

//! The auditors' reading of the trail: search with filters, one entry whole, a request's
//! or a person's timeline, the device report, and the trail's verification. Read-only:
//! nothing here changes anything but the trail itself (exports are audited).

mod devices;
mod entry;
mod search;
mod timeline;
pub mod verify;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::api::filter_text as given;

pub use devices::{DeviceFilters, DeviceReport, DeviceView, ListDevices, list_devices};
pub use entry::{AuditEntry, audit_entry};
pub use search::{AuditFilters, AuditResults, SearchAudit, search_audit};
pub use timeline::{AuditTimeline, Timeline, audit_timeline};
#[cfg(feature = "ssr")]
pub use verify::{AuditKey, check_trail};
#[cfg(feature = "ssr")]
pub use {devices::device_query, search::audit_query};

/// Entries and devices per page.
pub const AUDIT_PAGE: u32 = 50;

/// One entry as auditors read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub position: i64,
    /// "6 December 2026 10:15:03 UTC".
    pub when: String,
    /// Their name then, or who acted when no one was signed in.
    pub actor: String,
    /// "RA agent at RX1", when they acted in a portal role.
    pub role: Option<String>,
    /// Their CIS2 identity: issuer and subject.
    pub identity: Option<String>,
    pub action: String,
    /// The action in words.
    pub what: String,
    /// What it is about: "registration_request 4f…", "organisation VMB01".
    pub target: String,
    pub org: Option<String>,
    pub summary: String,
    /// The recorded details, pretty-printed; None once redacted.
    pub details: Option<String>,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    pub redacted: bool,
    pub entry_hash: Option<String>,
    pub prev_hash: Option<String>,
    /// The request's timeline, when the entry is about a request.
    pub request_link: Option<String>,
}

#[cfg(feature = "ssr")]
impl From<ra_db::repo::audit::search::Entry> for EntryView {
    fn from(e: ra_db::repo::audit::search::Entry) -> Self {
        let what = ra_domain::audit::actions::find(&e.action)
            .map_or_else(|| e.action.clone(), |a| a.label.to_owned());
        let redacted = e.redacted_at.is_some();
        let details = &e.details.0;
        let summary = if redacted {
            "Personal data redacted after the retention period".to_owned()
        } else {
            details
                .get("summary")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let actor = e.actor_name.clone().unwrap_or_else(|| {
            if e.actor_person_id.is_some() {
                "Unknown person".into()
            } else {
                "RA Portal, or someone not signed in".into()
            }
        });
        let request_link = (e.subject_type == "registration_request")
            .then(|| {
                e.subject_id
                    .as_ref()
                    .map(|id| format!("/audit/requests/{id}"))
            })
            .flatten();
        EntryView {
            position: e.position,
            when: e.occurred_at.format("%-d %B %Y %H:%M:%S UTC").to_string(),
            actor,
            role: e.actor_role,
            identity: e
                .actor_issuer
                .zip(e.actor_subject)
                .map(|(i, s)| format!("{s} at {i}")),
            what,
            action: e.action,
            target: match &e.subject_id {
                Some(id) => format!("{} {id}", e.subject_type.replace('_', " ")),
                None => e.subject_type.replace('_', " "),
            },
            org: e.subject_org,
            summary,
            details: (!redacted).then(|| serde_json::to_string_pretty(details).unwrap_or_default()),
            request_id: e.request_id,
            client_addr: e.client_addr,
            redacted,
            entry_hash: e.entry_hash,
            prev_hash: e.prev_hash,
            request_link,
        }
    }
}

/// The actions an auditor may filter by: (name, words).
pub fn action_choices() -> Vec<(String, String)> {
    ra_domain::audit::actions::ACTIONS
        .iter()
        .map(|a| (a.name.to_owned(), a.label.to_owned()))
        .collect()
}

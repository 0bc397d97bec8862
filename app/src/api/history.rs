//! A record's history from the audit trail, as its page lists it: when, who, and what
//! happened with the details that matter.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub when: String,
    pub who: String,
    pub what: String,
}

/// One event: `what` is the event's name, followed by each of `details` (key, label)
/// the event recorded, as ". Label: value".
#[cfg(feature = "ssr")]
pub fn item(
    e: ra_db::repo::audit::SubjectEvent,
    what: String,
    details: &[(&str, &str)],
) -> HistoryItem {
    let mut what = what;
    for (key, label) in details {
        if let Some(v) = e
            .details
            .0
            .get(*key)
            .and_then(|v| v.as_str())
            .filter(|v| !v.is_empty())
        {
            what.push_str(&format!(". {label}: {v}"));
        }
    }
    HistoryItem {
        when: e.occurred_at.format("%-d %B %Y %H:%M UTC").to_string(),
        who: e.actor_name.unwrap_or_else(|| "RA Portal".into()),
        what,
    }
}

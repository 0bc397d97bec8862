//! The life of an allow-list entry, from a manager's request to NHS England's answer.
//!
//! ```text
//! requested ─accept─▶ accepted ─submit─▶ submitted ─activate─▶ active ⇄ suspended
//!     │                  │                   │                   │         │
//!     └─reject─▶ rejected ◀─reject───────────┘ (NHS England)     └─remove─▶ removed
//! ```
//! Rejected and removed entries are kept for the record and free the domain for a new
//! request; nothing is deleted.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// An organisation manager asked for it; an RA officer has not decided yet.
    Requested,
    /// An RA officer agreed; it still has to be sent to NHS England.
    Accepted,
    /// Sent to NHS England; waiting for CIS2 to list it.
    Submitted,
    /// On the CIS2 allow list: addresses under it can use Microsoft Authenticator.
    Active,
    /// Refused by an RA officer or by NHS England.
    Rejected,
    /// Temporarily not to be used for new registrations.
    Suspended,
    /// Taken off the list.
    Removed,
}

pub const ALL_STATUSES: [EntryStatus; 7] = [
    EntryStatus::Requested,
    EntryStatus::Accepted,
    EntryStatus::Submitted,
    EntryStatus::Active,
    EntryStatus::Rejected,
    EntryStatus::Suspended,
    EntryStatus::Removed,
];

crate::stored::stored_as_text!(EntryStatus);

impl EntryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Requested => "requested",
            EntryStatus::Accepted => "accepted",
            EntryStatus::Submitted => "submitted",
            EntryStatus::Active => "active",
            EntryStatus::Rejected => "rejected",
            EntryStatus::Suspended => "suspended",
            EntryStatus::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL_STATUSES.into_iter().find(|st| st.as_str() == s)
    }

    /// How the status reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            EntryStatus::Requested => "Requested",
            EntryStatus::Accepted => "Accepted, to submit",
            EntryStatus::Submitted => "Submitted to NHS England",
            EntryStatus::Active => "Active",
            EntryStatus::Rejected => "Rejected",
            EntryStatus::Suspended => "Suspended",
            EntryStatus::Removed => "Removed",
        }
    }

    /// Live entries hold their domain: no second live entry may list it.
    pub fn is_live(self) -> bool {
        !matches!(self, EntryStatus::Rejected | EntryStatus::Removed)
    }

    /// What an RA officer may do from here.
    pub fn allowed_actions(self) -> &'static [ActionKind] {
        use ActionKind::*;
        match self {
            EntryStatus::Requested => &[Accept, Reject],
            EntryStatus::Accepted => &[Submit, Reject],
            EntryStatus::Submitted => &[Activate, Reject],
            EntryStatus::Active => &[Suspend, Remove],
            EntryStatus::Suspended => &[Reinstate, Remove],
            EntryStatus::Rejected | EntryStatus::Removed => &[],
        }
    }
}

impl fmt::Display for EntryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A workflow step without its data, for listing and refusing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Accept,
    Reject,
    Submit,
    Activate,
    Suspend,
    Reinstate,
    Remove,
}

pub const ALL_ACTIONS: [ActionKind; 7] = [
    ActionKind::Accept,
    ActionKind::Reject,
    ActionKind::Submit,
    ActionKind::Activate,
    ActionKind::Suspend,
    ActionKind::Reinstate,
    ActionKind::Remove,
];

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Accept => "accept",
            ActionKind::Reject => "reject",
            ActionKind::Submit => "submit",
            ActionKind::Activate => "activate",
            ActionKind::Suspend => "suspend",
            ActionKind::Reinstate => "reinstate",
            ActionKind::Remove => "remove",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL_ACTIONS.into_iter().find(|a| a.as_str() == s)
    }

    /// Button text.
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Accept => "Accept request",
            ActionKind::Reject => "Reject",
            ActionKind::Submit => "Mark as submitted to NHS England",
            ActionKind::Activate => "Mark as active on CIS2",
            ActionKind::Suspend => "Suspend",
            ActionKind::Reinstate => "Reinstate",
            ActionKind::Remove => "Remove",
        }
    }

    /// A reason is required for steps that refuse or take away.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            ActionKind::Reject | ActionKind::Suspend | ActionKind::Remove | ActionKind::Reinstate
        )
    }

    /// The audit action recorded for this step.
    pub fn audit_action(self) -> &'static str {
        match self {
            ActionKind::Accept => "allow_list.accepted",
            ActionKind::Reject => "allow_list.rejected",
            ActionKind::Submit => "allow_list.submitted",
            ActionKind::Activate => "allow_list.activated",
            ActionKind::Suspend => "allow_list.suspended",
            ActionKind::Reinstate => "allow_list.reinstated",
            ActionKind::Remove => "allow_list.removed",
        }
    }
}

/// A step an RA officer takes, with what it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub kind: ActionKind,
    /// Required for reject, suspend, reinstate and remove; NHS England's reason when a
    /// submitted entry is rejected.
    pub reason: String,
    /// Submit only: when it was sent to NHS England and their reference.
    pub submitted_on: Option<NaiveDate>,
    pub reference: String,
}

pub const MAX_REASON_LEN: usize = 1000;
pub const MAX_REFERENCE_LEN: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("{}", not_allowed_message(*.from, *.kind))]
    NotAllowed { from: EntryStatus, kind: ActionKind },
    #[error("Enter a reason")]
    ReasonRequired,
    #[error("The reason must be 1000 characters or fewer")]
    ReasonTooLong,
    #[error("Enter the date it was submitted to NHS England")]
    SubmittedOnRequired,
    #[error("The submission date cannot be in the future")]
    SubmittedInFuture,
    #[error("Enter NHS England's reference")]
    ReferenceRequired,
    #[error("The reference must be 100 characters or fewer")]
    ReferenceTooLong,
}

impl StepError {
    /// The form field the error belongs to, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            StepError::NotAllowed { .. } => None,
            StepError::ReasonRequired | StepError::ReasonTooLong => Some("reason"),
            StepError::SubmittedOnRequired | StepError::SubmittedInFuture => Some("submitted_on"),
            StepError::ReferenceRequired | StepError::ReferenceTooLong => Some("reference"),
        }
    }
}

fn not_allowed_message(from: EntryStatus, kind: ActionKind) -> String {
    let allowed = from.allowed_actions();
    let next = if allowed.is_empty() {
        "nothing more can be done to it".to_owned()
    } else {
        let names: Vec<String> = allowed.iter().map(|a| a.label().to_lowercase()).collect();
        format!("from here you can: {}", names.join(", "))
    };
    format!(
        "You cannot {} an entry that is {}; {next}.",
        kind.as_str(),
        from.label().to_lowercase()
    )
}

/// Where `step` takes an entry in `from`, after checking the step's own data.
pub fn apply(from: EntryStatus, step: &Step, today: NaiveDate) -> Result<EntryStatus, StepError> {
    if !from.allowed_actions().contains(&step.kind) {
        return Err(StepError::NotAllowed {
            from,
            kind: step.kind,
        });
    }
    let reason = step.reason.trim();
    if step.kind.needs_reason() && reason.is_empty() {
        return Err(StepError::ReasonRequired);
    }
    if reason.chars().count() > MAX_REASON_LEN {
        return Err(StepError::ReasonTooLong);
    }
    if step.kind == ActionKind::Submit {
        match step.submitted_on {
            None => return Err(StepError::SubmittedOnRequired),
            Some(d) if d > today => return Err(StepError::SubmittedInFuture),
            Some(_) => {}
        }
        let reference = step.reference.trim();
        if reference.is_empty() {
            return Err(StepError::ReferenceRequired);
        }
        if reference.chars().count() > MAX_REFERENCE_LEN {
            return Err(StepError::ReferenceTooLong);
        }
    }
    Ok(match step.kind {
        ActionKind::Accept => EntryStatus::Accepted,
        ActionKind::Reject => EntryStatus::Rejected,
        ActionKind::Submit => EntryStatus::Submitted,
        ActionKind::Activate | ActionKind::Reinstate => EntryStatus::Active,
        ActionKind::Suspend => EntryStatus::Suspended,
        ActionKind::Remove => EntryStatus::Removed,
    })
}

/// How long NHS England has had a submitted entry, and whether that is too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turnaround {
    pub days: i64,
    pub overdue: bool,
}

/// Default number of days after which a submission is flagged overdue.
pub const DEFAULT_OVERDUE_DAYS: u32 = 14;

pub fn turnaround(
    submitted_on: NaiveDate,
    today: NaiveDate,
    overdue_after_days: u32,
) -> Turnaround {
    let days = (today - submitted_on).num_days().max(0);
    Turnaround {
        days,
        overdue: days > i64::from(overdue_after_days),
    }
}

/// Submissions made before this day are overdue `today`: the cut-off a query filters on,
/// agreeing with [`turnaround`] day by day.
pub fn overdue_before(today: NaiveDate, overdue_after_days: u32) -> NaiveDate {
    today - chrono::Duration::days(i64::from(overdue_after_days))
}

#[cfg(test)]
mod tests;

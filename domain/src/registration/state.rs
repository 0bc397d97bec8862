//! The life of an Authenticator registration request, from the manager's ask to a
//! registered device.
//!
//! ```text
//! submitted → in review → approved → meeting booked → identity verified → link sent → enrolled
//!                  ↘ rejected                 ↺ rebook                link expired ⇄ ↺ resend   ↘ device removed
//! cancelled: by the requester at any open step before enrolment, or when access is closed
//! ```
//! Who may take each step is part of the rule: RA officers run the process, the requester
//! may cancel, the person enrols themself, and the portal expires unused links.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Submitted,
    InReview,
    Approved,
    Rejected,
    MeetingBooked,
    IdentityVerified,
    LinkSent,
    LinkExpired,
    Enrolled,
    Cancelled,
    DeviceRemoved,
}

pub const ALL_STATES: [RequestState; 11] = [
    RequestState::Submitted,
    RequestState::InReview,
    RequestState::Approved,
    RequestState::Rejected,
    RequestState::MeetingBooked,
    RequestState::IdentityVerified,
    RequestState::LinkSent,
    RequestState::LinkExpired,
    RequestState::Enrolled,
    RequestState::Cancelled,
    RequestState::DeviceRemoved,
];

crate::stored::stored_as_text!(RequestState);

impl RequestState {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Submitted => "submitted",
            RequestState::InReview => "in_review",
            RequestState::Approved => "approved",
            RequestState::Rejected => "rejected",
            RequestState::MeetingBooked => "meeting_booked",
            RequestState::IdentityVerified => "identity_verified",
            RequestState::LinkSent => "link_sent",
            RequestState::LinkExpired => "link_expired",
            RequestState::Enrolled => "enrolled",
            RequestState::Cancelled => "cancelled",
            RequestState::DeviceRemoved => "device_removed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL_STATES.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestState::Submitted => "Submitted",
            RequestState::InReview => "In review",
            RequestState::Approved => "Approved",
            RequestState::Rejected => "Rejected",
            RequestState::MeetingBooked => "Meeting booked",
            RequestState::IdentityVerified => "Identity verified",
            RequestState::LinkSent => "Enrolment link sent",
            RequestState::LinkExpired => "Link expired",
            RequestState::Enrolled => "Enrolled",
            RequestState::Cancelled => "Cancelled",
            RequestState::DeviceRemoved => "Device removed",
        }
    }

    /// Open requests count against "one open request per person".
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            RequestState::Rejected
                | RequestState::Enrolled
                | RequestState::Cancelled
                | RequestState::DeviceRemoved
        )
    }
}

impl fmt::Display for RequestState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Who takes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    RaOfficer,
    /// The organisation manager who raised the request (or another manager of it).
    Requester,
    /// The person being registered, holding the enrolment link.
    Enrolee,
    /// The portal itself (timers).
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    StartReview,
    ReleaseReview,
    Approve,
    Reject,
    BookMeeting,
    RecordIdentity,
    SendLink,
    ResendLink,
    ExpireLink,
    Enrol,
    Cancel,
    RemoveDevice,
    CloseAccess,
}

pub const ALL_ACTIONS: [Action; 13] = [
    Action::StartReview,
    Action::ReleaseReview,
    Action::Approve,
    Action::Reject,
    Action::BookMeeting,
    Action::RecordIdentity,
    Action::SendLink,
    Action::ResendLink,
    Action::ExpireLink,
    Action::Enrol,
    Action::Cancel,
    Action::RemoveDevice,
    Action::CloseAccess,
];

impl Action {
    /// Steps that finish an RA officer's work on a request: the queue's "completed by"
    /// is whoever took the latest of these (for an enrolled request, who sent its link).
    pub fn completes_ra_work(self) -> bool {
        matches!(
            self,
            Action::Reject
                | Action::SendLink
                | Action::ResendLink
                | Action::Cancel
                | Action::RemoveDevice
                | Action::CloseAccess
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::StartReview => "start_review",
            Action::ReleaseReview => "release_review",
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::BookMeeting => "book_meeting",
            Action::RecordIdentity => "record_identity",
            Action::SendLink => "send_link",
            Action::ResendLink => "resend_link",
            Action::ExpireLink => "expire_link",
            Action::Enrol => "enrol",
            Action::Cancel => "cancel",
            Action::RemoveDevice => "remove_device",
            Action::CloseAccess => "close_access",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL_ACTIONS.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Action::StartReview => "start reviewing",
            Action::ReleaseReview => "stop reviewing",
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::BookMeeting => "book the meeting",
            Action::RecordIdentity => "record the identity check",
            Action::SendLink => "send the enrolment link",
            Action::ResendLink => "send a new enrolment link",
            Action::ExpireLink => "expire the link",
            Action::Enrol => "enrol a device",
            Action::Cancel => "cancel",
            Action::RemoveDevice => "remove the device",
            Action::CloseAccess => "close the person's access",
        }
    }

    /// Who may take this step.
    pub fn actor(self) -> Actor {
        match self {
            Action::Cancel => Actor::Requester,
            Action::Enrol => Actor::Enrolee,
            Action::ExpireLink => Actor::System,
            _ => Actor::RaOfficer,
        }
    }

    /// Steps that need a reason on the record.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            Action::Reject | Action::RemoveDevice | Action::CloseAccess
        )
    }
}

/// Where `action` takes a request in `from`, if anywhere.
pub fn next(from: RequestState, action: Action) -> Option<RequestState> {
    use Action as A;
    use RequestState as S;
    match (from, action) {
        (S::Submitted, A::StartReview) => Some(S::InReview),
        (S::InReview, A::ReleaseReview) => Some(S::Submitted),
        (S::InReview, A::Approve) => Some(S::Approved),
        (S::InReview, A::Reject) => Some(S::Rejected),
        (S::Approved | S::MeetingBooked, A::BookMeeting) => Some(S::MeetingBooked),
        (S::MeetingBooked, A::RecordIdentity) => Some(S::IdentityVerified),
        (S::IdentityVerified, A::SendLink) => Some(S::LinkSent),
        (S::LinkSent | S::LinkExpired, A::ResendLink) => Some(S::LinkSent),
        (S::LinkSent, A::ExpireLink) => Some(S::LinkExpired),
        (S::LinkSent, A::Enrol) => Some(S::Enrolled),
        (S::Enrolled, A::RemoveDevice | A::CloseAccess) => Some(S::DeviceRemoved),
        (s, A::Cancel | A::CloseAccess) if s.is_open() => Some(S::Cancelled),
        _ => None,
    }
}

/// Every step possible from `from`, whoever takes it.
pub fn possible(from: RequestState) -> Vec<Action> {
    ALL_ACTIONS
        .into_iter()
        .filter(|a| next(from, *a).is_some())
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("{}", refusal(*.from, *.action))]
    NotAllowed { from: RequestState, action: Action },
    #[error("Only {} can {}", actor_name(.action.actor()), .action.label())]
    WrongActor { action: Action },
    #[error("Enter a reason")]
    ReasonRequired,
}

fn actor_name(actor: Actor) -> &'static str {
    match actor {
        Actor::RaOfficer => "an RA officer",
        Actor::Requester => "the organisation's manager",
        Actor::Enrolee => "the person being registered",
        Actor::System => "the portal",
    }
}

fn refusal(from: RequestState, action: Action) -> String {
    let options: Vec<&str> = possible(from).into_iter().map(Action::label).collect();
    let then = if options.is_empty() {
        "nothing more can happen to it".to_owned()
    } else {
        format!("from here it can: {}", options.join(", "))
    };
    format!(
        "A request that is {} cannot {}; {then}.",
        from.label().to_lowercase(),
        action.label()
    )
}

/// Checks a step: the transition exists, the right kind of actor takes it, and a reason
/// is given where one is needed.
pub fn step(
    from: RequestState,
    action: Action,
    by: Actor,
    reason: &str,
) -> Result<RequestState, TransitionError> {
    let to = next(from, action).ok_or(TransitionError::NotAllowed { from, action })?;
    // Closing access is an RA decision; cancelling is the requester's, and RA officers
    // may also cancel on the requester's behalf.
    let actor_ok = action.actor() == by || (action == Action::Cancel && by == Actor::RaOfficer);
    if !actor_ok {
        return Err(TransitionError::WrongActor { action });
    }
    if action.needs_reason() && reason.trim().is_empty() {
        return Err(TransitionError::ReasonRequired);
    }
    Ok(to)
}

#[cfg(test)]
mod tests;

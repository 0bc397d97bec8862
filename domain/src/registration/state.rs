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
mod tests {
    #[test]
    fn ra_work_is_completed_by_closing_steps_and_links_only() {
        let completing: Vec<Action> = ALL_ACTIONS
            .into_iter()
            .filter(|a| a.completes_ra_work())
            .collect();
        assert_eq!(
            completing,
            [
                Action::Reject,
                Action::SendLink,
                Action::ResendLink,
                Action::Cancel,
                Action::RemoveDevice,
                Action::CloseAccess
            ]
        );
    }

    use super::*;
    use Action as A;
    use RequestState as S;

    /// The whole table, written out: every (state, action) pair not listed is refused.
    const ALLOWED: &[(RequestState, Action, RequestState)] = &[
        (S::Submitted, A::StartReview, S::InReview),
        (S::Submitted, A::Cancel, S::Cancelled),
        (S::Submitted, A::CloseAccess, S::Cancelled),
        (S::InReview, A::ReleaseReview, S::Submitted),
        (S::InReview, A::Approve, S::Approved),
        (S::InReview, A::Reject, S::Rejected),
        (S::InReview, A::Cancel, S::Cancelled),
        (S::InReview, A::CloseAccess, S::Cancelled),
        (S::Approved, A::BookMeeting, S::MeetingBooked),
        (S::Approved, A::Cancel, S::Cancelled),
        (S::Approved, A::CloseAccess, S::Cancelled),
        (S::MeetingBooked, A::BookMeeting, S::MeetingBooked),
        (S::MeetingBooked, A::RecordIdentity, S::IdentityVerified),
        (S::MeetingBooked, A::Cancel, S::Cancelled),
        (S::MeetingBooked, A::CloseAccess, S::Cancelled),
        (S::IdentityVerified, A::SendLink, S::LinkSent),
        (S::IdentityVerified, A::Cancel, S::Cancelled),
        (S::IdentityVerified, A::CloseAccess, S::Cancelled),
        (S::LinkSent, A::ResendLink, S::LinkSent),
        (S::LinkSent, A::ExpireLink, S::LinkExpired),
        (S::LinkSent, A::Enrol, S::Enrolled),
        (S::LinkSent, A::Cancel, S::Cancelled),
        (S::LinkSent, A::CloseAccess, S::Cancelled),
        (S::LinkExpired, A::ResendLink, S::LinkSent),
        (S::LinkExpired, A::Cancel, S::Cancelled),
        (S::LinkExpired, A::CloseAccess, S::Cancelled),
        (S::Enrolled, A::RemoveDevice, S::DeviceRemoved),
        (S::Enrolled, A::CloseAccess, S::DeviceRemoved),
    ];

    #[test]
    fn every_state_and_action() {
        let mut allowed = 0;
        for from in ALL_STATES {
            for action in ALL_ACTIONS {
                let want = ALLOWED
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(next(from, action), want, "{from:?} + {action:?}");
                let by = action.actor();
                match want {
                    Some(to) => {
                        allowed += 1;
                        assert_eq!(step(from, action, by, "a reason"), Ok(to));
                    }
                    None => {
                        let err = step(from, action, by, "a reason").expect_err("refused");
                        let msg = err.to_string();
                        for option in possible(from) {
                            assert!(msg.contains(option.label()), "{msg} lacks {option:?}");
                        }
                    }
                }
            }
        }
        assert_eq!(allowed, ALLOWED.len());
    }

    #[test]
    fn only_the_right_actor_takes_each_step() {
        let actors = [
            Actor::RaOfficer,
            Actor::Requester,
            Actor::Enrolee,
            Actor::System,
        ];
        for (from, action, to) in ALLOWED {
            for by in actors {
                let ok = by == action.actor() || (*action == A::Cancel && by == Actor::RaOfficer);
                let got = step(*from, *action, by, "a reason");
                if ok {
                    assert_eq!(got, Ok(*to));
                } else {
                    assert_eq!(
                        got,
                        Err(TransitionError::WrongActor { action: *action }),
                        "{by:?} {action:?}"
                    );
                }
            }
        }
        assert_eq!(
            step(S::LinkSent, A::Enrol, Actor::RaOfficer, "")
                .expect_err("refused")
                .to_string(),
            "Only the person being registered can enrol a device"
        );
    }

    #[test]
    fn refusing_and_removing_need_reasons() {
        assert_eq!(
            step(S::InReview, A::Reject, Actor::RaOfficer, "  "),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            step(S::Enrolled, A::RemoveDevice, Actor::RaOfficer, ""),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            step(S::InReview, A::Approve, Actor::RaOfficer, ""),
            Ok(S::Approved)
        );
    }

    #[test]
    fn refusals_say_what_is_possible() {
        let err = step(S::Submitted, A::SendLink, Actor::RaOfficer, "").expect_err("refused");
        assert_eq!(
            err.to_string(),
            "A request that is submitted cannot send the enrolment link; from here it can: start reviewing, cancel, close the person's access."
        );
        let err = step(S::Cancelled, A::Cancel, Actor::Requester, "").expect_err("refused");
        assert!(err.to_string().ends_with("nothing more can happen to it."));
    }

    #[test]
    fn open_states_and_names() {
        let open: Vec<_> = ALL_STATES.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open.len(), 7);
        for s in ALL_STATES {
            assert_eq!(RequestState::parse(s.as_str()), Some(s));
        }
        for a in ALL_ACTIONS {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }
}

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

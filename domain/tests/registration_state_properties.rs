//! Property tests of the registration request lifecycle: random walks of (actor, action)
//! steps from `submitted`, checked against the rules of the lifecycle issue rather than
//! against the transition table (which the unit tests in `state.rs` spell out).

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use proptest::sample::select;
use ra_domain::PersonId;
use ra_domain::registration::state::{ALL_ACTIONS, ALL_STATES};
use ra_domain::registration::{
    Action, Actor, RequestState, ReviewLock, TransitionError, may_act, possible, step,
};

use Action as A;
use RequestState as S;

const ACTORS: [Actor; 4] = [
    Actor::RaOfficer,
    Actor::Requester,
    Actor::Enrolee,
    Actor::System,
];

/// One generated step. Most steps pick one of the actions possible from wherever the walk
/// has got to (so walks reach enrolment and beyond); the rest pick any action at all.
#[derive(Debug, Clone)]
struct Move {
    /// `Some(i)`: the i-th (mod len) action possible from here, other than cancelling or
    /// closing access; `None`: `any`.
    onward: Option<usize>,
    any: Action,
    /// `None`: the actor the action belongs to.
    by: Option<Actor>,
    reason: &'static str,
}

fn a_move() -> impl Strategy<Value = Move> {
    (
        prop_oneof![4 => (0..16usize).prop_map(Some), 1 => Just(None)],
        select(ALL_ACTIONS.to_vec()),
        prop_oneof![3 => Just(None), 1 => select(ACTORS.to_vec()).prop_map(Some)],
        prop_oneof![4 => Just("Lost the phone"), 1 => Just(""), 1 => Just(" \t ")],
    )
        .prop_map(|(onward, any, by, reason)| Move {
            onward,
            any,
            by,
            reason,
        })
}

fn walk() -> impl Strategy<Value = Vec<Move>> {
    prop::collection::vec(a_move(), 0..60)
}

/// One step taken on the walk.
#[derive(Debug)]
struct Event {
    from: RequestState,
    action: Action,
    by: Actor,
    reason: &'static str,
    got: Result<RequestState, TransitionError>,
}

/// Takes the steps from `submitted`; the request moves only when a step is accepted.
fn run(moves: &[Move]) -> Vec<Event> {
    let mut state = S::Submitted;
    let mut events = Vec::with_capacity(moves.len());
    for m in moves {
        let onward: Vec<Action> = possible(state)
            .into_iter()
            .filter(|a| !matches!(a, A::Cancel | A::CloseAccess))
            .collect();
        let action = match m.onward {
            Some(i) if !onward.is_empty() => onward[i % onward.len()],
            _ => m.any,
        };
        let by = m.by.unwrap_or(action.actor());
        let from = state;
        let got = step(from, action, by, m.reason);
        if let Ok(to) = &got {
            state = *to;
        }
        events.push(Event {
            from,
            action,
            by,
            reason: m.reason,
            got,
        });
    }
    events
}

/// Who may take each step, from the issue: RA officers run the process, the requester
/// cancels (RA officers may cancel on their behalf), the person enrols themself, the
/// portal expires unused links.
fn may_take(by: Actor, action: Action) -> bool {
    match action {
        A::Cancel => matches!(by, Actor::Requester | Actor::RaOfficer),
        A::Enrol => by == Actor::Enrolee,
        A::ExpireLink => by == Actor::System,
        A::StartReview
        | A::ReleaseReview
        | A::Approve
        | A::Reject
        | A::BookMeeting
        | A::RecordIdentity
        | A::SendLink
        | A::ResendLink
        | A::RemoveDevice
        | A::CloseAccess => by == Actor::RaOfficer,
    }
}

/// Where each action leads, from the issue.
fn leads_to(from: RequestState, action: Action) -> RequestState {
    match action {
        A::StartReview => S::InReview,
        A::ReleaseReview => S::Submitted,
        A::Approve => S::Approved,
        A::Reject => S::Rejected,
        A::BookMeeting => S::MeetingBooked,
        A::RecordIdentity => S::IdentityVerified,
        A::SendLink | A::ResendLink => S::LinkSent,
        A::ExpireLink => S::LinkExpired,
        A::Enrol => S::Enrolled,
        A::Cancel => S::Cancelled,
        A::RemoveDevice => S::DeviceRemoved,
        A::CloseAccess if from == S::Enrolled => S::DeviceRemoved,
        A::CloseAccess => S::Cancelled,
    }
}

fn needs_reason(action: Action) -> bool {
    matches!(action, A::Reject | A::RemoveDevice | A::CloseAccess)
}

/// The states a request may come to `to` from, from the lifecycle.
fn may_come_from(to: RequestState, from: RequestState) -> bool {
    match to {
        S::Submitted => from == S::InReview,
        S::InReview => from == S::Submitted,
        S::Approved | S::Rejected => from == S::InReview,
        S::MeetingBooked => matches!(from, S::Approved | S::MeetingBooked),
        S::IdentityVerified => from == S::MeetingBooked,
        S::LinkSent => matches!(from, S::IdentityVerified | S::LinkSent | S::LinkExpired),
        S::LinkExpired => from == S::LinkSent,
        S::Enrolled => from == S::LinkSent,
        S::DeviceRemoved => from == S::Enrolled,
        S::Cancelled => from.is_open(),
    }
}

/// The actions listed in a refusal after "from here it can: ", or none.
fn listed_options(msg: &str) -> Option<Vec<&str>> {
    let (_, rest) = msg.split_once("; from here it can: ")?;
    Some(rest.strip_suffix('.')?.split(", ").collect())
}

proptest! {
    /// A step is accepted exactly when the action is possible from here, the actor may
    /// take it and any needed reason is given; it then goes where the action leads, along
    /// an edge of the lifecycle, and a refusal gives the first rule broken.
    #[test]
    fn accepted_exactly_when_possible_by_the_right_actor_with_a_reason(moves in walk()) {
        for e in run(&moves) {
            let is_possible = possible(e.from).contains(&e.action);
            let actor_ok = may_take(e.by, e.action);
            let reason_ok = !needs_reason(e.action) || !e.reason.trim().is_empty();
            let expected = if !is_possible {
                Err(TransitionError::NotAllowed { from: e.from, action: e.action })
            } else if !actor_ok {
                Err(TransitionError::WrongActor { action: e.action })
            } else if !reason_ok {
                Err(TransitionError::ReasonRequired)
            } else {
                Ok(leads_to(e.from, e.action))
            };
            prop_assert_eq!(&e.got, &expected, "{:?}", e);
            if let Ok(to) = e.got {
                prop_assert!(may_come_from(to, e.from), "{:?} -> {:?} by {:?}", e.from, to, e.action);
            }
        }
    }

    /// Refusals of a transition say what the request is, what was tried, and exactly what
    /// is possible from here; refusals for the wrong actor or a missing reason are of a
    /// step that the right actor with a reason could take.
    #[test]
    fn refusals_say_what_is_allowed_from_here(moves in walk()) {
        for e in run(&moves) {
            let Err(err) = &e.got else { continue };
            let msg = err.to_string();
            match err {
                TransitionError::NotAllowed { .. } => {
                    let head = format!(
                        "A request that is {} cannot {}; ",
                        e.from.label().to_lowercase(),
                        e.action.label()
                    );
                    prop_assert!(msg.starts_with(&head), "{}", msg);
                    let allowed: Vec<&str> =
                        possible(e.from).into_iter().map(Action::label).collect();
                    if allowed.is_empty() {
                        prop_assert!(msg.ends_with("; nothing more can happen to it."), "{}", msg);
                    } else {
                        prop_assert_eq!(listed_options(&msg), Some(allowed), "{}", msg);
                    }
                }
                TransitionError::WrongActor { action } => {
                    prop_assert_eq!(*action, e.action);
                    prop_assert!(msg.starts_with("Only ") && msg.ends_with(e.action.label()), "{}", msg);
                    prop_assert!(step(e.from, e.action, e.action.actor(), "a reason").is_ok());
                }
                TransitionError::ReasonRequired => {
                    prop_assert!(needs_reason(e.action));
                    prop_assert_eq!(step(e.from, e.action, e.by, "a reason").map(|_| ()), Ok(()));
                }
            }
        }
    }

    /// Once a request is no longer open it never opens again; rejected, cancelled and
    /// device-removed requests accept nothing, and an enrolled one only the removal of
    /// its device (directly or by closing the person's access).
    #[test]
    fn closed_requests_stay_closed(moves in walk()) {
        let mut closed = false;
        for e in run(&moves) {
            let now = e.got.clone().unwrap_or(e.from);
            if closed {
                prop_assert!(!now.is_open(), "{:?} reopened after closing", e);
            }
            closed |= !now.is_open();
            if !e.from.is_open() {
                if let Ok(to) = e.got {
                    prop_assert_eq!(e.from, S::Enrolled, "{:?}", e);
                    prop_assert!(matches!(e.action, A::RemoveDevice | A::CloseAccess), "{:?}", e);
                    prop_assert_eq!(to, S::DeviceRemoved);
                }
                if e.from != S::Enrolled {
                    prop_assert!(possible(e.from).is_empty(), "{:?}", e.from);
                }
            }
        }
    }

    /// Cancelling works at every open step before enrolment, by the requester or an RA
    /// officer, and never once the request has been enrolled.
    #[test]
    fn cancelling_only_before_enrolment(moves in walk()) {
        let mut enrolled = false;
        for e in run(&moves) {
            if e.action == A::Cancel {
                let ok = e.from.is_open() && !enrolled && may_take(e.by, A::Cancel);
                prop_assert_eq!(e.got.clone().ok(), ok.then_some(S::Cancelled), "{:?}", e);
            }
            if e.got == Ok(S::Cancelled) {
                prop_assert!(matches!(e.action, A::Cancel | A::CloseAccess));
            }
            enrolled |= e.got == Ok(S::Enrolled);
        }
    }

    /// No stage is skipped: a request is enrolled only after review, approval, a meeting,
    /// an identity check and a link, in that order; only with a link that has not expired;
    /// and an expired link can always be re-sent.
    #[test]
    fn enrolment_follows_every_stage_in_order(moves in walk()) {
        const STAGES: [RequestState; 6] =
            [S::InReview, S::Approved, S::MeetingBooked, S::IdentityVerified, S::LinkSent, S::Enrolled];
        let mut reached = 0;
        for e in run(&moves) {
            if e.from == S::LinkExpired {
                prop_assert_eq!(step(e.from, A::ResendLink, Actor::RaOfficer, ""), Ok(S::LinkSent));
                prop_assert!(step(e.from, A::Enrol, Actor::Enrolee, "").is_err());
            }
            let Ok(to) = e.got else { continue };
            if to == S::Submitted {
                reached = 0; // review released: start again
            }
            if let Some(i) = STAGES.iter().position(|s| *s == to) {
                prop_assert!(i <= reached, "{:?} reached before {:?}", to, STAGES[reached]);
                if i == reached {
                    reached += 1;
                }
            }
        }
    }

    /// Closing a person's access cancels an open request and removes an enrolled device,
    /// only by an RA officer with a reason, and leaves nothing open.
    #[test]
    fn closing_access_cancels_or_removes(moves in walk(), by in select(ACTORS.to_vec())) {
        let end = run(&moves).last().map_or(S::Submitted, |e| e.got.clone().unwrap_or(e.from));
        let got = step(end, A::CloseAccess, by, "Left the organisation");
        let expected = match end {
            _ if by != Actor::RaOfficer && (end.is_open() || end == S::Enrolled) => {
                Err(TransitionError::WrongActor { action: A::CloseAccess })
            }
            S::Enrolled => Ok(S::DeviceRemoved),
            s if s.is_open() => Ok(S::Cancelled),
            s => Err(TransitionError::NotAllowed { from: s, action: A::CloseAccess }),
        };
        prop_assert_eq!(&got, &expected);
        if let Ok(to) = got {
            prop_assert!(!to.is_open());
        }
        if end.is_open() || end == S::Enrolled {
            prop_assert_eq!(
                step(end, A::CloseAccess, Actor::RaOfficer, " "),
                Err(TransitionError::ReasonRequired)
            );
        }
    }

    /// A review lock binds other RA officers for exactly 15 minutes; its holder, and
    /// anyone once it lapses (or with no lock), may act.
    #[test]
    fn review_lock_holds_others_off_for_fifteen_minutes(
        start in 0i64..4_000_000_000,
        after_secs in -60i64..3_600,
        same_officer in any::<bool>(),
    ) {
        let taken = DateTime::<Utc>::from_timestamp(start, 0).expect("time");
        let now = taken + Duration::seconds(after_secs);
        let holder = PersonId::new();
        let other = if same_officer { holder } else { PersonId::new() };
        let lock = ReviewLock::new(holder, "Sam Okafor", taken);
        let blocked = !same_officer && after_secs < 15 * 60;
        prop_assert_eq!(may_act(Some(&lock), other, now).is_err(), blocked);
        prop_assert_eq!(may_act(None, other, now), Ok(()));
    }
}

/// Every state is reachable on some walk, so the properties above see all of them.
#[test]
fn walks_reach_every_state() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..256 {
        let moves = walk().new_tree(&mut runner).expect("tree").current();
        for e in run(&moves) {
            seen.insert(e.from);
            seen.insert(e.got.unwrap_or(e.from));
        }
    }
    for s in ALL_STATES {
        assert!(seen.contains(&s), "no walk reached {s:?}");
    }
}

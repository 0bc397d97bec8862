use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn step(kind: ActionKind) -> Step {
    Step {
        kind,
        reason: "because".into(),
        submitted_on: Some(day("2026-11-20")),
        reference: "NHSE-123".into(),
    }
}

/// Every (status, action) pair: allowed pairs land where the diagram says, the rest
/// are refused with a message naming what is possible instead.
#[test]
fn every_status_and_action() {
    use ActionKind::*;
    use EntryStatus::*;
    let expected = |from: EntryStatus, kind: ActionKind| -> Option<EntryStatus> {
        match (from, kind) {
            (Requested, Accept) => Some(Accepted),
            (Requested | Accepted | Submitted, Reject) => Some(Rejected),
            (Accepted, Submit) => Some(Submitted),
            (Submitted, Activate) | (Suspended, Reinstate) => Some(Active),
            (Active, Suspend) => Some(Suspended),
            (Active | Suspended, Remove) => Some(Removed),
            _ => None,
        }
    };
    let today = day("2026-11-24");
    for from in ALL_STATUSES {
        for kind in ALL_ACTIONS {
            let got = apply(from, &step(kind), today);
            match expected(from, kind) {
                Some(to) => assert_eq!(got, Ok(to), "{from:?} + {kind:?}"),
                None => {
                    let err = got.expect_err("refused");
                    assert_eq!(err, StepError::NotAllowed { from, kind });
                    let msg = err.to_string();
                    for allowed in from.allowed_actions() {
                        assert!(
                            msg.contains(&allowed.label().to_lowercase()),
                            "{msg} should offer {allowed:?}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn terminal_states_say_so() {
    let err = apply(
        EntryStatus::Removed,
        &step(ActionKind::Reinstate),
        day("2026-11-24"),
    )
    .expect_err("refused");
    assert_eq!(
        err.to_string(),
        "You cannot reinstate an entry that is removed; nothing more can be done to it."
    );
}

#[test]
fn reasons_dates_and_references_are_checked() {
    let today = day("2026-11-24");
    let mut s = step(ActionKind::Remove);
    s.reason = "   ".into();
    assert_eq!(
        apply(EntryStatus::Active, &s, today),
        Err(StepError::ReasonRequired)
    );
    s.reason = "x".repeat(1001);
    assert_eq!(
        apply(EntryStatus::Active, &s, today),
        Err(StepError::ReasonTooLong)
    );

    // Accepting needs no reason.
    let mut a = step(ActionKind::Accept);
    a.reason.clear();
    assert_eq!(
        apply(EntryStatus::Requested, &a, today),
        Ok(EntryStatus::Accepted)
    );

    let mut sub = step(ActionKind::Submit);
    sub.submitted_on = None;
    assert_eq!(
        apply(EntryStatus::Accepted, &sub, today),
        Err(StepError::SubmittedOnRequired)
    );
    sub.submitted_on = Some(day("2026-11-25"));
    assert_eq!(
        apply(EntryStatus::Accepted, &sub, today),
        Err(StepError::SubmittedInFuture)
    );
    sub.submitted_on = Some(today);
    sub.reference = " ".into();
    assert_eq!(
        apply(EntryStatus::Accepted, &sub, today),
        Err(StepError::ReferenceRequired)
    );
    assert_eq!(StepError::ReferenceRequired.field(), Some("reference"));
}

#[test]
fn live_statuses_hold_the_domain() {
    let live: Vec<_> = ALL_STATUSES.into_iter().filter(|s| s.is_live()).collect();
    assert_eq!(
        live,
        [
            EntryStatus::Requested,
            EntryStatus::Accepted,
            EntryStatus::Submitted,
            EntryStatus::Active,
            EntryStatus::Suspended
        ]
    );
}

#[test]
fn names_round_trip() {
    for s in ALL_STATUSES {
        assert_eq!(EntryStatus::parse(s.as_str()), Some(s));
    }
    for a in ALL_ACTIONS {
        assert_eq!(ActionKind::parse(a.as_str()), Some(a));
    }
    assert_eq!(EntryStatus::parse("deleted"), None);
}

#[test]
fn overdue_after_the_limit() {
    let sent = day("2026-11-01");
    assert_eq!(
        turnaround(sent, day("2026-11-15"), 14),
        Turnaround {
            days: 14,
            overdue: false
        }
    );
    assert_eq!(
        turnaround(sent, day("2026-11-16"), 14),
        Turnaround {
            days: 15,
            overdue: true
        }
    );
    // A clock behind the recorded date never shows negative days.
    assert_eq!(turnaround(sent, day("2026-10-30"), 14).days, 0);
}

#[test]
fn the_overdue_cut_off_agrees_with_turnaround() {
    let today = day("2026-12-02");
    for limit in [0, 1, 14, 30] {
        let cut = overdue_before(today, limit);
        for back in 0..60 {
            let sent = today - chrono::Duration::days(back);
            assert_eq!(
                sent < cut,
                turnaround(sent, today, limit).overdue,
                "sent {sent}, limit {limit}"
            );
        }
    }
}

#![allow(clippy::unwrap_used, reason = "tests")]

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn home(headcount: Option<u32>, requested: u32, registered: u32) -> Inputs {
    Inputs::organisation(headcount, requested, registered)
}

#[test]
fn not_started_is_headcount_minus_requested_never_below_zero_and_unknown_without_headcount() {
    let today = day(2026, 12, 2);
    assert_eq!(home(Some(40), 25, 10).figures(today).not_started, Some(15));
    assert_eq!(home(Some(20), 25, 10).figures(today).not_started, Some(0));
    let unknown = home(None, 25, 10).figures(today);
    assert_eq!(
        (unknown.not_started, unknown.percent_registered),
        (None, None)
    );
    assert_eq!(unknown.projection, Projection::Unknown);
}

#[test]
fn a_group_clamps_each_site_before_adding_and_says_when_headcounts_are_missing() {
    // England: 30 staff, 40 requested (a stale headcount); Scotland: 50 staff, 10
    // requested; a third home with no headcount yet.
    let mut group = home(Some(30), 40, 20);
    group.add(&home(Some(50), 10, 5));
    group.add(&home(None, 7, 1));
    let f = group.figures(day(2026, 12, 2));
    assert_eq!(f.not_started, Some(40), "0 + 40, not 80 − 57");
    assert_eq!(f.headcount, Some(80));
    assert!(f.partial_headcount);
    assert_eq!((f.requested, f.registered), (57, 26));
    assert_eq!(group.organisations, 3);
    // Registered counts only where there is a headcount, each site at most its own:
    // (20 + 5) of 80, not 26 of 80, and the home without a headcount is not in it.
    assert_eq!(f.percent_registered, Some(25.0 * 100.0 / 80.0));
}

#[test]
fn a_site_over_its_headcount_does_not_hide_another_sites_gap() {
    let mut group = home(Some(10), 30, 30);
    group.add(&home(Some(10), 0, 0));
    let f = group.figures(day(2026, 12, 2));
    assert_eq!(f.percent_registered, Some(50.0));
    assert_ne!(f.projection, Projection::Complete, "ten people still to do");
}

#[test]
fn percent_registered_is_capped_and_needs_a_headcount_above_zero() {
    let today = day(2026, 12, 2);
    let p = |h, r| home(h, r, r).figures(today).percent_registered;
    assert_eq!(p(Some(200), 50), Some(25.0));
    assert_eq!(p(Some(10), 12), Some(100.0));
    assert_eq!(p(Some(0), 0), None);
}

#[test]
fn open_requests_are_counted_by_stage() {
    use crate::registration::RequestState as S;
    assert_eq!(Stage::of(S::InReview), Some(Stage::Review));
    assert_eq!(Stage::of(S::MeetingBooked), Some(Stage::Approved));
    assert_eq!(Stage::of(S::LinkExpired), Some(Stage::LinkSent));
    for closed in [S::Rejected, S::Enrolled, S::Cancelled, S::DeviceRemoved] {
        assert_eq!(Stage::of(closed), None, "{closed:?}");
        assert!(!closed.is_open());
    }
    for state in crate::registration::state::ALL_STATES {
        assert_eq!(Stage::of(state).is_some(), state.is_open(), "{state:?}");
    }
    let mut i = home(Some(10), 6, 0);
    i.open(Stage::Review, 2);
    i.open(Stage::LinkSent, 3);
    i.open(Stage::Review, 1);
    let f = i.figures(day(2026, 12, 2));
    assert_eq!((f.in_progress, f.open_by_stage), (6, [3, 0, 0, 3]));
}

#[test]
fn percentiles_are_nearest_rank_over_whole_days_and_add_exactly() {
    let mut a = DaysTaken::default();
    assert_eq!(a.percentile(50), None);
    for d in [1, 2, 3, 4, 5, 6, 7, 8, 9, 30] {
        a.record(d, 1);
    }
    assert_eq!((a.percentile(50), a.percentile(90)), (Some(5), Some(9)));
    assert_eq!(a.percentile(100), Some(30));
    let mut b = DaysTaken::default();
    b.record(30, 10);
    a.add(&b);
    assert_eq!(a.count(), 20);
    assert_eq!((a.percentile(50), a.percentile(90)), (Some(30), Some(30)));
    let mut one = DaysTaken::default();
    one.record(0, 1);
    assert_eq!((one.percentile(50), one.percentile(90)), (Some(0), Some(0)));
}

#[test]
fn the_projection_runs_at_the_last_four_weeks_rate() {
    let today = day(2026, 12, 2);
    // 28 enrolments in 28 days: one a day; 10 to do → ten days.
    assert_eq!(
        project(Some(10), 28, today),
        Projection::On(day(2026, 12, 12))
    );
    // 3 in 28 days, 1 to do: ceil(28/3) = 10 days.
    assert_eq!(
        project(Some(1), 3, today),
        Projection::On(day(2026, 12, 12))
    );
    assert_eq!(project(Some(0), 0, today), Projection::Complete);
    assert_eq!(project(Some(5), 0, today), Projection::Stalled);
    assert_eq!(project(None, 9, today), Projection::Unknown);
    assert_eq!(
        project(Some(u32::MAX), 1, today),
        Projection::Stalled,
        "no overflow"
    );
    let mut i = home(Some(40), 40, 30);
    i.enrolled_recently = 14;
    assert_eq!(
        i.figures(today).projection,
        Projection::On(day(2026, 12, 22))
    );
}

#[test]
fn last_activity_is_the_latest_of_a_group() {
    let at = |d| Some(Utc.with_ymd_and_hms(2026, 11, d, 9, 0, 0).unwrap());
    let mut a = home(Some(1), 1, 0);
    a.last_activity = at(3);
    let mut b = home(Some(1), 1, 0);
    b.last_activity = at(20);
    a.add(&b);
    a.add(&home(Some(1), 0, 0));
    assert_eq!(a.figures(day(2026, 12, 2)).last_activity, at(20));
}

#[test]
fn every_figure_has_one_definition() {
    let mut names: Vec<&str> = DEFINITIONS.iter().map(|d| d.figure).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), DEFINITIONS.len());
    assert!(DEFINITIONS.iter().all(|d| d.meaning.ends_with('.')));
}

#[test]
fn readme_gives_every_definition_word_for_word() {
    let readme = include_str!("../../../README.md");
    for d in DEFINITIONS.iter().chain([&DATE_RANGE]) {
        let row = format!("| {} | {} |", d.figure, d.meaning);
        assert!(
            readme.contains(&row),
            "README's adoption table lacks: {row}"
        );
    }
}

#[test]
fn a_site_moved_between_groups_counts_under_its_new_group_only() {
    use std::collections::BTreeMap;

    use crate::OdsCode;

    let code = |s: &str| OdsCode::parse(s).unwrap();
    let (old, new, court, house) = (
        code("VNC01"),
        code("LOC-00002"),
        code("LOC-00001"),
        code("VNC11"),
    );
    let court_inputs = home(Some(16), 6, 2);
    let house_inputs = home(Some(24), 14, 9);
    let by_group = |court_in: &OdsCode| {
        let mut groups: BTreeMap<OdsCode, Inputs> = BTreeMap::new();
        for (site, group, inputs) in [
            (&court, Some(court_in), &court_inputs),
            (&house, Some(&old), &house_inputs),
        ] {
            groups
                .entry(group_of(site, group).clone())
                .or_default()
                .add(inputs);
        }
        groups
    };
    let today = day(2026, 12, 2);
    let before = by_group(&old);
    assert_eq!(before[&old].figures(today).registered, 11);
    assert!(!before.contains_key(&new));
    let after = by_group(&new);
    let (old_after, new_after) = (after[&old].figures(today), after[&new].figures(today));
    assert_eq!(
        (old_after.registered, old_after.headcount),
        (9, Some(24)),
        "the old group keeps only its other site"
    );
    assert_eq!(
        (
            new_after.registered,
            new_after.requested,
            new_after.headcount
        ),
        (2, 6, Some(16))
    );
    // An organisation in no group is its own row.
    assert_eq!(group_of(&court, None), &court);
}

#[test]
fn with_a_date_range_the_figures_against_the_whole_headcount_are_not_given() {
    let mut i = home(Some(40), 10, 6);
    i.enrolled_recently = 3;
    let today = day(2026, 12, 2);
    let whole = i.figures(today);
    let dated = i.dated_figures(today);
    assert!(whole.not_started.is_some() && whole.percent_registered.is_some());
    assert!(!whole.dated && dated.dated);
    assert_eq!(
        (
            dated.not_started,
            dated.percent_registered,
            dated.projection
        ),
        (None, None, Projection::Unknown)
    );
    // Everything counted from the requests themselves is as it was.
    assert_eq!(
        (dated.headcount, dated.requested, dated.registered),
        (Some(40), 10, 6)
    );
    assert!(DATE_RANGE.meaning.ends_with('.'));
}

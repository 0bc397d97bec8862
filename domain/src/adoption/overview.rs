//! How the overview orders, rolls up and flags its rows.

use std::cmp::Ordering;

use chrono::{DateTime, Datelike, Duration, Utc};

use super::{Figures, Projection};
use crate::OdsCode;

/// A column the overview sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Name,
    Headcount,
    Requested,
    Registered,
    InProgress,
    NotStarted,
    PercentRegistered,
    MedianDays,
    Stale,
    Rejected,
    LastActivity,
    Projected,
}

pub const ALL_SORTS: [SortBy; 12] = [
    SortBy::Name,
    SortBy::Headcount,
    SortBy::Requested,
    SortBy::Registered,
    SortBy::InProgress,
    SortBy::NotStarted,
    SortBy::PercentRegistered,
    SortBy::MedianDays,
    SortBy::Stale,
    SortBy::Rejected,
    SortBy::LastActivity,
    SortBy::Projected,
];

impl SortBy {
    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::Headcount => "headcount",
            SortBy::Requested => "requested",
            SortBy::Registered => "registered",
            SortBy::InProgress => "in_progress",
            SortBy::NotStarted => "not_started",
            SortBy::PercentRegistered => "percent",
            SortBy::MedianDays => "median_days",
            SortBy::Stale => "stale",
            SortBy::Rejected => "rejected",
            SortBy::LastActivity => "last_activity",
            SortBy::Projected => "projected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL_SORTS.into_iter().find(|k| k.as_str() == s)
    }

    /// Orders two rows' figures by this column, ascending; a figure that is unknown
    /// sorts after every known one in both directions (see [`order`]).
    fn key(self, f: &Figures) -> Option<f64> {
        let n = |v: u32| Some(f64::from(v));
        match self {
            SortBy::Name => None,
            SortBy::Headcount => f.headcount.map(f64::from),
            SortBy::Requested => n(f.requested),
            SortBy::Registered => n(f.registered),
            SortBy::InProgress => n(f.in_progress),
            SortBy::NotStarted => f.not_started.map(f64::from),
            SortBy::PercentRegistered => f.percent_registered,
            SortBy::MedianDays => f.median_days.map(f64::from),
            SortBy::Stale => n(f.stale),
            SortBy::Rejected => n(f.rejected),
            // Seconds since the epoch keep every instant exact in an f64.
            SortBy::LastActivity => f.last_activity.map(|t| t.timestamp() as f64),
            SortBy::Projected => match f.projection {
                Projection::Complete => Some(f64::MIN),
                Projection::On(d) => Some(f64::from(d.num_days_from_ce())),
                Projection::Stalled | Projection::Unknown => None,
            },
        }
    }
}

/// Orders rows by `by` (names and codes break ties, so every order is total and a page
/// boundary is stable); unknown figures go last whichever the direction.
pub fn order(
    by: SortBy,
    descending: bool,
    (a_name, a_code, a): (&str, &str, &Figures),
    (b_name, b_code, b): (&str, &str, &Figures),
) -> Ordering {
    let tie = || a_name.cmp(b_name).then_with(|| a_code.cmp(b_code));
    let primary = match (by.key(a), by.key(b)) {
        _ if by == SortBy::Name => Ordering::Equal,
        (Some(x), Some(y)) => {
            let o = x.total_cmp(&y);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    match primary {
        Ordering::Equal if by == SortBy::Name && descending => tie().reverse(),
        Ordering::Equal => tie(),
        o => o,
    }
}

/// What the overview's rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollUp {
    /// One row per organisation or site.
    Organisations,
    /// One row per group: a provider with its sites (an organisation in no group is its
    /// own row).
    Groups,
    Regions,
    Countries,
}

pub const ALL_ROLL_UPS: [RollUp; 4] = [
    RollUp::Organisations,
    RollUp::Groups,
    RollUp::Regions,
    RollUp::Countries,
];

impl RollUp {
    pub fn as_str(self) -> &'static str {
        match self {
            RollUp::Organisations => "organisations",
            RollUp::Groups => "groups",
            RollUp::Regions => "regions",
            RollUp::Countries => "countries",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL_ROLL_UPS.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            RollUp::Organisations => "Organisations and sites",
            RollUp::Groups => "Groups",
            RollUp::Regions => "Regions",
            RollUp::Countries => "Countries",
        }
    }
}

/// The row an organisation adds into when the overview is by group: the group it is a
/// site of now (so a site moved to another group counts there from the move on), or
/// itself when it is in none.
pub fn group_of<'a>(code: &'a OdsCode, group: Option<&'a OdsCode>) -> &'a OdsCode {
    group.unwrap_or(code)
}

/// "Stuck": requests are open but no device was registered in the last `days` days (or
/// ever, since the oldest open request is that old).
pub fn is_stuck(
    open_requests: u32,
    last_enrolment: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    days: u32,
) -> bool {
    let since = now - Duration::days(i64::from(days));
    open_requests > 0 && last_enrolment.is_none_or(|t| t < since)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::adoption::Inputs;

    fn figures(headcount: Option<u32>, registered: u32) -> Figures {
        Inputs::organisation(headcount, registered, registered)
            .figures(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())
    }

    #[test]
    fn unknown_figures_sort_last_both_ways_and_names_break_ties() {
        let known = figures(Some(10), 5);
        let unknown = figures(None, 5);
        let rows = [
            ("Beech", "B1", &unknown),
            ("Ash", "A1", &known),
            ("Cedar", "C1", &known),
        ];
        for descending in [false, true] {
            let mut sorted = rows;
            sorted.sort_by(|a, b| order(SortBy::Headcount, descending, *a, *b));
            let names: Vec<&str> = sorted.iter().map(|r| r.0).collect();
            assert_eq!(names, ["Ash", "Cedar", "Beech"], "descending {descending}");
        }
        let mut by_name = rows;
        by_name.sort_by(|a, b| order(SortBy::Name, true, *a, *b));
        assert_eq!(by_name.map(|r| r.0), ["Cedar", "Beech", "Ash"]);
    }

    #[test]
    fn more_registered_sorts_first_when_descending() {
        let few = figures(Some(10), 1);
        let many = figures(Some(10), 9);
        let mut rows = [("A", "A", &few), ("B", "B", &many)];
        rows.sort_by(|a, b| order(SortBy::PercentRegistered, true, *a, *b));
        assert_eq!(rows.map(|r| r.0), ["B", "A"]);
    }

    #[test]
    fn every_sort_and_roll_up_reads_back_from_its_name() {
        for s in ALL_SORTS {
            assert_eq!(SortBy::parse(s.as_str()), Some(s));
        }
        for r in ALL_ROLL_UPS {
            assert_eq!(RollUp::parse(r.as_str()), Some(r));
        }
        assert_eq!(SortBy::parse("DROP TABLE"), None);
    }

    #[test]
    fn stuck_needs_open_requests_and_no_recent_enrolment() {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
        let ten_days_ago = now - Duration::days(10);
        assert!(is_stuck(3, None, now, 7));
        assert!(is_stuck(3, Some(ten_days_ago), now, 7));
        assert!(!is_stuck(3, Some(ten_days_ago), now, 14));
        assert!(
            !is_stuck(0, None, now, 7),
            "nothing open: finished, not stuck"
        );
    }
}

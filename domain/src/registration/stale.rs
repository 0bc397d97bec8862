//! When an open request has waited too long: no step for more than five working days.

use chrono::{DateTime, Datelike, Utc};

/// Working days without a step before a request is flagged stale.
pub const STALE_WORKING_DAYS: i64 = 5;

/// Monday-to-Friday days after `from`'s date up to and including `to`'s.
pub fn working_days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let mut day = from.date_naive();
    let end = to.date_naive();
    let mut n = 0;
    while day < end {
        day = day.succ_opt().unwrap_or(end);
        if day.weekday().number_from_monday() <= 5 {
            n += 1;
        }
    }
    n
}

/// Whether an open request whose last step was at `last_step` is stale at `now`.
pub fn is_stale(last_step: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    working_days_between(last_step, now) > STALE_WORKING_DAYS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("{s}T12:00:00Z"))
            .expect("day")
            .to_utc()
    }

    #[test]
    fn weekends_do_not_count() {
        // Friday 27 November 2026 to Monday 30 November: one working day.
        assert_eq!(
            working_days_between(day("2026-11-27"), day("2026-11-30")),
            1
        );
        assert_eq!(
            working_days_between(day("2026-11-30"), day("2026-11-30")),
            0
        );
        // Monday 23 November to Wednesday 2 December: seven working days.
        assert_eq!(
            working_days_between(day("2026-11-23"), day("2026-12-02")),
            7
        );
    }

    #[test]
    fn stale_after_five_working_days() {
        assert!(!is_stale(day("2026-11-23"), day("2026-11-30")));
        assert!(is_stale(day("2026-11-23"), day("2026-12-01")));
    }
}

//! When an open request has waited too long: no step for more than five working days.

use chrono::{DateTime, Datelike, NaiveTime, Utc};

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

/// The instant before which a last step makes an open request stale at `now`, so a
/// database can count stale requests with `last_step_at < stale_before(now)`.
pub fn stale_before(now: DateTime<Utc>) -> DateTime<Utc> {
    // Working days only fall as the step moves later; step back to the latest day
    // that is stale, and the cut-off is the start of the day after it.
    let mut day = now.date_naive();
    while working_days_between(day.and_time(NaiveTime::MIN).and_utc(), now) <= STALE_WORKING_DAYS {
        day = day.pred_opt().unwrap_or(day);
    }
    day.succ_opt()
        .unwrap_or(day)
        .and_time(NaiveTime::MIN)
        .and_utc()
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

    #[test]
    fn the_cut_off_agrees_with_is_stale_hour_by_hour() {
        let now = day("2026-12-02");
        let cut = stale_before(now);
        // Tuesday 24 November is six working days back; Wednesday 25th is five.
        assert_eq!(cut, day("2026-11-25") - chrono::Duration::hours(12));
        for h in 0..(24 * 21) {
            let step = now - chrono::Duration::hours(h);
            assert_eq!(is_stale(step, now), step < cut, "{step}");
        }
    }
}

//! When a rollout completes if enrolments go on at the last four weeks' rate.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The window the rate is taken over.
pub const PROJECTION_WINDOW_DAYS: u32 = 28;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Projection {
    /// Everyone in the headcount is registered.
    Complete,
    /// The day the last person would be registered.
    On(NaiveDate),
    /// Nobody enrolled in the window: at that rate it never completes.
    Stalled,
    /// No headcount, so no end to project.
    Unknown,
}

impl Projection {
    /// In words, for a table cell.
    pub fn label(self) -> String {
        match self {
            Projection::Complete => "Complete".into(),
            Projection::On(d) => d.format("%-d %b %Y").to_string(),
            Projection::Stalled => "Stalled".into(),
            Projection::Unknown => "Unknown".into(),
        }
    }
}

/// `to_do`: people of the headcount not yet registered (`None`: no headcount);
/// `recent`: enrolments in the last [`PROJECTION_WINDOW_DAYS`] days.
pub fn project(to_do: Option<u32>, recent: u32, today: NaiveDate) -> Projection {
    match to_do {
        None => Projection::Unknown,
        Some(0) => Projection::Complete,
        Some(_) if recent == 0 => Projection::Stalled,
        Some(n) => {
            // n people at `recent` per window: ceil(n × window / recent) days.
            let days =
                (u64::from(n) * u64::from(PROJECTION_WINDOW_DAYS)).div_ceil(u64::from(recent));
            today
                .checked_add_days(Days::new(days))
                .map_or(Projection::Stalled, Projection::On)
        }
    }
}

//! Days taken from request to enrolment, kept as a count per whole day so roll-ups add
//! exactly and percentiles need no list of every request.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DaysTaken {
    per_day: BTreeMap<u32, u32>,
}

impl DaysTaken {
    /// `requests` requests that took `days` whole days.
    pub fn record(&mut self, days: u32, requests: u32) {
        if requests > 0 {
            *self.per_day.entry(days).or_default() += requests;
        }
    }

    pub fn add(&mut self, other: &DaysTaken) {
        for (days, n) in &other.per_day {
            self.record(*days, *n);
        }
    }

    pub fn count(&self) -> u32 {
        self.per_day.values().sum()
    }

    /// The nearest-rank `p`th percentile (1–100): the smallest number of days within
    /// which at least p% of the requests enrolled. `None` when none has.
    pub fn percentile(&self, p: u32) -> Option<u32> {
        let total = u64::from(self.count());
        if total == 0 {
            return None;
        }
        // Nearest rank: ceil(p/100 × N), at least 1.
        let rank = (u64::from(p.clamp(1, 100)) * total).div_ceil(100).max(1);
        let mut seen = 0u64;
        self.per_day.iter().find_map(|(days, n)| {
            seen += u64::from(*n);
            (seen >= rank).then_some(*days)
        })
    }
}

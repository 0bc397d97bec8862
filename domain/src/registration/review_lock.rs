//! While an RA officer reviews a request, it is theirs for 15 minutes; others see who
//! holds it and cannot act until it is released or the time runs out.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::PersonId;

pub const REVIEW_LOCK_MINUTES: i64 = 15;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewLock {
    pub holder: PersonId,
    pub holder_name: String,
    pub until: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{holder_name} is reviewing this request until {}; try again after that", .until.format("%H:%M UTC"))]
pub struct LockedByOther {
    pub holder_name: String,
    pub until: DateTime<Utc>,
}

impl ReviewLock {
    pub fn new(holder: PersonId, holder_name: &str, now: DateTime<Utc>) -> Self {
        Self {
            holder,
            holder_name: holder_name.to_owned(),
            until: now + Duration::minutes(REVIEW_LOCK_MINUTES),
        }
    }

    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        now < self.until
    }
}

/// May `officer` act on a request with `lock` now? A lapsed lock binds no one.
pub fn may_act(
    lock: Option<&ReviewLock>,
    officer: PersonId,
    now: DateTime<Utc>,
) -> Result<(), LockedByOther> {
    match lock {
        Some(l) if l.is_live(now) && l.holder != officer => Err(LockedByOther {
            holder_name: l.holder_name.clone(),
            until: l.until,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_holder_acts_others_wait_until_it_lapses() {
        let now = DateTime::parse_from_rfc3339("2026-11-24T10:00:00Z")
            .expect("time")
            .to_utc();
        let (sam, rachel) = (PersonId::new(), PersonId::new());
        let lock = ReviewLock::new(sam, "Sam Okafor", now);
        assert_eq!(may_act(Some(&lock), sam, now), Ok(()));
        let err = may_act(Some(&lock), rachel, now + Duration::minutes(14)).expect_err("locked");
        assert_eq!(
            err.to_string(),
            "Sam Okafor is reviewing this request until 10:15 UTC; try again after that"
        );
        assert_eq!(
            may_act(Some(&lock), rachel, now + Duration::minutes(15)),
            Ok(())
        );
        assert_eq!(may_act(None, rachel, now), Ok(()));
    }
}

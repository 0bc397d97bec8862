//! When a portal session ends: after a period without activity (idle) or a fixed time
//! after sign-in (absolute), whichever comes first.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Active,
    IdleExpired,
    AbsoluteExpired,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        }
    }
}

impl SessionPolicy {
    pub fn state(
        &self,
        created_at: DateTime<Utc>,
        last_seen_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> SessionState {
        if now >= created_at + self.absolute {
            SessionState::AbsoluteExpired
        } else if now >= last_seen_at + self.idle {
            SessionState::IdleExpired
        } else {
            SessionState::Active
        }
    }

    /// The latest moment the session can still be used, for the row's `expires_at`.
    pub fn expires_at(
        &self,
        created_at: DateTime<Utc>,
        last_seen_at: DateTime<Utc>,
    ) -> DateTime<Utc> {
        (last_seen_at + self.idle).min(created_at + self.absolute)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(minutes: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + Duration::minutes(minutes)
    }

    #[test]
    fn idle_timeout_counts_from_last_activity() {
        let p = SessionPolicy::default();
        assert_eq!(p.state(t(0), t(100), t(129)), SessionState::Active);
        assert_eq!(p.state(t(0), t(100), t(130)), SessionState::IdleExpired);
    }

    #[test]
    fn absolute_timeout_wins_over_activity() {
        let p = SessionPolicy::default();
        assert_eq!(p.state(t(0), t(719), t(720)), SessionState::AbsoluteExpired);
        assert_eq!(p.expires_at(t(0), t(719)), t(720));
        assert_eq!(p.expires_at(t(0), t(10)), t(40));
    }
}

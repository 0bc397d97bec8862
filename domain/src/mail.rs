//! Retrying email delivery from the outbox: when to try again, and when to give up and
//! show the failure to RA officers.

use chrono::Duration;

/// Attempts before a message is marked failed (about 4 hours of retries in all).
pub const MAX_ATTEMPTS: u32 = 8;

/// Wait after the `attempts`-th failed attempt: 30 s doubling, at most one hour.
pub fn backoff(attempts: u32) -> Duration {
    let exp = attempts.saturating_sub(1).min(7);
    Duration::seconds((30_i64 << exp).min(3600))
}

/// After this many failures a message stops being retried.
pub fn gives_up(attempts: u32) -> bool {
    attempts >= MAX_ATTEMPTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(|n| backoff(n).num_seconds()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert!(!gives_up(7));
        assert!(gives_up(8));
    }
}

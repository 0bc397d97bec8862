//! Retrying email delivery from the outbox: when to try again, and when to give up and
//! show the failure to RA officers.

use chrono::Duration;

use serde::{Deserialize, Serialize};

/// Where a message in the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    /// Waiting to be sent, or to be tried again.
    Pending,
    Sent,
    /// Given up after [`MAX_ATTEMPTS`]; shown to RA officers.
    Failed,
}

impl MailStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [MailStatus::Pending, MailStatus::Sent, MailStatus::Failed]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

crate::stored::stored_as_text!(MailStatus);

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

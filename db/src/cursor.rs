//! Timestamps in keyset cursors. They must be exact: SQLite keeps the nanoseconds of a
//! time, so a cursor rounded to microseconds would re-read the same rows going forwards
//! (or skip rows sharing that microsecond going backwards).

use chrono::{DateTime, Utc};

/// The cursor form of `t`: nanoseconds since 1970 (exact for 1677–2262).
pub fn time_key(t: DateTime<Utc>) -> String {
    match t.timestamp_nanos_opt() {
        Some(n) => n.to_string(),
        None => format!("{}000", t.timestamp_micros()),
    }
}

/// The time in a cursor, or None for anything [`time_key`] did not write.
pub fn parse_time_key(s: &str) -> Option<DateTime<Utc>> {
    Some(DateTime::from_timestamp_nanos(s.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_every_nanosecond() {
        let t = DateTime::from_timestamp_nanos(1_764_000_000_123_456_789);
        assert_eq!(parse_time_key(&time_key(t)), Some(t));
        assert_eq!(parse_time_key("soon"), None);
    }
}

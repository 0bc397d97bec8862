//! Keyset cursors, one style for every paged list: where the previous page ended, as the
//! last row's sort key and id, written into a link and read back.
//!
//! Timestamps must be exact: SQLite keeps the nanoseconds of a time, so a cursor rounded
//! to microseconds would re-read the same rows going forwards (or skip rows sharing that
//! microsecond going backwards).

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The sort key of the row a page ended on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Text(String),
    Time(DateTime<Utc>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub key: Key,
    pub id: Uuid,
}

impl Cursor {
    pub fn text(key: impl Into<String>, id: impl Into<Uuid>) -> Self {
        Self {
            key: Key::Text(key.into()),
            id: id.into(),
        }
    }

    pub fn time(key: DateTime<Utc>, id: impl Into<Uuid>) -> Self {
        Self {
            key: Key::Time(key),
            id: id.into(),
        }
    }

    /// `s~<text>~<id>` or `t~<nanoseconds>~<id>`.
    pub fn encode(&self) -> String {
        match &self.key {
            Key::Text(s) => format!("s~{s}~{}", self.id),
            Key::Time(t) => format!("t~{}~{}", time_key(*t), self.id),
        }
    }

    /// None for anything [`Cursor::encode`] did not write: a hand-edited link starts over.
    pub fn decode(s: &str) -> Option<Self> {
        let (kind, rest) = s.split_once('~')?;
        // The id comes last, so a text key may hold `~` itself.
        let (key, id) = rest.rsplit_once('~')?;
        let id = Uuid::parse_str(id).ok()?;
        let key = match kind {
            "s" => Key::Text(key.to_owned()),
            "t" => Key::Time(parse_time_key(key)?),
            _ => return None,
        };
        Some(Self { key, id })
    }

    pub fn as_text(&self) -> Option<&str> {
        match &self.key {
            Key::Text(s) => Some(s),
            Key::Time(_) => None,
        }
    }

    pub fn as_time(&self) -> Option<DateTime<Utc>> {
        match self.key {
            Key::Time(t) => Some(t),
            Key::Text(_) => None,
        }
    }
}

/// Nanoseconds since 1970 (exact for 1677–2262).
fn time_key(t: DateTime<Utc>) -> String {
    match t.timestamp_nanos_opt() {
        Some(n) => n.to_string(),
        None => format!("{}000", t.timestamp_micros()),
    }
}

fn parse_time_key(s: &str) -> Option<DateTime<Utc>> {
    Some(DateTime::from_timestamp_nanos(s.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_keep_every_nanosecond_and_any_text() {
        let id = Uuid::new_v4();
        let t = DateTime::from_timestamp_nanos(1_764_000_000_123_456_789);
        for c in [Cursor::time(t, id), Cursor::text("a~b.org", id)] {
            assert_eq!(Cursor::decode(&c.encode()), Some(c));
        }
    }

    #[test]
    fn junk_starts_over() {
        for junk in [
            "",
            "soon",
            "t~soon~x",
            "x~y~z",
            "s~a.org",
            "t~12~not-a-uuid",
        ] {
            assert_eq!(Cursor::decode(junk), None, "{junk}");
        }
    }
}

//! The meeting where an RA officer checks a person's identity: when, and how.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingMode {
    Video,
    FaceToFace,
}

impl MeetingMode {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingMode::Video => "video",
            MeetingMode::FaceToFace => "face_to_face",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "video" => Some(MeetingMode::Video),
            "face_to_face" => Some(MeetingMode::FaceToFace),
            _ => None,
        }
    }

    /// "video call" or "face to face", as sentences use it.
    pub fn words(self) -> &'static str {
        match self {
            MeetingMode::Video => "video call",
            MeetingMode::FaceToFace => "face to face",
        }
    }
}

crate::stored::stored_as_text!(MeetingMode);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meeting {
    pub at: DateTime<Utc>,
    pub mode: MeetingMode,
}

/// A refused booking, naming the form field at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MeetingError {
    #[error("Enter the meeting's date and time, like 2026-11-30T10:00")]
    BadTime,
    #[error("The meeting must be in the future")]
    InThePast,
    #[error("Choose video call or face to face")]
    NoMode,
}

impl MeetingError {
    pub fn field(self) -> &'static str {
        match self {
            MeetingError::BadTime | MeetingError::InThePast => "meeting_at",
            MeetingError::NoMode => "meeting_mode",
        }
    }
}

/// A booking as the form sends it: `at` is `YYYY-MM-DDTHH:MM` in UTC, `mode` `video` or
/// `face_to_face`. The meeting must be after `now`.
pub fn book(at: &str, mode: &str, now: DateTime<Utc>) -> Result<Meeting, MeetingError> {
    let at = NaiveDateTime::parse_from_str(at.trim(), "%Y-%m-%dT%H:%M")
        .map_err(|_| MeetingError::BadTime)?
        .and_utc();
    if at < now {
        return Err(MeetingError::InThePast);
    }
    let mode = MeetingMode::parse(mode.trim()).ok_or(MeetingError::NoMode)?;
    Ok(Meeting { at, mode })
}

impl Meeting {
    /// "3 June 2030 10:00 UTC (video call)".
    pub fn summary(&self) -> String {
        format!(
            "{} ({})",
            self.at.format("%-d %B %Y %H:%M UTC"),
            self.mode.words()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-02T09:00:00Z")
            .expect("time")
            .to_utc()
    }

    #[test]
    fn a_booking_needs_a_future_time_and_a_mode() {
        let m = book("2026-12-03T10:30", "video", now()).expect("valid");
        assert_eq!(m.summary(), "3 December 2026 10:30 UTC (video call)");
        assert_eq!(
            book("2026-12-01T10:30", "video", now()),
            Err(MeetingError::InThePast)
        );
        assert_eq!(book("tomorrow", "video", now()), Err(MeetingError::BadTime));
        assert_eq!(
            book("2026-12-03T10:30", "phone", now()).map_err(MeetingError::field),
            Err("meeting_mode")
        );
    }
}

//! The enrolment ceremony's rules: how long a link lives, how many wrong codes it
//! takes, and the `otpauth://` URL Microsoft Authenticator reads from the QR code.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// An enrolment link unused after this many days expires (it can be re-sent).
pub const LINK_VALID_DAYS: i64 = 7;
/// The emailed one-time code is good for this long.
pub const EMAIL_CODE_MINUTES: i64 = 10;
/// Wrong codes (emailed or from the app) before the link locks until an RA re-sends it.
pub const MAX_WRONG_CODES: i32 = 5;
/// Shown as the account's issuer in the app.
pub const ISSUER: &str = "RA Portal";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkState {
    Usable,
    Expired,
    Used,
    /// Too many wrong codes.
    Locked,
    /// A newer link was sent.
    Replaced,
}

impl LinkState {
    /// What the person sees when the link cannot be used.
    pub fn message(self) -> &'static str {
        match self {
            LinkState::Usable => "",
            LinkState::Expired => {
                "This link has expired. Ask your Registration Authority to send you a new one."
            }
            LinkState::Used => "This link has already been used to set up Microsoft Authenticator.",
            LinkState::Locked => {
                "Too many wrong codes were entered. Ask your Registration Authority to send you a new link."
            }
            LinkState::Replaced => {
                "A newer link has been sent to you. Use the link in the latest email."
            }
        }
    }
}

pub struct LinkFacts {
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub replaced_at: Option<DateTime<Utc>>,
    pub wrong_codes: i32,
}

pub fn link_state(f: &LinkFacts, now: DateTime<Utc>) -> LinkState {
    if f.used_at.is_some() {
        LinkState::Used
    } else if f.replaced_at.is_some() {
        LinkState::Replaced
    } else if f.wrong_codes >= MAX_WRONG_CODES {
        LinkState::Locked
    } else if now >= f.expires_at {
        LinkState::Expired
    } else {
        LinkState::Usable
    }
}

pub fn link_expiry(sent_at: DateTime<Utc>) -> DateTime<Utc> {
    sent_at + Duration::days(LINK_VALID_DAYS)
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The Key URI Microsoft Authenticator (and every RFC 6238 app) reads: SHA-1, 6 digits,
/// 30 seconds, labelled "RA Portal:<email>".
pub fn otpauth_url(account: &str, secret_base32: &str) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={secret_base32}&issuer={}&algorithm=SHA1&digits=6&period=30",
        percent_encode(ISSUER),
        percent_encode(account),
        percent_encode(ISSUER)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").to_utc()
    }

    #[test]
    fn links_expire_lock_and_are_used_once() {
        let sent = at("2026-11-24T10:00:00Z");
        let facts = |used, replaced, wrong| LinkFacts {
            expires_at: link_expiry(sent),
            used_at: used,
            replaced_at: replaced,
            wrong_codes: wrong,
        };
        assert_eq!(
            link_state(&facts(None, None, 0), at("2026-12-01T09:59:59Z")),
            LinkState::Usable
        );
        assert_eq!(
            link_state(&facts(None, None, 0), at("2026-12-01T10:00:00Z")),
            LinkState::Expired
        );
        assert_eq!(link_state(&facts(None, None, 4), sent), LinkState::Usable);
        assert_eq!(link_state(&facts(None, None, 5), sent), LinkState::Locked);
        assert_eq!(
            link_state(&facts(Some(sent), None, 0), sent),
            LinkState::Used
        );
        assert_eq!(
            link_state(&facts(None, Some(sent), 0), sent),
            LinkState::Replaced
        );
    }

    #[test]
    fn otpauth_url_is_what_authenticator_apps_read() {
        assert_eq!(
            otpauth_url("amira.khan@meadowbank-care.org.uk", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/RA%20Portal:amira.khan@meadowbank-care.org.uk?secret=JBSWY3DPEHPK3PXP&issuer=RA%20Portal&algorithm=SHA1&digits=6&period=30"
        );
    }
}

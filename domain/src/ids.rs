//! Identifiers shared by every layer.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

use crate::stored::{stored_as_checked_text, stored_as_uuid};

/// Defines an id: a UUID with a type of its own, so a request's id cannot be passed
/// where an allow-list entry's is wanted. `parse` reads the form an id takes in a URL.
macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }

            /// An id from a URL or form field; None for anything that is not a UUID.
            pub fn parse(s: &str) -> Option<Self> {
                Uuid::parse_str(s.trim()).ok().map(Self)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        stored_as_uuid!($name);
    )+};
}

id_type!(
    /// A person known to the portal (an RA officer, a manager, an auditor or a member of staff).
    PersonId,
    /// An organisation (or site) the portal knows.
    OrgId,
    /// An Authenticator registration request.
    RequestId,
    /// An entry of the email-domain allow list.
    EntryId,
    /// A registered authenticator.
    DeviceId,
    /// The one-time link a person enrols with.
    EnrolmentLinkId,
    /// A manager's one-time sign-in link.
    SignInLinkId,
    /// A manager's access without a CIS2 identity.
    AccessId,
    /// An uploaded CSV file waiting to be committed.
    ImportId,
    /// A review of the accesses the portal grants.
    ReviewId,
);

/// The code the portal knows an organisation by: an Organisation Data Service code, e.g.
/// `RX1` or `VNC01` (upper-case letters and digits), or a portal-local code, `LOC-00001`,
/// for an organisation ODS does not list (see [`crate::organisation::local_code`]). The
/// two forms cannot collide, so one type and one column hold both; `is_local` tells them
/// apart.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OdsCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OdsCodeError {
    #[error("Enter an ODS code")]
    Empty,
    #[error("An ODS code has 3 to 9 letters and numbers, like RX1 or VNC01")]
    Invalid,
    #[error("A portal code is LOC- and 5 numbers, like LOC-00001")]
    BadLocal,
}

impl OdsCode {
    /// Normalises (trim, upper-case) and validates an ODS code or a portal-local code.
    pub fn parse(raw: &str) -> Result<Self, OdsCodeError> {
        use crate::organisation::local_code::{LOCAL_PREFIX, is_local};
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(OdsCodeError::Empty);
        }
        if code.starts_with(LOCAL_PREFIX) {
            return if is_local(&code) {
                Ok(Self(code))
            } else {
                Err(OdsCodeError::BadLocal)
            };
        }
        let valid_len = (3..=9).contains(&code.len());
        if !valid_len || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(OdsCodeError::Invalid);
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The portal-local code numbered `n` (1 to 99,999), as the portal gives them in
    /// turn.
    pub fn local(n: u32) -> Option<Self> {
        crate::organisation::local_code::local_text(n).map(Self)
    }

    /// A portal-local code, not one ODS gave.
    pub fn is_local(&self) -> bool {
        crate::organisation::local_code::is_local(&self.0)
    }
}

stored_as_checked_text!(OdsCode);

impl TryFrom<String> for OdsCode {
    type Error = OdsCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<OdsCode> for String {
    fn from(value: OdsCode) -> Self {
        value.0
    }
}

impl fmt::Display for OdsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_codes_are_trimmed_and_upper_cased() {
        assert_eq!(
            OdsCode::parse("  vnc01 ").map(|c| c.0),
            Ok("VNC01".to_owned())
        );
    }

    #[test]
    fn bad_ods_codes_are_refused_with_a_reason() {
        assert_eq!(OdsCode::parse(" "), Err(OdsCodeError::Empty));
        assert_eq!(OdsCode::parse("X1"), Err(OdsCodeError::Invalid));
        assert_eq!(OdsCode::parse("RX1;DROP"), Err(OdsCodeError::Invalid));
        assert_eq!(OdsCode::parse("ABCDEFGHIJ"), Err(OdsCodeError::Invalid));
        // Real shapes of every kind pass, with no pattern per kind: trust, trust site,
        // GP practice, pharmacy, care-home site, ICB, branch surgery (9).
        for code in [
            "RAL",
            "RX796",
            "A81002",
            "FVR79",
            "VLAXL",
            "QMJ",
            "K81003001",
        ] {
            assert_eq!(OdsCode::parse(code).map(|c| c.0), Ok(code.to_owned()));
        }
    }

    #[test]
    fn local_codes_are_read_like_ods_codes_and_refused_with_their_own_format() {
        let local = OdsCode::parse(" loc-00001 ").map(|c| c.0);
        assert_eq!(local, Ok("LOC-00001".to_owned()));
        assert_eq!(OdsCode::local(1), OdsCode::parse("LOC-00001").ok());
        assert!(OdsCode::local(1).is_some_and(|c| c.is_local()));
        assert!(OdsCode::parse("VNC13").is_ok_and(|c| !c.is_local()));
        assert_eq!(OdsCode::local(0), None);
        for bad in [
            "LOC-1",
            "LOC-000001",
            "LOC-0000A",
            "LOC-00000",
            "LOC-",
            "LOC-00001;DROP",
        ] {
            assert_eq!(OdsCode::parse(bad), Err(OdsCodeError::BadLocal), "{bad}");
        }
    }

    #[test]
    fn ods_codes_deserialise_through_validation() {
        let ok: OdsCode = serde_json::from_str("\"rx1\"").expect("valid code");
        assert_eq!(ok.as_str(), "RX1");
        assert!(serde_json::from_str::<OdsCode>("\"?\"").is_err());
    }
}

#[cfg(test)]
mod id_tests {
    use super::*;

    #[test]
    fn ids_parse_from_urls_and_refuse_junk() {
        let id = RequestId::new();
        assert_eq!(RequestId::parse(&format!(" {id} ")), Some(id));
        assert_eq!(RequestId::parse("nope"), None);
        assert_eq!(serde_json::to_string(&id).ok(), Some(format!("\"{id}\"")));
    }
}

//! Identifiers shared by every layer.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// A person known to the portal (an RA officer, a manager, an auditor or a member of staff).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonId(pub Uuid);

impl PersonId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
}

impl Default for PersonId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An Organisation Data Service code, e.g. `RX1` or `VNC01`: upper-case letters and digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OdsCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OdsCodeError {
    #[error("Enter an ODS code")]
    Empty,
    #[error("An ODS code has 3 to 10 letters and numbers, like RX1 or VNC01")]
    Invalid,
}

impl OdsCode {
    /// Normalises (trim, upper-case) and validates an ODS code.
    pub fn parse(raw: &str) -> Result<Self, OdsCodeError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(OdsCodeError::Empty);
        }
        let valid_len = (3..=10).contains(&code.len());
        if !valid_len || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(OdsCodeError::Invalid);
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

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
        assert_eq!(OdsCode::parse("ABCDEFGHIJK"), Err(OdsCodeError::Invalid));
    }

    #[test]
    fn ods_codes_deserialise_through_validation() {
        let ok: OdsCode = serde_json::from_str("\"rx1\"").expect("valid code");
        assert_eq!(ok.as_str(), "RX1");
        assert!(serde_json::from_str::<OdsCode>("\"?\"").is_err());
    }
}

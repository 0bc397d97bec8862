//! Email domains as the CIS2 allow list knows them: normalised to lower-case ASCII
//! (IDNA), and refused with a message a person can act on when they cannot be listed.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest domain name DNS allows, in ASCII form (RFC 1035).
pub const MAX_DOMAIN_LEN: usize = 253;
/// Longest label (the parts between dots), in ASCII form.
pub const MAX_LABEL_LEN: usize = 63;

/// Whether this build refuses public suffixes itself (the server) or leaves it to the
/// server (the browser, which goes without the list's ~1 MB of code).
pub const CHECKS_PUBLIC_SUFFIX: bool = cfg!(feature = "public-suffix");

/// A normalised, listable email domain, e.g. `carehome.co.uk` or `xn--bcher-kva.example`.
///
/// Built without the `public-suffix` feature (the browser), [`DomainName::parse`] checks
/// everything but the public-suffix rule, and [`CHECKS_PUBLIC_SUFFIX`] says so: a form
/// asks the server for that rule, and the server, which always has it, decides.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DomainName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("Enter a domain, for example carehome.co.uk")]
    Empty,
    #[error("Enter the domain only, without the part before the @ (for example carehome.co.uk)")]
    LooksLikeEmail,
    #[error("Wildcards are not allowed. Enter the domain and choose whether it covers subdomains")]
    Wildcard,
    #[error("Enter a domain name, not an IP address")]
    IpAddress,
    #[error("The domain is longer than 253 characters")]
    TooLong,
    #[error("Each part of the domain between dots must be 63 characters or fewer")]
    LabelTooLong,
    #[error("The domain has an empty part (two dots together, or a dot at the start)")]
    EmptyLabel,
    #[error(
        "The domain can only contain letters, numbers, hyphens and dots; a part cannot start or end with a hyphen"
    )]
    InvalidCharacters,
    #[error("Enter a full domain, such as carehome.co.uk, not a single word")]
    SingleLabel,
    #[error(
        "{0} is a public suffix shared by many organisations; enter your organisation's own domain under it"
    )]
    PublicSuffix(String),
}

crate::stored::stored_as_checked_text!(DomainName);

impl DomainName {
    /// Normalises and validates: trim, strip one trailing dot, IDNA to ASCII (which also
    /// lower-cases), then the length, character, label-count, IP and public-suffix rules.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let trimmed = raw.trim();
        let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
        if trimmed.is_empty() {
            return Err(DomainError::Empty);
        }
        if trimmed.contains('@') {
            return Err(DomainError::LooksLikeEmail);
        }
        if trimmed.contains('*') {
            return Err(DomainError::Wildcard);
        }
        let bracketless = trimmed.trim_start_matches('[').trim_end_matches(']');
        if bracketless.parse::<std::net::IpAddr>().is_ok() {
            return Err(DomainError::IpAddress);
        }
        if trimmed.split('.').any(str::is_empty) {
            return Err(DomainError::EmptyLabel);
        }
        // Characters IDNA would map away silently (spaces, underscores, slashes...) are
        // refused first, so a typo is reported rather than "corrected".
        if trimmed
            .chars()
            .any(|c| c.is_ascii() && !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        {
            return Err(DomainError::InvalidCharacters);
        }
        let ascii = idna::domain_to_ascii_cow(trimmed.as_bytes(), idna::AsciiDenyList::STD3)
            .map_err(|_| DomainError::InvalidCharacters)?;
        // UTS #46 forbids a decoded label that is itself punycode (`xn--xn--…`): idna lets
        // it through, and its display form could not be entered again.
        let (unicode, decoded) = idna::domain_to_unicode(&ascii);
        if decoded.is_err() || unicode.split('.').any(|l| l.starts_with("xn--")) {
            return Err(DomainError::InvalidCharacters);
        }
        Self::check_ascii(ascii.into_owned())
    }

    fn check_ascii(ascii: String) -> Result<Self, DomainError> {
        if ascii.len() > MAX_DOMAIN_LEN {
            return Err(DomainError::TooLong);
        }
        let labels: Vec<&str> = ascii.split('.').collect();
        if labels.iter().any(|l| l.is_empty()) {
            return Err(DomainError::EmptyLabel);
        }
        if labels.iter().any(|l| l.len() > MAX_LABEL_LEN) {
            return Err(DomainError::LabelTooLong);
        }
        let valid_label = |l: &&str| {
            l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        if !labels.iter().all(valid_label) {
            return Err(DomainError::InvalidCharacters);
        }
        if labels.len() < 2 {
            return Err(DomainError::SingleLabel);
        }
        // A numeric top-level label is an IPv4 address in some spelling, never a domain.
        if labels
            .last()
            .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(DomainError::IpAddress);
        }
        if is_public_suffix(&ascii) {
            return Err(DomainError::PublicSuffix(ascii));
        }
        Ok(Self(ascii))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Unicode form for display, e.g. `bücher.example` for `xn--bcher-kva.example`.
    pub fn to_unicode(&self) -> String {
        idna::domain_to_unicode(&self.0).0
    }

    /// This domain and each parent above it, nearest first, stopping before the public
    /// suffix: `a.b.nhs.net` yields `a.b.nhs.net`, `b.nhs.net`, `nhs.net` (without the
    /// list, only before the top-level label: checks that need it run on the server).
    pub fn self_and_parents(&self) -> impl Iterator<Item = &str> {
        let s = self.0.as_str();
        std::iter::once(s)
            .chain(s.match_indices('.').map(move |(i, _)| &s[i + 1..]))
            .filter(|d| d.contains('.') && !is_public_suffix(d))
    }
}

/// True when `ascii` is itself a public suffix (`nhs.uk`, `co.uk`, `com`), under the
/// Public Suffix List's ICANN and private sections.
#[cfg(feature = "public-suffix")]
fn is_public_suffix(ascii: &str) -> bool {
    psl::suffix(ascii.as_bytes()).is_some_and(|s| s.as_bytes() == ascii.as_bytes() && s.is_known())
}

/// Without the list, nothing is known to be a public suffix: the server decides.
#[cfg(not(feature = "public-suffix"))]
fn is_public_suffix(_ascii: &str) -> bool {
    false
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DomainName {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DomainName> for String {
    fn from(value: DomainName) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        DomainName::parse(raw)
            .unwrap_or_else(|e| panic!("{raw:?} refused: {e}"))
            .to_string()
    }

    #[test]
    fn normalises_case_whitespace_and_trailing_dot() {
        assert_eq!(ok("  CareHome.CO.UK. "), "carehome.co.uk");
        assert_eq!(ok("nhs.net"), "nhs.net");
        assert_eq!(ok("Meadowbank-Care.org.uk"), "meadowbank-care.org.uk");
    }

    #[test]
    fn internationalised_names_become_ascii_and_back() {
        assert_eq!(ok("bücher.example"), "xn--bcher-kva.example");
        assert_eq!(ok("BÜCHER.example"), "xn--bcher-kva.example");
        assert_eq!(ok("xn--bcher-kva.example"), "xn--bcher-kva.example");
        // Found by fuzzing: a label that decodes to punycode again is not a valid IDN.
        assert_eq!(
            DomainName::parse("xn--xn--bcher-u9a.example"),
            Err(DomainError::InvalidCharacters)
        );
        assert_eq!(
            DomainName::parse("xn--bcher-kva.example").map(|d| d.to_unicode()),
            Ok("bücher.example".to_owned())
        );
    }

    #[test]
    fn refuses_what_cannot_be_listed() {
        use DomainError::*;
        let cases: &[(&str, DomainError)] = &[
            ("", Empty),
            ("   ", Empty),
            (".", Empty),
            ("carer@carehome.co.uk", LooksLikeEmail),
            ("*.carehome.co.uk", Wildcard),
            ("192.168.1.10", IpAddress),
            ("[::1]", IpAddress),
            ("10.0.0.300", IpAddress),
            ("care home.co.uk", InvalidCharacters),
            ("care_home.co.uk", InvalidCharacters),
            ("carehome.co.uk/path", InvalidCharacters),
            ("-carehome.co.uk", InvalidCharacters),
            ("carehome-.co.uk", InvalidCharacters),
            ("carehome..co.uk", EmptyLabel),
            (".carehome.co.uk", EmptyLabel),
            ("localhost", SingleLabel),
            ("nhs.uk", PublicSuffix("nhs.uk".into())),
            ("co.uk", PublicSuffix("co.uk".into())),
            ("uk", SingleLabel),
            ("com", SingleLabel),
            ("github.io", PublicSuffix("github.io".into())),
            ("NHS.UK.", PublicSuffix("nhs.uk".into())),
        ];
        for (raw, want) in cases {
            assert_eq!(DomainName::parse(raw).as_ref(), Err(want), "input {raw:?}");
        }
    }

    #[test]
    fn length_limits_count_ascii_form() {
        let label63 = "a".repeat(63);
        assert!(DomainName::parse(&format!("{label63}.example")).is_ok());
        assert_eq!(
            DomainName::parse(&format!("{}.example", "a".repeat(64))),
            Err(DomainError::LabelTooLong)
        );
        // 4 × 63 + 3 dots = 255 > 253.
        let long = [label63.as_str(); 4].join(".");
        assert_eq!(DomainName::parse(&long), Err(DomainError::TooLong));
        let just_fits = format!("{}.{}.{}.{}.uk", label63, label63, label63, "a".repeat(58));
        assert_eq!(just_fits.len(), 253);
        assert!(DomainName::parse(&just_fits).is_ok());
    }

    #[test]
    fn registrable_domains_under_public_suffixes_are_allowed() {
        assert_eq!(ok("nhs.net"), "nhs.net");
        assert_eq!(ok("leeds.nhs.uk"), "leeds.nhs.uk");
        assert_eq!(ok("wards.leeds.nhs.uk"), "wards.leeds.nhs.uk");
    }

    #[test]
    fn parents_stop_before_the_public_suffix() {
        let d = DomainName::parse("ward.trust.nhs.uk").expect("valid");
        assert_eq!(
            d.self_and_parents().collect::<Vec<_>>(),
            ["ward.trust.nhs.uk", "trust.nhs.uk"]
        );
        let d = DomainName::parse("a.nhs.net").expect("valid");
        assert_eq!(
            d.self_and_parents().collect::<Vec<_>>(),
            ["a.nhs.net", "nhs.net"]
        );
    }

    #[test]
    fn serde_round_trip_validates() {
        let d: DomainName = serde_json::from_str("\"Bücher.Example\"").expect("valid");
        assert_eq!(d.as_str(), "xn--bcher-kva.example");
        assert!(serde_json::from_str::<DomainName>("\"nhs.uk\"").is_err());
    }
}

//! Portal-local codes, for organisations ODS does not list: ODS takes social-care sites
//! only from CQC (England) and CSSIW (Wales), so a Scottish care home of an English
//! group has no ODS code. A local code is `LOC-` and five digits (`LOC-00001`), given by
//! the portal in turn. ODS codes are letters and digits only, so the hyphen means no
//! local code can ever be an ODS code, whatever ODS issues next; and every page can tell
//! a local code from the code alone.

use crate::OdsCode;

pub const LOCAL_PREFIX: &str = "LOC-";
const DIGITS: usize = 5;
/// The last number a local code can carry.
pub const MAX_LOCAL: u32 = 99_999;

/// The number of a local code (`LOC-00042` → 42); `None` for anything else, including
/// `LOC-00000`, which the portal never gives.
pub fn local_number(code: &str) -> Option<u32> {
    let digits = code.strip_prefix(LOCAL_PREFIX)?;
    if digits.len() != DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n >= 1)
}

/// Whether `code` (upper case, as stored) is a portal-local code.
pub fn is_local(code: &str) -> bool {
    local_number(code).is_some()
}

/// The local code after `highest`, the highest the portal has given (`None`: it has given
/// none); `None` once all [`MAX_LOCAL`] are used.
pub fn next_local_code(highest: Option<&OdsCode>) -> Option<OdsCode> {
    let last = highest.and_then(|c| local_number(c.as_str())).unwrap_or(0);
    let next = last.checked_add(1).filter(|n| *n <= MAX_LOCAL)?;
    OdsCode::parse(&format!("{LOCAL_PREFIX}{next:0DIGITS$}")).ok()
}

/// A code as text for people: a local one says so ("LOC-00001, portal code").
pub fn code_label(code: &str) -> String {
    if is_local(code) {
        format!("{code}, portal code")
    } else {
        code.to_owned()
    }
}

/// An organisation as text for people: "Canterbury House (VNC11)", "Canterbury Court
/// (LOC-00001, portal code)".
pub fn named(name: &str, code: &str) -> String {
    format!("{name} ({})", code_label(code))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    fn code(s: &str) -> OdsCode {
        OdsCode::parse(s).unwrap()
    }

    #[test]
    fn local_codes_are_given_in_turn_and_run_out_loudly() {
        assert_eq!(next_local_code(None), Some(code("LOC-00001")));
        assert_eq!(
            next_local_code(Some(&code("LOC-00041"))),
            Some(code("LOC-00042"))
        );
        assert_eq!(next_local_code(Some(&code("LOC-99999"))), None);
        // An ODS code is never taken for the highest local one.
        assert_eq!(
            next_local_code(Some(&code("VNC13"))),
            Some(code("LOC-00001"))
        );
    }

    #[test]
    fn a_local_code_is_never_an_ods_code_and_says_what_it_is() {
        let local = code("loc-00001");
        assert_eq!(local.as_str(), "LOC-00001", "upper-cased like an ODS code");
        assert!(local.is_local());
        assert!(!code("VNC13").is_local());
        // Nothing ODS-shaped (letters and digits only) is local, and no local code is
        // ODS-shaped: the hyphen keeps the two apart.
        for ods in ["LOC00001", "LOC", "RX1", "K81003001"] {
            assert!(!is_local(ods), "{ods}");
        }
        assert!(!local.as_str().bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(code_label("LOC-00001"), "LOC-00001, portal code");
        assert_eq!(code_label("VNC11"), "VNC11");
        assert_eq!(
            named("Canterbury Court", "LOC-00001"),
            "Canterbury Court (LOC-00001, portal code)"
        );
    }

    #[test]
    fn malformed_local_codes_are_refused_with_the_local_format() {
        for bad in [
            "LOC-1",
            "LOC-000001",
            "LOC-0000A",
            "LOC-00000",
            "LOC--0001",
            "LOC-",
        ] {
            assert_eq!(
                OdsCode::parse(bad),
                Err(crate::ids::OdsCodeError::BadLocal),
                "{bad}"
            );
            assert_eq!(local_number(bad), None, "{bad}");
        }
        assert!(OdsCode::parse("LOC-00001;DROP").is_err());
    }
}

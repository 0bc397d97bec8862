//! Portal-local codes, for organisations ODS does not list: ODS takes social-care sites
//! only from CQC (England) and CSSIW (Wales), so a Scottish care home of an English
//! group has no ODS code. A local code is `LOC-` and five digits (`LOC-00001`), given by
//! the portal in turn. ODS codes are letters and digits only, so the hyphen means no
//! local code can ever be an ODS code, whatever ODS issues next; and every page can tell
//! a local code from the code alone.

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

/// The text of the local code numbered `n` (1 to [`MAX_LOCAL`]), as the portal gives
/// them in turn; `OdsCode::local` makes it a code.
pub fn local_text(n: u32) -> Option<String> {
    (1..=MAX_LOCAL)
        .contains(&n)
        .then(|| format!("{LOCAL_PREFIX}{n:0DIGITS$}"))
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
    use super::*;

    #[test]
    fn local_codes_are_numbered_in_turn_and_run_out_loudly() {
        assert_eq!(local_text(1).as_deref(), Some("LOC-00001"));
        assert_eq!(local_text(42).as_deref(), Some("LOC-00042"));
        assert_eq!(local_text(MAX_LOCAL).as_deref(), Some("LOC-99999"));
        assert_eq!(local_text(0), None);
        assert_eq!(local_text(MAX_LOCAL + 1), None);
        assert_eq!(local_number("LOC-00042"), Some(42));
        assert_eq!(local_number("VNC13"), None);
    }

    #[test]
    fn a_local_code_is_never_an_ods_code_and_says_what_it_is() {
        assert!(is_local("LOC-00001"));
        // Nothing ODS-shaped (letters and digits only) is local, and no local code is
        // ODS-shaped: the hyphen keeps the two apart.
        for ods in ["LOC00001", "LOC", "RX1", "K81003001", "VNC13"] {
            assert!(!is_local(ods), "{ods}");
        }
        for n in [1, 500, MAX_LOCAL] {
            let text = local_text(n).unwrap_or_default();
            assert!(!text.bytes().all(|b| b.is_ascii_alphanumeric()), "{text}");
        }
        for bad in [
            "LOC-1",
            "LOC-000001",
            "LOC-0000A",
            "LOC-00000",
            "LOC--0001",
            "LOC-",
        ] {
            assert_eq!(local_number(bad), None, "{bad}");
        }
        assert_eq!(code_label("LOC-00001"), "LOC-00001, portal code");
        assert_eq!(code_label("VNC11"), "VNC11");
        assert_eq!(
            named("Canterbury Court", "LOC-00001"),
            "Canterbury Court (LOC-00001, portal code)"
        );
    }
}

//! An organisation's known headcount: how many staff, the date that was true, and who
//! gave it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{DateParts, parse_past_date};
use crate::FieldError;

/// More staff than the largest NHS employer has is a typing mistake.
pub const MAX_HEADCOUNT: u32 = 200_000;

/// The role in which a headcount was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadcountGiver {
    Manager,
    RaOfficer,
}

impl HeadcountGiver {
    pub fn as_str(self) -> &'static str {
        match self {
            HeadcountGiver::Manager => "manager",
            HeadcountGiver::RaOfficer => "ra_officer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "manager" => Some(HeadcountGiver::Manager),
            "ra_officer" => Some(HeadcountGiver::RaOfficer),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HeadcountGiver::Manager => "a manager",
            HeadcountGiver::RaOfficer => "an RA officer",
        }
    }
}

/// A headcount as given: staff on `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenHeadcount {
    pub staff: u32,
    pub as_of: NaiveDate,
}

/// The form's `headcount` and `as_of` date boxes, every problem reported at once.
pub fn parse_headcount(
    staff: &str,
    as_of: DateParts<'_>,
    today: NaiveDate,
) -> Result<GivenHeadcount, Vec<FieldError>> {
    let staff = parse_staff(staff).map_err(|m| FieldError::new("headcount", m));
    let as_of = parse_past_date(as_of, "as_of", "the date the headcount was true", today);
    match (staff, as_of) {
        (Ok(staff), Ok(as_of)) => Ok(GivenHeadcount { staff, as_of }),
        (staff, as_of) => Err([staff.err(), as_of.err()].into_iter().flatten().collect()),
    }
}

/// A number of staff as typed: 1 to [`MAX_HEADCOUNT`], commas allowed ("1,250").
pub(super) fn parse_staff(staff: &str) -> Result<u32, String> {
    match whole_number(staff.trim()) {
        _ if staff.trim().is_empty() => Err("Enter the number of staff".to_owned()),
        Some(0) => Err("The number of staff must be 1 or more".to_owned()),
        Some(n) if n > MAX_HEADCOUNT => Err(format!(
            "The number of staff must be {} or fewer",
            thousands(MAX_HEADCOUNT)
        )),
        Some(n) => Ok(n),
        None => Err("The number of staff must be a whole number, like 42".to_owned()),
    }
}

/// Digits only, or digits in groups of three with commas ("1,250"); no signs or spaces.
fn whole_number(s: &str) -> Option<u32> {
    let mut groups = s.split(',');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let grouped = !rest.is_empty();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let ok = digits(first)
        && (!grouped || first.len() <= 3)
        && rest.iter().all(|g| g.len() == 3 && digits(g));
    ok.then(|| s.replace(',', "").parse().ok()).flatten()
}

fn thousands(n: u32) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

//! The NHS service manual's date input: day, month and year in three boxes, with its
//! error messages ("Date must include a month", "Date must be a real date", …), for a
//! date given in a form (a headcount's) and for a range of dates a list is filtered by.

use chrono::{DateTime, Datelike as _, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;

/// What was typed in the three boxes.
#[derive(Debug, Clone, Copy)]
pub struct DateParts<'a> {
    pub day: &'a str,
    pub month: &'a str,
    pub year: &'a str,
}

impl DateParts<'_> {
    /// All three boxes left empty: no date given.
    pub fn is_blank(&self) -> bool {
        [self.day, self.month, self.year]
            .iter()
            .all(|v| v.trim().is_empty())
    }
}

/// A date on or before `today` (and not before 2000), or the one message the service
/// manual would show for `field` (`what` names the date in it, e.g. "the date the
/// headcount was true").
pub fn parse_past_date(
    parts: DateParts<'_>,
    field: &str,
    what: &str,
    today: NaiveDate,
) -> Result<NaiveDate, FieldError> {
    let date = parse_date(parts, field, "Date", what)?;
    let refuse = |message: &str| Err(FieldError::new(field, message));
    if date > today {
        return refuse("Date must be today or in the past");
    }
    if date.year() < 2000 {
        return refuse("Date must be in 2000 or later");
    }
    Ok(date)
}

/// A real date from the three boxes, or the service manual's message for `field`:
/// `name` starts each message ("Date", "Start date"), `what` follows "Enter" when every
/// box is empty.
fn parse_date(
    parts: DateParts<'_>,
    field: &str,
    name: &str,
    what: &str,
) -> Result<NaiveDate, FieldError> {
    let refuse = |message: String| Err(FieldError::new(field, message));
    let boxes = [
        ("day", parts.day),
        ("month", parts.month),
        ("year", parts.year),
    ];
    let missing: Vec<&str> = boxes
        .iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(part, _)| *part)
        .collect();
    match missing.as_slice() {
        [] => {}
        [_, _, _] => return refuse(format!("Enter {what}")),
        [one] => return refuse(format!("{name} must include a {one}")),
        [a, b] => return refuse(format!("{name} must include a {a} and {b}")),
        _ => unreachable!("three boxes"),
    }
    let number = |v: &str| {
        let v = v.trim();
        v.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| v.parse::<u32>().ok())
            .flatten()
    };
    let real = || format!("{name} must be a real date");
    let (Some(day), Some(month), Some(year)) =
        (number(parts.day), number(parts.month), number(parts.year))
    else {
        return refuse(real());
    };
    if parts.year.trim().len() != 4 {
        // The manual's words when there is one date on the page; with two, which one.
        return refuse(match name {
            "Date" => "Year must include 4 numbers".to_owned(),
            _ => format!("{name} must include a year with 4 numbers"),
        });
    }
    // The portal's dates are this century's: a year like 9999 is a slip, and would sort
    // differently on the two databases as a bound.
    if year > 2100 {
        return refuse(format!("{name} must be in 2100 or earlier"));
    }
    i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
        .map_or_else(|| refuse(real()), Ok)
}

/// Days a list is filtered to, each end included and either end open. Days are UTC
/// days, as the request queue has always counted them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// No end given: the list is not filtered by date.
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// The first instant in the range (midnight UTC at its start).
    pub fn start(&self) -> Option<DateTime<Utc>> {
        self.from
            .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
    }

    /// The first instant after the range (midnight UTC after its last day).
    pub fn end(&self) -> Option<DateTime<Utc>> {
        self.to
            .and_then(|d| d.succ_opt())
            .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
    }

    /// In words: "raised from 1 November 2026 to 30 November 2026", "raised on or
    /// after 1 November 2026", …
    pub fn describe(&self, what: &str) -> String {
        let day = |d: NaiveDate| d.format("%-d %B %Y").to_string();
        match (self.from, self.to) {
            (Some(a), Some(b)) if a == b => format!("{what} on {}", day(a)),
            (Some(a), Some(b)) => format!("{what} from {} to {}", day(a), day(b)),
            (Some(a), None) => format!("{what} on or after {}", day(a)),
            (None, Some(b)) => format!("{what} on or before {}", day(b)),
            (None, None) => format!("{what} on any day"),
        }
    }
}

/// A range from two date inputs named `from` and `to` (their day boxes carry those
/// ids, so each message links to its day box). Either may be left blank; every problem
/// is reported at once, and an end before the start is refused on the end.
pub fn parse_date_range(
    from: DateParts<'_>,
    to: DateParts<'_>,
) -> Result<DateRange, Vec<FieldError>> {
    let end = |parts: DateParts<'_>, field: &str, name: &str, what: &str| {
        (!parts.is_blank())
            .then(|| parse_date(parts, field, name, what))
            .transpose()
    };
    let from = end(from, "from", "Start date", "the start date");
    let to = end(to, "to", "End date", "the end date");
    match (from, to) {
        (Ok(Some(a)), Ok(Some(b))) if b < a => Err(vec![FieldError::new(
            "to",
            "End date must be the same as or after the start date",
        )]),
        (Ok(from), Ok(to)) => Ok(DateRange { from, to }),
        (from, to) => Err([from.err(), to.err()].into_iter().flatten().collect()),
    }
}

#[cfg(test)]
#[path = "date_input_tests.rs"]
mod tests;

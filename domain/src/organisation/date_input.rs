//! The NHS service manual's date input: day, month and year in three boxes, with its
//! error messages ("Date must include a month", "Date must be a real date", …).

use chrono::NaiveDate;

use crate::FieldError;

/// What was typed in the three boxes.
#[derive(Debug, Clone, Copy)]
pub struct DateParts<'a> {
    pub day: &'a str,
    pub month: &'a str,
    pub year: &'a str,
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
    let refuse = |message: String| Err(FieldError::new(field, message));
    let boxes = [
        ("day", parts.day),
        ("month", parts.month),
        ("year", parts.year),
    ];
    let missing: Vec<&str> = boxes
        .iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(name, _)| *name)
        .collect();
    match missing.as_slice() {
        [] => {}
        [_, _, _] => return refuse(format!("Enter {what}")),
        [one] => return refuse(format!("Date must include a {one}")),
        [a, b] => return refuse(format!("Date must include a {a} and {b}")),
        _ => unreachable!("three boxes"),
    }
    let number = |v: &str| {
        let v = v.trim();
        v.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| v.parse::<u32>().ok())
            .flatten()
    };
    let (Some(day), Some(month), Some(year)) =
        (number(parts.day), number(parts.month), number(parts.year))
    else {
        return refuse("Date must be a real date".into());
    };
    if parts.year.trim().len() != 4 {
        return refuse("Year must include 4 numbers".into());
    }
    let Some(date) = i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
    else {
        return refuse("Date must be a real date".into());
    };
    if date > today {
        return refuse("Date must be today or in the past".into());
    }
    if year < 2000 {
        return refuse("Date must be in 2000 or later".into());
    }
    Ok(date)
}

/// A date range a filter form asked for, each end optional (all three boxes empty), as
/// whole UK days: `from` inclusive, `to` inclusive. Each end's error names its fieldset;
/// a range that ends before it starts is the end's error.
pub fn parse_date_range(
    from: DateParts<'_>,
    to: DateParts<'_>,
    today: NaiveDate,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), Vec<FieldError>> {
    let optional = |parts: DateParts<'_>, field: &str, what: &str| {
        let empty = [parts.day, parts.month, parts.year]
            .iter()
            .all(|v| v.trim().is_empty());
        if empty {
            Ok(None)
        } else {
            parse_past_date(parts, field, what, today).map(Some)
        }
    };
    let from = optional(from, "from", "the first day");
    let to = optional(to, "to", "the last day");
    match (from, to) {
        (Ok(Some(f)), Ok(Some(t))) if t < f => Err(vec![FieldError::new(
            "to",
            "The last day must be the same as or after the first day",
        )]),
        (Ok(f), Ok(t)) => Ok((f, t)),
        (f, t) => Err([f.err(), t.err()].into_iter().flatten().collect()),
    }
}

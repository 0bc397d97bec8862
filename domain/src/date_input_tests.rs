#![allow(clippy::unwrap_used, reason = "tests")]

use chrono::NaiveDate;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn parts<'a>((day, month, year): (&'a str, &'a str, &'a str)) -> DateParts<'a> {
    DateParts { day, month, year }
}

fn date(day: &str, month: &str, year: &str) -> Result<NaiveDate, String> {
    parse_past_date(parts((day, month, year)), "as_of", "the date", today()).map_err(|e| e.message)
}

#[test]
fn the_date_input_gives_the_service_manuals_messages() {
    assert_eq!(date("1", "12", "2026"), Ok(day(2026, 12, 1)));
    assert_eq!(date(" 02 ", "12", "2026"), Ok(today()), "today is allowed");
    assert_eq!(date("", "", ""), Err("Enter the date".into()));
    assert_eq!(
        date("1", "", "2026"),
        Err("Date must include a month".into())
    );
    assert_eq!(
        date("", "", "2026"),
        Err("Date must include a day and month".into())
    );
    assert_eq!(
        date("31", "2", "2026"),
        Err("Date must be a real date".into())
    );
    assert_eq!(
        date("x", "2", "2026"),
        Err("Date must be a real date".into())
    );
    assert_eq!(
        date("1", "2", "26"),
        Err("Year must include 4 numbers".into())
    );
    assert_eq!(
        date("3", "12", "2026"),
        Err("Date must be today or in the past".into())
    );
    assert_eq!(
        date("1", "1", "1999"),
        Err("Date must be in 2000 or later".into())
    );
}

#[test]
fn a_range_ends_this_century() {
    let parts = |year| DateParts {
        day: "1",
        month: "1",
        year,
    };
    let refused = parse_date_range(parts("2026"), parts("9999")).expect_err("year 9999");
    assert_eq!(refused[0].field, "to");
    assert!(
        refused[0].message.ends_with("must be in 2100 or earlier"),
        "{refused:?}"
    );
}

type Boxes = (&'static str, &'static str, &'static str);
const BLANK: Boxes = ("", "", "");

fn range(from: Boxes, to: Boxes) -> Result<DateRange, Vec<(String, String)>> {
    parse_date_range(parts(from), parts(to))
        .map_err(|es| es.into_iter().map(|e| (e.field, e.message)).collect())
}

fn refused(field: &str, message: &str) -> Vec<(String, String)> {
    vec![(field.to_owned(), message.to_owned())]
}

#[test]
fn a_date_range_may_leave_either_end_open() {
    assert_eq!(range(BLANK, BLANK), Ok(DateRange::default()));
    assert!(range(BLANK, BLANK).unwrap().is_open());
    assert_eq!(
        range(("1", "11", "2026"), BLANK),
        Ok(DateRange {
            from: Some(day(2026, 11, 1)),
            to: None
        })
    );
    assert_eq!(
        range(BLANK, (" 30 ", "11", "2026")),
        Ok(DateRange {
            from: None,
            to: Some(day(2026, 11, 30))
        })
    );
    // Boxes holding only spaces are empty boxes.
    assert_eq!(range((" ", " ", " "), BLANK), Ok(DateRange::default()));
    // A filter may look ahead: a range ending next year is fine.
    assert!(range(("1", "12", "2026"), ("31", "1", "2027")).is_ok());
}

#[test]
fn a_date_range_counts_whole_utc_days_at_each_end() {
    let r = range(("1", "11", "2026"), ("30", "11", "2026")).unwrap();
    assert_eq!(r.start().unwrap().to_rfc3339(), "2026-11-01T00:00:00+00:00");
    assert_eq!(
        r.end().unwrap().to_rfc3339(),
        "2026-12-01T00:00:00+00:00",
        "the end is the midnight after the last day"
    );
    assert_eq!(
        r.describe("Requests raised"),
        "Requests raised from 1 November 2026 to 30 November 2026"
    );
    let one = range(("2", "12", "2026"), ("2", "12", "2026")).unwrap();
    assert_eq!(
        one.describe("Requests raised"),
        "Requests raised on 2 December 2026"
    );
    assert_eq!(
        DateRange::default().start().or(DateRange::default().end()),
        None
    );
}

#[test]
fn each_end_of_a_range_gets_its_own_message_on_its_own_box() {
    assert_eq!(
        range(("1", "", "2026"), BLANK),
        Err(refused("from", "Start date must include a month"))
    );
    assert_eq!(
        range(BLANK, ("31", "2", "2026")),
        Err(refused("to", "End date must be a real date"))
    );
    assert_eq!(
        range(("1", "2", "26"), ("1", "2", "2026")),
        Err(refused(
            "from",
            "Start date must include a year with 4 numbers"
        ))
    );
    assert_eq!(
        range(("x", "2", "2026"), ("", "2", "")),
        Err(vec![
            ("from".into(), "Start date must be a real date".into()),
            ("to".into(), "End date must include a day and year".into()),
        ]),
        "both at once"
    );
    assert_eq!(
        range(("2", "11", "2026"), ("1", "11", "2026")),
        Err(refused(
            "to",
            "End date must be the same as or after the start date"
        ))
    );
    for junk in ["-1", "+1", "1.0", "１", "0x1"] {
        assert_eq!(
            range((junk, "1", "2026"), BLANK),
            Err(refused("from", "Start date must be a real date")),
            "{junk}"
        );
    }
    assert_eq!(
        range(("0", "1", "2026"), BLANK),
        Err(refused("from", "Start date must be a real date"))
    );
}

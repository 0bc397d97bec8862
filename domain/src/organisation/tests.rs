#![allow(clippy::unwrap_used, reason = "tests")]

use chrono::NaiveDate;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

fn date(day: &str, month: &str, year: &str) -> Result<NaiveDate, String> {
    parse_past_date(DateParts { day, month, year }, "as_of", "the date", today())
        .map_err(|e| e.message)
}

#[test]
fn the_date_input_gives_the_service_manuals_messages() {
    assert_eq!(
        date("1", "12", "2026"),
        Ok(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
    );
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
fn a_headcount_is_a_whole_number_of_staff_with_every_problem_reported() {
    let parts = DateParts {
        day: "1",
        month: "11",
        year: "2026",
    };
    let ok = parse_headcount("1,250", parts, today()).unwrap();
    assert_eq!(
        (ok.staff, ok.as_of.to_string().as_str()),
        (1250, "2026-11-01")
    );
    assert_eq!(parse_headcount("7", parts, today()).unwrap().staff, 7);
    let refused = |staff: &str, parts| {
        parse_headcount(staff, parts, today())
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        refused(
            "-3",
            DateParts {
                day: "",
                month: "",
                year: ""
            }
        ),
        [
            (
                "headcount".into(),
                "The number of staff must be a whole number, like 42".into()
            ),
            (
                "as_of".into(),
                "Enter the date the headcount was true".into()
            ),
        ]
    );
    assert_eq!(refused(" ", parts)[0].1, "Enter the number of staff");
    assert_eq!(
        refused("0", parts)[0].1,
        "The number of staff must be 1 or more"
    );
    for odd in ["+5", "1,2,3", "12 000", "1,2500", ",250", "4.5"] {
        assert_eq!(
            refused(odd, parts)[0].1,
            "The number of staff must be a whole number, like 42",
            "{odd}"
        );
    }
    assert_eq!(
        refused("200001", parts)[0].1,
        "The number of staff must be 200,000 or fewer"
    );
}

#[test]
fn kinds_countries_and_givers_keep_their_stored_names() {
    for k in ALL_KINDS {
        assert_eq!(OrgKind::parse(k.as_str()), Some(k));
    }
    for c in ALL_COUNTRIES {
        assert_eq!(Country::parse(c.as_str()), Some(c));
    }
    for g in [HeadcountGiver::Manager, HeadcountGiver::RaOfficer] {
        assert_eq!(HeadcountGiver::parse(g.as_str()), Some(g));
    }
    assert_eq!(OrgKind::parse("hospital"), None);
}

#[test]
fn a_date_range_has_optional_ends_in_order() {
    let parts = |d, m, y| DateParts {
        day: d,
        month: m,
        year: y,
    };
    let none = parts("", " ", "");
    assert_eq!(parse_date_range(none, none, today()), Ok((None, None)));
    let first = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    assert_eq!(
        parse_date_range(parts("1", "11", "2026"), none, today()),
        Ok((Some(first), None))
    );
    let refused =
        parse_date_range(parts("2", "11", "2026"), parts("1", "11", "2026"), today()).unwrap_err();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].field, "to");
    // Both ends wrong: both reported, each under its own fieldset.
    let refused =
        parse_date_range(parts("31", "2", "2026"), parts("1", "", "2026"), today()).unwrap_err();
    let fields: Vec<&str> = refused.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["from", "to"]);
    assert_eq!(refused[1].message, "Date must include a month");
}

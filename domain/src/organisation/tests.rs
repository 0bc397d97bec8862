#![allow(clippy::unwrap_used, reason = "tests")]

use chrono::NaiveDate;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
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

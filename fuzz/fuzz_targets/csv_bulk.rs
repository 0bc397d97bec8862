//! The bulk registration CSV (`registration::bulk`): a manager's file of staff, read,
//! checked and judged. Never panics; one verdict per row; verdicts are consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ra_domain::csv_file::{MAX_IMPORT_ROWS, Verdict as _};
use ra_domain::registration::bulk::{self, BulkVerdict, Known};

#[path = "csv_lines.rs"]
mod csv_lines;
use csv_lines::assert_lines;

fuzz_target!(|data: &[u8]| {
    let Ok(rows) = bulk::read(data) else {
        return;
    };
    assert!(!rows.is_empty());
    assert!(rows.len() <= MAX_IMPORT_ROWS);
    assert_lines(rows.iter().map(|r| r.line));

    let checked = bulk::check(&rows);
    assert_eq!(checked.len(), rows.len());
    // The key a repeat is found by: the normalised email, case-insensitively.
    let emails: Vec<Option<String>> = checked
        .iter()
        .map(|c| c.valid().map(|r| r.email.to_lowercase()))
        .collect();
    let verdicts = bulk::judge(
        checked,
        |_| true,
        |_| Known {
            open_request: false,
            registered: false,
            not_allowed: None,
        },
    );
    assert_eq!(verdicts.len(), rows.len());
    for (i, (v, email)) in verdicts.iter().zip(&emails).enumerate() {
        let valid = email.is_some();
        assert!(!v.label().is_empty());
        let _ = v.explain();
        match v {
            BulkVerdict::New(r) => {
                assert!(valid);
                assert!(v.is_new());
                assert!(r.email.ends_with(&format!("@{}", r.domain)), "{}", r.email);
            }
            BulkVerdict::RepeatsLine(line) => {
                let first = emails.iter().position(|e| e == email).expect("itself");
                assert!(first < i, "row {i} repeats a later row");
                assert!(matches!(verdicts[first], BulkVerdict::New(_)));
                assert_eq!(rows[first].line, *line, "{email:?} first on another line");
            }
            BulkVerdict::Invalid(problems) => {
                assert!(!valid);
                assert!(!problems.is_empty());
            }
            // The uploader manages everything and the database knows nothing.
            other => panic!("unexpected verdict {other:?}"),
        }
    }
});

//! The allow-list CSV import (`allow_list::import`): an RA officer's uploaded file, read
//! and judged row by row. Never panics; one verdict per row; verdicts are consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ra_domain::allow_list::import::{self, MAX_IMPORT_ROWS, Verdict};
use ra_domain::csv_file::Verdict as _;

#[path = "csv_lines.rs"]
mod csv_lines;
use csv_lines::assert_lines;

fuzz_target!(|data: &[u8]| {
    let Ok(rows) = import::read_csv(data) else {
        return;
    };
    // A file without rows, or with too many, is refused as a whole.
    assert!(!rows.is_empty());
    assert!(rows.len() <= MAX_IMPORT_ROWS);
    assert_lines(rows.iter().map(|r| r.line));

    let verdicts = import::judge(&rows, |_| None);
    assert_eq!(verdicts.len(), rows.len());
    for (i, v) in verdicts.iter().enumerate() {
        assert!(!v.label().is_empty());
        let _ = v.explain();
        match v {
            // Nothing is listed, so nothing can be "already listed".
            Verdict::AlreadyListed { .. } => panic!("AlreadyListed with an empty list"),
            // A repeat names an earlier line holding the same domain.
            Verdict::RepeatsLine { domain, line } => {
                let first = verdicts
                    .iter()
                    .position(|v| matches!(v, Verdict::New(e) if e.domain == *domain))
                    .expect("an earlier new row with the domain");
                assert!(first < i, "row {i} repeats a later row");
                assert_eq!(rows[first].line, *line, "{domain} first on another line");
            }
            // Every refused row says why.
            Verdict::Invalid(reasons) => {
                assert!(!reasons.is_empty());
                assert!(!v.is_new());
            }
            Verdict::New(_) => assert!(v.is_new()),
        }
    }
});

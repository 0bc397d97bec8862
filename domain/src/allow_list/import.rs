//! CSV import of allow-list entries: read the file, judge each row, and only then let an
//! RA officer commit all rows or none.
//!
//! Columns (header row required, any order, case-insensitive): `domain`, `ods_code`,
//! `covers_subdomains` (yes/no, true/false, 1/0; empty means no), `note` (optional).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::{DomainName, EntryStatus, entry::MAX_NOTE_LEN};
use crate::OdsCode;

use crate::csv_file::read_table;
pub use crate::csv_file::{FileError, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS};

/// One data row as written in the file; `line` counts from 1 with the header as line 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    pub line: usize,
    pub domain: String,
    pub ods_code: String,
    pub covers_subdomains: String,
    pub note: String,
}

/// A row that can be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportEntry {
    pub domain: DomainName,
    pub ods_code: OdsCode,
    pub covers_subdomains: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    New(ImportEntry),
    AlreadyListed {
        domain: DomainName,
        status: EntryStatus,
    },
    RepeatsLine {
        domain: DomainName,
        line: usize,
    },
    Invalid(Vec<String>),
}

impl crate::csv_file::Verdict for Verdict {
    fn is_new(&self) -> bool {
        matches!(self, Verdict::New(_))
    }

    fn label(&self) -> &'static str {
        match self {
            Verdict::New(_) => "New",
            Verdict::AlreadyListed { .. } => "Already listed",
            Verdict::RepeatsLine { .. } => "Repeated in file",
            Verdict::Invalid(_) => "Invalid",
        }
    }

    fn explain(&self) -> String {
        match self {
            Verdict::New(e) => format!(
                "Will be added as active{}",
                if e.covers_subdomains {
                    ", covering subdomains"
                } else {
                    ""
                }
            ),
            Verdict::AlreadyListed { domain, status } => {
                format!(
                    "{} is already on the list ({})",
                    domain,
                    status.label().to_lowercase()
                )
            }
            Verdict::RepeatsLine { domain, line } => format!("{domain} is already on line {line}"),
            Verdict::Invalid(reasons) => reasons.join("; "),
        }
    }
}

/// Required columns first, then the optional `note`.
pub const COLUMNS: [&str; 4] = ["domain", "ods_code", "covers_subdomains", "note"];

/// Reads an uploaded file into rows, refusing files that are not CSV as a whole.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<RawRow>, FileError> {
    let rows = read_table(bytes, &COLUMNS[..3], &COLUMNS[3..])?;
    Ok(rows
        .into_iter()
        .map(|r| RawRow {
            line: r.line,
            domain: r.value(0).to_owned(),
            ods_code: r.value(1).to_owned(),
            covers_subdomains: r.value(2).to_owned(),
            note: r.value(3).to_owned(),
        })
        .collect())
}

fn parse_yes_no(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" => Some(false),
        "yes" | "y" | "true" | "1" => Some(true),
        _ => None,
    }
}

/// Gives each row its verdict, in order; `listed` answers for domains already live on
/// the list.
pub fn judge(rows: &[RawRow], listed: impl Fn(&DomainName) -> Option<EntryStatus>) -> Vec<Verdict> {
    let mut first_line: HashMap<DomainName, usize> = HashMap::new();
    rows.iter()
        .map(|raw| judge_row(raw, &listed, &mut first_line))
        .collect()
}

fn judge_row(
    raw: &RawRow,
    listed: &impl Fn(&DomainName) -> Option<EntryStatus>,
    first_line: &mut HashMap<DomainName, usize>,
) -> Verdict {
    let mut problems = Vec::new();
    let domain = DomainName::parse(&raw.domain)
        .map_err(|e| problems.push(format!("domain: {e}")))
        .ok();
    let ods = OdsCode::parse(&raw.ods_code)
        .map_err(|e| problems.push(format!("ods_code: {e}")))
        .ok();
    let covers = parse_yes_no(&raw.covers_subdomains);
    if covers.is_none() {
        problems.push("covers_subdomains: write yes or no".into());
    }
    if raw.note.chars().count() > MAX_NOTE_LEN {
        problems.push("note: write 1000 characters or fewer".into());
    }
    let (Some(domain), Some(ods_code), Some(covers_subdomains), true) =
        (domain, ods, covers, problems.is_empty())
    else {
        return Verdict::Invalid(problems);
    };
    if let Some(&line) = first_line.get(&domain) {
        return Verdict::RepeatsLine { domain, line };
    }
    first_line.insert(domain.clone(), raw.line);
    if let Some(status) = listed(&domain) {
        return Verdict::AlreadyListed { domain, status };
    }
    Verdict::New(ImportEntry {
        domain,
        ods_code,
        covers_subdomains,
        note: raw.note.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_file::Verdict as _;

    fn rows(csv: &str) -> Vec<RawRow> {
        read_csv(csv.as_bytes()).expect("readable")
    }

    #[test]
    fn reads_columns_in_any_order_with_bom_and_quotes() {
        let r = rows(
            "\u{feff}Note,Covers Subdomains,ODS_Code,Domain\n\"Main, head office\",yes,vmb01, Meadowbank.org.uk \n",
        );
        assert_eq!(
            r,
            [RawRow {
                line: 2,
                domain: "Meadowbank.org.uk".into(),
                ods_code: "vmb01".into(),
                covers_subdomains: "yes".into(),
                note: "Main, head office".into(),
            }]
        );
    }

    #[test]
    fn refuses_files_that_are_not_csv() {
        assert_eq!(read_csv(b""), Err(FileError::Empty));
        assert_eq!(
            read_csv(b"\x89PNG\r\n\x1a\n\0\0\0"),
            Err(FileError::NotCsv("it contains binary data".into()))
        );
        assert_eq!(
            read_csv(b"domain,ods_code,covers_subdomains\ncaf\xe9.org,RX1,no\n"),
            Err(FileError::NotUtf8)
        );
        assert_eq!(
            read_csv(b"name,email\na,b\n"),
            Err(FileError::MissingColumns(vec![
                "domain".into(),
                "ods_code".into(),
                "covers_subdomains".into()
            ]))
        );
        assert!(matches!(
            read_csv(b"domain,ods_code,covers_subdomains\na.org,RX1\n"),
            Err(FileError::NotCsv(m)) if m.contains("line 2")
        ));
        assert_eq!(
            read_csv(b"domain,ods_code,covers_subdomains\n"),
            Err(FileError::NoRows)
        );
        let big = vec![b'a'; MAX_IMPORT_BYTES + 1];
        assert_eq!(read_csv(&big), Err(FileError::TooBig));
    }

    #[test]
    fn codes_survive_a_redirect() {
        for e in [
            FileError::Empty,
            FileError::TooBig,
            FileError::NotUtf8,
            FileError::NoRows,
        ] {
            assert_eq!(
                FileError::message_for_code(e.code(), &COLUMNS[..3]),
                Some(e.to_string())
            );
        }
        assert!(
            FileError::message_for_code("not_csv", &COLUMNS[..3])
                .is_some_and(|m| m.starts_with("The file is not a CSV file"))
        );
        assert_eq!(FileError::message_for_code("<script>", &COLUMNS[..3]), None);
    }

    #[test]
    fn row_limit_is_ten_thousand() {
        let mut csv = String::from("domain,ods_code,covers_subdomains\n");
        for i in 0..MAX_IMPORT_ROWS {
            csv.push_str(&format!("d{i}.example.org,RX1,no\n"));
        }
        assert_eq!(
            read_csv(csv.as_bytes()).map(|r| r.len()),
            Ok(MAX_IMPORT_ROWS)
        );
        csv.push_str("one-more.example.org,RX1,no\nand-another.example.org,RX1,no\n");
        assert_eq!(
            read_csv(csv.as_bytes()),
            Err(FileError::TooManyRows(10_002))
        );
    }

    #[test]
    fn verdicts_per_row() {
        let r = rows(
            "domain,ods_code,covers_subdomains,note\n\
             new.org.uk,RX1,no,\n\
             listed.org.uk,RX1,yes,\n\
             NEW.org.uk.,RX1,no,\n\
             nhs.uk,,maybe,\n",
        );
        let listed = DomainName::parse("listed.org.uk").expect("valid");
        let judged = judge(&r, |d| (*d == listed).then_some(EntryStatus::Active));
        let labels: Vec<&str> = judged.iter().map(|v| v.label()).collect();
        assert_eq!(
            labels,
            ["New", "Already listed", "Repeated in file", "Invalid"]
        );
        assert_eq!(judged[2].explain(), "new.org.uk is already on line 2");
        let Verdict::Invalid(problems) = &judged[3] else {
            panic!("invalid expected")
        };
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("public suffix"));
    }
}

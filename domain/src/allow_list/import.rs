//! CSV import of allow-list entries: read the file, judge each row, and only then let an
//! RA officer commit all rows or none.
//!
//! Columns (header row required, any order, case-insensitive): `domain`, `ods_code`,
//! `covers_subdomains` (yes/no, true/false, 1/0; empty means no), `note` (optional).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::{DomainName, EntryStatus, entry::MAX_NOTE_LEN};
use crate::OdsCode;

pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_IMPORT_ROWS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum FileError {
    #[error("The file is empty")]
    Empty,
    #[error("The file is larger than 5 MB; split it into smaller files")]
    TooBig,
    #[error(
        "The file is not UTF-8 text. In Excel, save it as \"CSV UTF-8 (Comma delimited)\" and try again"
    )]
    NotUtf8,
    #[error("The file is not a CSV file: {0}")]
    NotCsv(String),
    #[error("The first row must name the columns; missing: {}", .0.join(", "))]
    MissingColumns(Vec<String>),
    #[error("The file has {0} rows; import at most 10,000 at a time")]
    TooManyRows(usize),
    #[error("The file has a header row but no entries")]
    NoRows,
}

impl FileError {
    /// A short code that survives a redirect (`?error=not_csv`).
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Empty => "empty",
            FileError::TooBig => "too_big",
            FileError::NotUtf8 => "not_utf8",
            FileError::NotCsv(_) => "not_csv",
            FileError::MissingColumns(_) => "missing_columns",
            FileError::TooManyRows(_) => "too_many_rows",
            FileError::NoRows => "no_rows",
        }
    }

    /// The message for a code from [`FileError::code`], without the file's details.
    pub fn message_for_code(code: &str) -> Option<String> {
        let e = match code {
            "empty" => FileError::Empty,
            "too_big" => FileError::TooBig,
            "not_utf8" => FileError::NotUtf8,
            "not_csv" => FileError::NotCsv("check it was saved as CSV (comma separated)".into()),
            "missing_columns" => {
                FileError::MissingColumns(COLUMNS[..3].iter().map(|c| (*c).to_owned()).collect())
            }
            "too_many_rows" => {
                return Some(
                    "The file has more than 10,000 rows; import at most 10,000 at a time".into(),
                );
            }
            "no_rows" => FileError::NoRows,
            "no_file" => return Some("Choose a CSV file to upload".into()),
            _ => return None,
        };
        Some(e.to_string())
    }
}

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

impl Verdict {
    pub fn is_new(&self) -> bool {
        matches!(self, Verdict::New(_))
    }

    pub fn label(&self) -> &'static str {
        match self {
            Verdict::New(_) => "New",
            Verdict::AlreadyListed { .. } => "Already listed",
            Verdict::RepeatsLine { .. } => "Repeated in file",
            Verdict::Invalid(_) => "Invalid",
        }
    }

    pub fn explain(&self) -> String {
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgedRow {
    pub raw: RawRow,
    pub verdict: Verdict,
}

const COLUMNS: [&str; 4] = ["domain", "ods_code", "covers_subdomains", "note"];

/// Reads an uploaded file into rows, refusing files that are not CSV as a whole.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<RawRow>, FileError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(FileError::TooBig);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::Empty);
    }
    if bytes.contains(&0) {
        return Err(FileError::NotCsv("it contains binary data".into()));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| FileError::NotUtf8)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| FileError::NotCsv(e.to_string()))?
        .clone();
    let position = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().to_ascii_lowercase().replace([' ', '-'], "_") == name)
    };
    let [domain, ods, covers, note] = COLUMNS.map(position);
    let missing: Vec<String> = COLUMNS
        .iter()
        .zip([domain, ods, covers])
        .filter(|(_, p)| p.is_none())
        .map(|(name, _)| (*name).to_owned())
        .collect();
    let (Some(domain), Some(ods), Some(covers)) = (domain, ods, covers) else {
        return Err(FileError::MissingColumns(missing));
    };
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => FileError::NotCsv(format!("line {} cannot be read ({e})", p.line())),
            None => FileError::NotCsv(e.to_string()),
        })?;
        if rows.len() == MAX_IMPORT_ROWS {
            // Count the rest only to say how many there were.
            let total = MAX_IMPORT_ROWS + 1 + reader.records().count();
            return Err(FileError::TooManyRows(total));
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        let get = |i: usize| record.get(i).unwrap_or_default().to_owned();
        rows.push(RawRow {
            line: record.position().map_or(i + 2, |p| p.line() as usize),
            domain: get(domain),
            ods_code: get(ods),
            covers_subdomains: get(covers),
            note: note.map(get).unwrap_or_default(),
        });
    }
    if rows.is_empty() {
        return Err(FileError::NoRows);
    }
    Ok(rows)
}

fn parse_yes_no(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" => Some(false),
        "yes" | "y" | "true" | "1" => Some(true),
        _ => None,
    }
}

/// Gives each row its verdict; `listed` answers for domains already live on the list.
pub fn judge(
    rows: Vec<RawRow>,
    listed: impl Fn(&DomainName) -> Option<EntryStatus>,
) -> Vec<JudgedRow> {
    let mut first_line: HashMap<DomainName, usize> = HashMap::new();
    rows.into_iter()
        .map(|raw| {
            let verdict = judge_row(&raw, &listed, &mut first_line);
            JudgedRow { raw, verdict }
        })
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
            assert_eq!(FileError::message_for_code(e.code()), Some(e.to_string()));
        }
        assert!(
            FileError::message_for_code("not_csv")
                .is_some_and(|m| m.starts_with("The file is not a CSV file"))
        );
        assert_eq!(FileError::message_for_code("<script>"), None);
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
        let judged = judge(r, |d| (*d == listed).then_some(EntryStatus::Active));
        let labels: Vec<&str> = judged.iter().map(|j| j.verdict.label()).collect();
        assert_eq!(
            labels,
            ["New", "Already listed", "Repeated in file", "Invalid"]
        );
        assert_eq!(
            judged[2].verdict.explain(),
            "new.org.uk is already on line 2"
        );
        let Verdict::Invalid(problems) = &judged[3].verdict else {
            panic!("invalid expected")
        };
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("public suffix"));
    }
}

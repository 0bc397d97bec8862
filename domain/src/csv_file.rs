//! Reading uploaded CSV files for bulk imports: size, encoding and shape checked before
//! any row is judged; columns found by their header, in any order. Every import then gives
//! each row a [`Verdict`] and commits all rows or none ([`nothing_committed`]).

use serde::{Deserialize, Serialize};

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
    pub fn message_for_code(code: &str, required: &[&str]) -> Option<String> {
        let e = match code {
            "empty" => FileError::Empty,
            "too_big" => FileError::TooBig,
            "not_utf8" => FileError::NotUtf8,
            "not_csv" => FileError::NotCsv("check it was saved as CSV (comma separated)".into()),
            "missing_columns" => {
                FileError::MissingColumns(required.iter().map(|c| (*c).to_owned()).collect())
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

/// What a preview shows of a row's fate; each kind of import has its own verdicts.
pub trait Verdict {
    /// A short name: "New", "Already listed", …
    fn label(&self) -> &'static str;
    fn explain(&self) -> String;
    /// Only new rows can be committed; one that is not refuses the whole file.
    fn is_new(&self) -> bool;
}

impl<V: Verdict> Verdict for &V {
    fn label(&self) -> &'static str {
        (*self).label()
    }
    fn explain(&self) -> String {
        (*self).explain()
    }
    fn is_new(&self) -> bool {
        (*self).is_new()
    }
}

/// Why a file cannot be committed, when any of its rows (line, verdict) cannot be:
/// "Nothing was imported: 2 row(s) cannot be added (line 3: …; line 7: …). Fix the file
/// and upload it again." At most five lines are named.
pub fn nothing_committed<V: Verdict>(
    rows: impl IntoIterator<Item = (usize, V)>,
    nothing: &str,
    cannot: &str,
) -> Option<String> {
    let refused: Vec<String> = rows
        .into_iter()
        .filter(|(_, v)| !v.is_new())
        .map(|(line, v)| format!("line {line}: {}", v.explain()))
        .collect();
    if refused.is_empty() {
        return None;
    }
    let shown: Vec<&str> = refused.iter().take(5).map(String::as_str).collect();
    Some(format!(
        "{nothing}: {} row(s) {cannot} ({}{}). Fix the file and upload it again.",
        refused.len(),
        shown.join("; "),
        if refused.len() > 5 { "; …" } else { "" }
    ))
}

/// One data row: `line` counts from 1 with the header as line 1; values follow the
/// order of the required columns, then the optional ones ("" when absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    pub line: usize,
    values: Vec<String>,
}

impl CsvRow {
    pub fn value(&self, i: usize) -> &str {
        self.values.get(i).map(String::as_str).unwrap_or_default()
    }
}

/// Reads a file with a header row naming `required` (and perhaps `optional`) columns.
/// Header names match case-insensitively, with spaces and hyphens read as underscores.
pub fn read_table(
    bytes: &[u8],
    required: &[&str],
    optional: &[&str],
) -> Result<Vec<CsvRow>, FileError> {
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
    let missing: Vec<String> = required
        .iter()
        .filter(|c| position(c).is_none())
        .map(|c| (*c).to_owned())
        .collect();
    if !missing.is_empty() {
        return Err(FileError::MissingColumns(missing));
    }
    let columns: Vec<Option<usize>> = required
        .iter()
        .chain(optional)
        .map(|c| position(c))
        .collect();
    let mut rows = Vec::new();
    let mut lines = SpreadsheetRows::new(text);
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => FileError::NotCsv(format!(
                "line {} cannot be read ({e})",
                lines.row_at(p.byte() as usize)
            )),
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
        rows.push(CsvRow {
            line: record
                .position()
                .map_or(i + 2, |p| lines.row_at(p.byte() as usize)),
            values: columns
                .iter()
                .map(|c| c.and_then(|c| record.get(c)).unwrap_or_default().to_owned())
                .collect(),
        });
    }
    if rows.is_empty() {
        return Err(FileError::NoRows);
    }
    Ok(rows)
}

/// The row number a spreadsheet shows for a byte offset: line breaks (`\n`, `\r\n` or a
/// lone `\r`) outside quoted fields, plus one. The csv crate's own line count is wrong for
/// `\r\n` files (rust-csv#395), which is what Excel saves.
/// Offsets must be asked for in increasing order: the text is scanned once.
struct SpreadsheetRows<'a> {
    text: &'a [u8],
    at: usize,
    breaks: usize,
    quoted: bool,
}

impl<'a> SpreadsheetRows<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            at: 0,
            breaks: 0,
            quoted: false,
        }
    }

    fn row_at(&mut self, offset: usize) -> usize {
        // The crate's offset can point at the `\n` of the `\r\n` (or a blank line) before
        // a record; a record never starts with a line break, so step over them.
        let mut end = offset.min(self.text.len());
        while matches!(self.text.get(end), Some(b'\n' | b'\r')) {
            end += 1;
        }
        while self.at < end {
            let next = self.text.get(self.at + 1);
            match self.text[self.at] {
                // As the csv crate reads them: a quote opens a field only at its start, and
                // `""` inside one is an escaped quote.
                b'"' if self.quoted && next == Some(&b'"') => self.at += 1,
                b'"' if self.quoted => self.quoted = false,
                b'"' if self.at_field_start() => self.quoted = true,
                b'\n' if !self.quoted => self.breaks += 1,
                b'\r' if !self.quoted && next != Some(&b'\n') => self.breaks += 1,
                _ => {}
            }
            self.at += 1;
        }
        self.breaks + 1
    }

    fn at_field_start(&self) -> bool {
        self.at == 0 || matches!(self.text[self.at - 1], b',' | b'\n' | b'\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct V(bool);
    impl Verdict for V {
        fn label(&self) -> &'static str {
            if self.0 { "New" } else { "Invalid" }
        }
        fn explain(&self) -> String {
            self.label().to_lowercase()
        }
        fn is_new(&self) -> bool {
            self.0
        }
    }

    fn lines_of(text: &str) -> Vec<usize> {
        read_table(text.as_bytes(), &["domain"], &[])
            .expect("readable")
            .iter()
            .map(|r| r.line)
            .collect()
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them_whatever_the_line_endings() {
        assert_eq!(lines_of("domain\na.org.uk\nb.org.uk\n"), [2, 3]);
        // Excel's "CSV UTF-8" export: the csv crate alone says lines 1 and 2 here.
        assert_eq!(lines_of("domain\r\na.org.uk\r\nb.org.uk\r\n"), [2, 3]);
        assert_eq!(lines_of("domain\ra.org.uk\rb.org.uk"), [2, 3]);
        assert_eq!(
            lines_of("\u{feff}domain\n\na.org.uk\r\n\r\nb.org.uk"),
            [3, 5]
        );
        // A line break inside a quoted field stays in its row.
        assert_eq!(lines_of("domain\n\"a\r\n.org.uk\"\nb.org.uk\n"), [2, 3]);
        assert_eq!(lines_of("domain\n\"a\"\"\n\"\nb\"c\nd\n"), [2, 3, 4]);
    }

    #[test]
    fn a_row_that_cannot_be_read_is_named_by_its_spreadsheet_row() {
        let e = read_table(b"domain,x\r\na,b\r\nc\r\n", &["domain"], &[]).expect_err("ragged");
        assert!(
            matches!(&e, FileError::NotCsv(m) if m.starts_with("line 3 cannot be read")),
            "{e:?}"
        );
    }

    #[test]
    fn one_refused_row_refuses_the_file_and_five_are_named() {
        assert_eq!(
            nothing_committed([(2, V(true))], "Nothing", "cannot be"),
            None
        );
        let said = nothing_committed(
            (2..10).map(|l| (l, V(l == 2))),
            "Nothing was imported",
            "cannot be added",
        )
        .expect("refused");
        assert_eq!(
            said,
            "Nothing was imported: 7 row(s) cannot be added (line 3: invalid; line 4: invalid; \
             line 5: invalid; line 6: invalid; line 7: invalid; …). Fix the file and upload it again."
        );
    }
}

//! CSV exports: each table's filtered rows, written through [`SafeCsv`] so no cell of any
//! export is run by a spreadsheet as a formula.

mod adoption;
mod allow_list;

pub use adoption::adoption;
pub use allow_list::allow_list;

use app::AppError;
use axum::{
    http::header,
    response::{IntoResponse, Response},
};

/// A CSV file being written; every cell is made spreadsheet-safe on the way in.
pub struct SafeCsv {
    out: csv::Writer<Vec<u8>>,
    ok: bool,
}

impl SafeCsv {
    pub fn new(header: &[&str]) -> Self {
        let mut me = Self {
            out: csv::Writer::from_writer(Vec::new()),
            ok: true,
        };
        me.row(header.iter().copied());
        me
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| spreadsheet_safe(c.as_ref()))
            .collect();
        self.ok &= self.out.write_record(&cells).is_ok();
    }

    /// The file as a download named `filename`.
    pub fn into_response(self, filename: &str) -> Response {
        let body = match (self.ok, self.out.into_inner()) {
            (true, Ok(b)) => b,
            _ => return AppError::Internal.into_response(),
        };
        let disposition = format!("attachment; filename=\"{filename}\"");
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            body,
        )
            .into_response()
    }
}

/// Text a spreadsheet would run as a formula starts with a quote instead (CSV injection).
fn spreadsheet_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(bad), format!("'{bad}"));
        }
        assert_eq!(spreadsheet_safe("Meadowbank Care"), "Meadowbank Care");
    }

    #[test]
    fn every_cell_and_header_goes_through_the_check() {
        let mut csv = SafeCsv::new(&["=a", "b"]);
        csv.row(["@c", "d"]);
        let text = String::from_utf8(csv.out.into_inner().expect("bytes")).expect("utf-8");
        assert_eq!(text, "'=a,b\n'@c,d\n");
    }
}

//! CSV exports: each table's filtered rows, written through [`SafeCsv`] so no cell of any
//! export is run by a spreadsheet as a formula.

mod adoption;
mod allow_list;
mod audit;
mod registration;

pub use adoption::adoption;
pub use allow_list::allow_list;
use audit::too_many;
pub use audit::{MAX_EXPORT_ROWS, audit, devices};
pub use registration::requests;

use app::AppError;
use axum::{
    http::header,
    response::{IntoResponse, Response},
};
use ra_db::repo::audit::{AuditEvent, Subject, record_alone};
use ra_domain::Principal;
use serde_json::json;

/// A CSV file being written; every cell is made spreadsheet-safe on the way in.
pub struct SafeCsv {
    /// Tables already finished, each followed by a blank line.
    done: Vec<u8>,
    out: csv::Writer<Vec<u8>>,
    ok: bool,
    /// Rows of the first table (what the export is of), without its header.
    rows: usize,
    in_first: bool,
}

impl SafeCsv {
    pub fn new(header: &[&str]) -> Self {
        let mut me = Self {
            done: Vec::new(),
            out: csv::Writer::from_writer(Vec::new()),
            ok: true,
            rows: 0,
            in_first: true,
        };
        me.row(header.iter().copied());
        me.rows = 0;
        me
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| spreadsheet_safe(c.as_ref()))
            .collect();
        self.ok &= self.out.write_record(&cells).is_ok();
        self.rows += usize::from(self.in_first);
    }

    /// Ends the table with an empty line; what follows is a second table (an export's
    /// checkpoint), with its own columns.
    pub fn blank(&mut self) {
        let table = std::mem::replace(&mut self.out, csv::Writer::from_writer(Vec::new()));
        match table.into_inner() {
            Ok(bytes) => self.done.extend(bytes),
            Err(_) => self.ok = false,
        }
        self.done.push(b'\n');
        self.in_first = false;
    }

    /// The file as a download, once the export is in the audit trail: who took which
    /// file, with which filters (the query string) and how many rows. No entry, no file.
    pub async fn audited(
        self,
        db: &ra_db::Db,
        me: &Principal,
        filename: &str,
        filters: Option<&str>,
    ) -> Response {
        let event = AuditEvent {
            actor: Some(me.person_id),
            action: "export.csv",
            subject_type: Subject::Export,
            subject_id: Some(filename),
            subject_org: None,
            details: json!({
                "summary": format!("Exported {} ({} rows)", filename, self.rows),
                "file": filename,
                "rows": self.rows,
                "filters": filters.unwrap_or_default(),
            }),
            occurred_at: chrono::Utc::now(),
        };
        if let Err(e) = record_alone(db, event).await {
            tracing::error!(error = %e, file = filename, "export not audited, so not sent");
            return AppError::from(e).into_response();
        }
        self.into_response(filename)
    }

    /// The file as a download named `filename`.
    pub fn into_response(self, filename: &str) -> Response {
        let mut body = self.done;
        match (self.ok, self.out.into_inner()) {
            (true, Ok(b)) => body.extend(b),
            _ => return AppError::Internal.into_response(),
        }
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

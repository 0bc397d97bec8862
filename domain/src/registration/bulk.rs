//! Bulk registration requests from a CSV of staff, for a rollout: every row gets a
//! verdict before anything is stored, and the commit adds all rows or none.
//!
//! Columns: `full_name, email, job_role, ods_code, phone, phone_kind` (personal or
//! business), header row required, any order.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::{RequestForm, ValidRequest, validate_request};
use crate::OdsCode;
use crate::csv_file::{FileError, read_table};

pub const COLUMNS: [&str; 6] = [
    "full_name",
    "email",
    "job_role",
    "ods_code",
    "phone",
    "phone_kind",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRow {
    pub line: usize,
    pub form: RequestForm,
}

pub fn read(bytes: &[u8]) -> Result<Vec<BulkRow>, FileError> {
    Ok(read_table(bytes, &COLUMNS, &[])?
        .into_iter()
        .map(|r| BulkRow {
            line: r.line,
            form: RequestForm {
                full_name: r.value(0).to_owned(),
                email: r.value(1).to_owned(),
                job_role: r.value(2).to_owned(),
                ods_code: r.value(3).to_owned(),
                phone: r.value(4).to_owned(),
                phone_kind: r.value(5).to_ascii_lowercase(),
            },
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkVerdict {
    New(ValidRequest),
    /// The person already has an open request.
    DuplicateOfOpenRequest,
    /// The person already has a registered device.
    AlreadyRegistered,
    DomainNotAllowed(String),
    /// The row names an organisation the uploader does not manage.
    NotYourOrganisation(String),
    RepeatsLine(usize),
    Invalid(Vec<String>),
}

impl crate::csv_file::Verdict for BulkVerdict {
    fn is_new(&self) -> bool {
        matches!(self, BulkVerdict::New(_))
    }

    fn label(&self) -> &'static str {
        match self {
            BulkVerdict::New(_) => "New",
            BulkVerdict::DuplicateOfOpenRequest => "Open request exists",
            BulkVerdict::AlreadyRegistered => "Already registered",
            BulkVerdict::DomainNotAllowed(_) => "Domain not allowed",
            BulkVerdict::NotYourOrganisation(_) => "Not your organisation",
            BulkVerdict::RepeatsLine(_) => "Repeated in file",
            BulkVerdict::Invalid(_) => "Invalid",
        }
    }

    fn explain(&self) -> String {
        match self {
            BulkVerdict::New(r) => {
                format!("Will be requested for {} at {}", r.full_name, r.ods_code)
            }
            BulkVerdict::DuplicateOfOpenRequest => "This person already has an open request".into(),
            BulkVerdict::AlreadyRegistered => {
                "This person already has Microsoft Authenticator registered".into()
            }
            BulkVerdict::DomainNotAllowed(why) => why.clone(),
            BulkVerdict::NotYourOrganisation(code) => format!("You do not manage {code}"),
            BulkVerdict::RepeatsLine(line) => format!("The same email is on line {line}"),
            BulkVerdict::Invalid(problems) => problems.join("; "),
        }
    }
}

/// What the database knows about one valid row.
pub struct Known {
    pub open_request: bool,
    pub registered: bool,
    /// Why the email's domain is not allowed, if it is not.
    pub not_allowed: Option<String>,
}

/// A row checked on its own, before anything is looked up.
pub struct Checked {
    pub line: usize,
    pub result: Result<ValidRequest, Vec<String>>,
}

impl Checked {
    pub fn valid(&self) -> Option<&ValidRequest> {
        self.result.as_ref().ok()
    }
}

/// Validates every row once; the valid ones say what to look up for [`judge`].
pub fn check(rows: &[BulkRow]) -> Vec<Checked> {
    rows.iter()
        .map(|row| Checked {
            line: row.line,
            result: validate_request(&row.form).map_err(|errors| {
                errors
                    .into_iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect()
            }),
        })
        .collect()
}

/// Verdicts for every checked row; `manages` says whether the uploader may raise
/// requests for an organisation.
pub fn judge(
    checked: Vec<Checked>,
    manages: impl Fn(&OdsCode) -> bool,
    known: impl Fn(&ValidRequest) -> Known,
) -> Vec<BulkVerdict> {
    let mut first: HashMap<String, usize> = HashMap::new();
    checked
        .into_iter()
        .map(|c| {
            let r = match c.result {
                Ok(r) => r,
                Err(problems) => return BulkVerdict::Invalid(problems),
            };
            let key = r.email.to_lowercase();
            if let Some(&line) = first.get(&key) {
                return BulkVerdict::RepeatsLine(line);
            }
            first.insert(key, c.line);
            if !manages(&r.ods_code) {
                return BulkVerdict::NotYourOrganisation(r.ods_code.to_string());
            }
            let k = known(&r);
            if let Some(why) = k.not_allowed {
                BulkVerdict::DomainNotAllowed(why)
            } else if k.registered {
                BulkVerdict::AlreadyRegistered
            } else if k.open_request {
                BulkVerdict::DuplicateOfOpenRequest
            } else {
                BulkVerdict::New(r)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_file::Verdict as _;

    #[test]
    fn every_verdict() {
        let csv = "full_name,email,job_role,ods_code,phone,phone_kind\n\
            Amira Khan,amira@meadowbank-care.org.uk,Carer,VMB01,07700900123,personal\n\
            Lee Park,lee@meadowbank-care.org.uk,Carer,VMB01,07700900124,Business\n\
            Jo Bloggs,jo@meadowbank-care.org.uk,Carer,VMB01,07700900125,personal\n\
            Sam Day,sam@gmail.com,Carer,VMB01,07700900126,personal\n\
            Ann Lee,ann@meadowbank-care.org.uk,Carer,VNC01,07700900127,personal\n\
            Amira K,AMIRA@meadowbank-care.org.uk,Carer,VMB01,07700900123,personal\n\
            ,bad,Carer,VMB01,123,pager\n";
        let rows = read(csv.as_bytes()).expect("readable");
        let verdicts = judge(
            check(&rows),
            |c| c.as_str() == "VMB01",
            |r| Known {
                open_request: r.email.starts_with("lee@"),
                registered: r.email.starts_with("jo@"),
                not_allowed: r
                    .email
                    .ends_with("gmail.com")
                    .then(|| "gmail.com is not on the allow list".into()),
            },
        );
        let labels: Vec<&str> = verdicts.iter().map(BulkVerdict::label).collect();
        assert_eq!(
            labels,
            [
                "New",
                "Open request exists",
                "Already registered",
                "Domain not allowed",
                "Not your organisation",
                "Repeated in file",
                "Invalid"
            ]
        );
        assert_eq!(verdicts[5].explain(), "The same email is on line 2");
        let BulkVerdict::Invalid(problems) = &verdicts[6] else {
            panic!("invalid")
        };
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn the_file_needs_every_column() {
        assert_eq!(
            read(b"full_name,email\nA,a@b.org\n"),
            Err(FileError::MissingColumns(vec![
                "job_role".into(),
                "ods_code".into(),
                "phone".into(),
                "phone_kind".into()
            ]))
        );
    }
}

//! Adding an entry: an RA officer directly, or an organisation manager by request.

use serde::{Deserialize, Serialize};

use super::{DomainName, EntryStatus};
use crate::{FieldError, OdsCode};

pub const MAX_NOTE_LEN: usize = 1000;
pub const MAX_URL_LEN: usize = 500;

/// What the add and request forms send, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryForm {
    pub domain: String,
    pub ods_code: String,
    pub covers_subdomains: bool,
    /// Request: why the organisation's staff use this domain. Direct add: a note.
    pub reason: String,
    /// Request only: a link to the organisation's own site, optional.
    pub evidence_url: String,
}

/// A form that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEntry {
    pub domain: DomainName,
    pub ods_code: OdsCode,
    pub covers_subdomains: bool,
    pub reason: String,
    pub evidence_url: Option<String>,
}

/// How an entry comes into being.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// A manager's request: waits for an RA officer.
    Request,
    /// An RA officer adds a domain already on the CIS2 list.
    DirectActive,
    /// An RA officer adds a domain that still has to be sent to NHS England.
    DirectToSubmit,
}

impl Origin {
    pub fn initial_status(self) -> EntryStatus {
        match self {
            Origin::Request => EntryStatus::Requested,
            Origin::DirectActive => EntryStatus::Active,
            Origin::DirectToSubmit => EntryStatus::Accepted,
        }
    }

    pub fn source(self) -> EntrySource {
        match self {
            Origin::Request => EntrySource::Request,
            Origin::DirectActive | Origin::DirectToSubmit => EntrySource::Direct,
        }
    }
}

/// Where a stored entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntrySource {
    /// A manager's request.
    Request,
    /// Added by an RA officer.
    Direct,
    /// A row of an RA officer's CSV import.
    Import,
}

impl EntrySource {
    pub fn as_str(self) -> &'static str {
        match self {
            EntrySource::Request => "request",
            EntrySource::Direct => "direct",
            EntrySource::Import => "import",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            EntrySource::Request,
            EntrySource::Direct,
            EntrySource::Import,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

crate::stored::stored_as_text!(EntrySource);

/// Checks a form; a request needs the reason staff use the domain.
pub fn validate(form: &EntryForm, origin: Origin) -> Result<NewEntry, Vec<FieldError>> {
    let mut errors = Vec::new();
    let domain = DomainName::parse(&form.domain)
        .map_err(|e| errors.push(FieldError::new("domain", e.to_string())))
        .ok();
    let ods_code = OdsCode::parse(&form.ods_code)
        .map_err(|e| errors.push(FieldError::new("ods_code", e.to_string())))
        .ok();
    let reason = form.reason.trim().to_owned();
    if origin == Origin::Request && reason.is_empty() {
        errors.push(FieldError::new(
            "reason",
            "Explain why your staff use this domain",
        ));
    }
    if reason.chars().count() > MAX_NOTE_LEN {
        errors.push(FieldError::new("reason", "Write 1000 characters or fewer"));
    }
    let url = form.evidence_url.trim();
    let evidence_url = if url.is_empty() {
        None
    } else if url.len() > MAX_URL_LEN {
        errors.push(FieldError::new(
            "evidence_url",
            "The link must be 500 characters or fewer",
        ));
        None
    } else if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
        || url.len() <= "https://".len()
    {
        errors.push(FieldError::new(
            "evidence_url",
            "Enter a web address starting with https://, or leave it empty",
        ));
        None
    } else {
        Some(url.to_owned())
    };
    match (domain, ods_code) {
        (Some(domain), Some(ods_code)) if errors.is_empty() => Ok(NewEntry {
            domain,
            ods_code,
            covers_subdomains: form.covers_subdomains,
            reason,
            evidence_url,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> EntryForm {
        EntryForm {
            domain: " Meadowbank.ORG.uk ".into(),
            ods_code: "vmb01".into(),
            covers_subdomains: false,
            reason: "Carers use their work addresses".into(),
            evidence_url: "https://meadowbank.org.uk".into(),
        }
    }

    #[test]
    fn a_good_request_is_normalised() {
        let e = validate(&form(), Origin::Request).expect("valid");
        assert_eq!(e.domain.as_str(), "meadowbank.org.uk");
        assert_eq!(e.ods_code.as_str(), "VMB01");
        assert_eq!(e.evidence_url.as_deref(), Some("https://meadowbank.org.uk"));
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let f = EntryForm {
            domain: "co.uk".into(),
            ods_code: "".into(),
            reason: "".into(),
            evidence_url: "javascript:alert(1)".into(),
            covers_subdomains: true,
        };
        let errs = validate(&f, Origin::Request).expect_err("invalid");
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["domain", "ods_code", "reason", "evidence_url"]);
    }

    #[test]
    fn only_requests_need_a_reason() {
        let mut f = form();
        f.reason.clear();
        f.evidence_url.clear();
        assert!(validate(&f, Origin::Request).is_err());
        let e = validate(&f, Origin::DirectActive).expect("valid");
        assert_eq!(e.evidence_url, None);
    }

    #[test]
    fn origins_start_where_expected() {
        assert_eq!(Origin::Request.initial_status(), EntryStatus::Requested);
        assert_eq!(Origin::DirectActive.initial_status(), EntryStatus::Active);
        assert_eq!(
            Origin::DirectToSubmit.initial_status(),
            EntryStatus::Accepted
        );
    }
}

//! What an organisation manager sends to ask for a person's registration.

use serde::{Deserialize, Serialize};

use crate::{
    FieldError, OdsCode,
    allow_list::{DomainName, address_domain},
};

pub const MAX_NAME_LEN: usize = 100;
pub const MAX_JOB_ROLE_LEN: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestForm {
    pub full_name: String,
    pub email: String,
    pub job_role: String,
    /// The organisation or site the person works at.
    pub ods_code: String,
    pub phone: String,
    /// `personal` or `business`.
    pub phone_kind: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    Personal,
    Business,
}

impl PhoneKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PhoneKind::Personal => "personal",
            PhoneKind::Business => "business",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "personal" => Some(PhoneKind::Personal),
            "business" => Some(PhoneKind::Business),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PhoneKind::Personal => "Personal phone",
            PhoneKind::Business => "Business phone",
        }
    }
}

/// How a request reached the queue, like CIM's request reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestSource {
    /// One request from a CIS2 sponsor's form.
    Single,
    /// A row of a CIS2 sponsor's CSV upload.
    Bulk,
    /// From a manager signed in by email link (lower assurance), either way.
    SelfService,
}

impl RequestSource {
    pub const ALL: [RequestSource; 3] = [
        RequestSource::Single,
        RequestSource::Bulk,
        RequestSource::SelfService,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestSource::Single => "single",
            RequestSource::Bulk => "bulk",
            RequestSource::SelfService => "self_service",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestSource::Single => "Single request",
            RequestSource::Bulk => "Bulk upload",
            RequestSource::SelfService => "Self-service manager",
        }
    }
}

crate::stored::stored_as_text!(PhoneKind, RequestSource);

/// A request that passed the form rules. The email's domain still has to be on the allow
/// list, which the server checks against the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidRequest {
    pub full_name: String,
    /// Trimmed, with the domain part normalised (lower-case ASCII); the local part kept.
    pub email: String,
    pub domain: DomainName,
    pub job_role: String,
    pub ods_code: OdsCode,
    /// Digits with a leading + for international numbers, e.g. `07700900123` or `+447700900123`.
    pub phone: String,
    pub phone_kind: PhoneKind,
}

/// UK or international phone numbers as people write them: spaces, dashes, brackets and
/// a leading + are accepted; 10 to 15 digits must remain.
pub fn normalise_phone(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    let plus = trimmed.starts_with('+');
    let body = trimmed.trim_start_matches('+');
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
    {
        return None;
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    (10..=15)
        .contains(&digits.len())
        .then(|| if plus { format!("+{digits}") } else { digits })
}

pub fn validate_request(form: &RequestForm) -> Result<ValidRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let full_name = form.full_name.trim().to_owned();
    if full_name.is_empty() {
        errors.push(FieldError::new("full_name", "Enter the person's full name"));
    } else if full_name.chars().count() > MAX_NAME_LEN {
        errors.push(FieldError::new(
            "full_name",
            "The name must be 100 characters or fewer",
        ));
    }
    let email = form.email.trim();
    let domain = match address_domain(email) {
        Ok(d) => Some(d),
        Err(message) => {
            errors.push(FieldError::new("email", message));
            None
        }
    };
    let job_role = form.job_role.trim().to_owned();
    if job_role.is_empty() {
        errors.push(FieldError::new(
            "job_role",
            "Enter the person's job role, for example Senior carer",
        ));
    } else if job_role.chars().count() > MAX_JOB_ROLE_LEN {
        errors.push(FieldError::new(
            "job_role",
            "The job role must be 100 characters or fewer",
        ));
    }
    let ods_code = OdsCode::parse(&form.ods_code)
        .map_err(|e| errors.push(FieldError::new("ods_code", e.to_string())))
        .ok();
    let phone = normalise_phone(&form.phone);
    if phone.is_none() {
        errors.push(FieldError::new(
            "phone",
            "Enter a phone number with 10 to 15 digits, like 07700 900123",
        ));
    }
    let phone_kind = match PhoneKind::parse(&form.phone_kind) {
        Some(kind) => Some(kind),
        _ => {
            errors.push(FieldError::new(
                "phone_kind",
                "Choose whether the phone is personal or business",
            ));
            None
        }
    };
    match (domain, ods_code, phone, phone_kind) {
        (Some(domain), Some(ods_code), Some(phone), Some(phone_kind)) if errors.is_empty() => {
            let local = email.rsplit_once('@').map(|(l, _)| l).unwrap_or_default();
            Ok(ValidRequest {
                full_name,
                email: format!("{local}@{domain}"),
                domain,
                job_role,
                ods_code,
                phone,
                phone_kind,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> RequestForm {
        RequestForm {
            full_name: " Amira Khan ".into(),
            email: " Amira.Khan@Meadowbank-Care.ORG.uk ".into(),
            job_role: "Senior carer".into(),
            ods_code: "vmb01".into(),
            phone: "07700 900-123".into(),
            phone_kind: "personal".into(),
        }
    }

    #[test]
    fn a_good_request_is_normalised() {
        let r = validate_request(&form()).expect("valid");
        assert_eq!(r.full_name, "Amira Khan");
        assert_eq!(r.email, "Amira.Khan@meadowbank-care.org.uk");
        assert_eq!(r.domain.as_str(), "meadowbank-care.org.uk");
        assert_eq!(r.phone, "07700900123");
        assert_eq!(r.ods_code.as_str(), "VMB01");
    }

    #[test]
    fn every_bad_field_is_reported() {
        let f = RequestForm {
            full_name: " ".into(),
            email: "amira@nhs.uk".into(),
            job_role: "".into(),
            ods_code: "?".into(),
            phone: "call me".into(),
            phone_kind: "pager".into(),
        };
        let errs = validate_request(&f).expect_err("invalid");
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "full_name",
                "email",
                "job_role",
                "ods_code",
                "phone",
                "phone_kind"
            ]
        );
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(
            normalise_phone("+44 (0)7700 900123"),
            Some("+4407700900123".into())
        );
        assert_eq!(normalise_phone("01632 960 001"), Some("01632960001".into()));
        assert_eq!(normalise_phone("12345"), None);
        assert_eq!(normalise_phone("0770090012a"), None);
    }
}

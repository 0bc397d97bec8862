//! Server functions, one folder per feature (one file for a feature of one function).
//! Each is a thin shell in the same order: admit the caller by the rights table
//! (`auth::admit::<Self>()`), take the capability the work needs, validate, call the
//! feature's server side, and return `AppError` (its status is set in one place).

pub mod access_review;
pub mod adoption;
pub mod allow_list;
pub mod audit;
#[cfg(feature = "ssr")]
pub mod email;
pub mod enrolment;
pub mod history;
pub mod import;
pub mod manager_access;
pub mod organisation;
pub mod outbox;
pub mod registration;
#[cfg(feature = "ssr")]
pub mod scope;
#[cfg(feature = "ssr")]
pub mod secrets;
pub mod session;
pub mod work;

/// The UK's date: never behind UTC's, at most an hour ahead (BST), so "today" may be up
/// to an hour early in winter rather than refusing today's date in summer.
#[cfg(feature = "ssr")]
pub(crate) fn uk_today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(1)).date_naive()
}

/// Settings the server provides to server functions as context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Days after submission to NHS England before an allow-list entry is overdue.
    pub allow_list_overdue_days: u32,
    /// Where "a registration request arrived" emails go (the RA team's mailbox).
    pub ra_team_email: String,
    /// The portal's external URL, for links in emails.
    pub public_url: String,
    /// CIS2's origin: the sign-out form's answer goes there (the page's CSP allows it).
    pub cis2_origin: String,
    /// Days between access reviews.
    pub access_review_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            allow_list_overdue_days: ra_domain::allow_list::DEFAULT_OVERDUE_DAYS,
            ra_team_email: "ra-team@localhost".into(),
            public_url: "http://127.0.0.1:3000".into(),
            cis2_origin: "http://127.0.0.1:4400".into(),
            access_review_days: 90,
        }
    }
}

#[cfg(feature = "ssr")]
pub(crate) fn settings() -> Settings {
    leptos::prelude::use_context::<Settings>().unwrap_or_default()
}

/// A filter's text, None when the form left it empty; refused (under `field`) when it
/// holds control characters, which no name, code or address has.
#[cfg(feature = "ssr")]
pub(crate) fn filter_text(
    field: &str,
    s: &Option<String>,
) -> Result<Option<String>, crate::AppError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(t) if t.chars().any(char::is_control) || t.chars().count() > 200 => Err(
            crate::AppError::field(field, "Enter letters, numbers and punctuation only"),
        ),
        Some(t) => Ok(Some(t.to_owned())),
    }
}

/// A date range from a filter's six query fields (`from_day` … `to_year`), each end's
/// problem on its own field (see `ra_domain::date_input`).
#[cfg(feature = "ssr")]
pub(crate) fn date_range(
    boxes: [&Option<String>; 6],
) -> Result<ra_domain::date_input::DateRange, crate::AppError> {
    use ra_domain::date_input::{DateParts, parse_date_range};
    let [fd, fm, fy, td, tm, ty] = boxes.map(|b| b.as_deref().unwrap_or_default());
    parse_date_range(
        DateParts {
            day: fd,
            month: fm,
            year: fy,
        },
        DateParts {
            day: td,
            month: tm,
            year: ty,
        },
    )
    .map_err(crate::AppError::Invalid)
}

//! Server functions, grouped by resource. Each is a thin shell: authenticate →
//! authorise → validate → one repository call → map the error.

pub mod allow_list;
pub mod audit;
pub mod organisation;
pub mod session;

/// Allow-list settings the server provides as context (from `RA_ALLOW_LIST_OVERDUE_DAYS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowListSettings {
    pub overdue_after_days: u32,
}

//! Server functions, grouped by resource. Each is a thin shell: authenticate →
//! authorise → validate → one repository call → map the error.

pub mod audit;
pub mod organisation;
pub mod session;

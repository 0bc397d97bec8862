//! The auditors' pages: the trail's latest entries and its verification.

mod home;
mod verify;

pub use home::AuditHome;
pub use verify::VerifyTrail;

//! A manager's organisations and sites, one organisation's headcount, and the RA's
//! organisation import.

mod headcount;
mod home;
mod import;

pub use headcount::HeadcountPage;
pub use home::OrgHome;
pub use import::{OrgImportPreviewPage, OrgImportUpload};

//! A manager's organisations and sites, one organisation's headcount, and the RA's
//! organisation import, groups and sites recorded by hand.

mod group;
mod headcount;
mod home;
mod import;
mod new;

pub use group::MoveSitePage;
pub use headcount::HeadcountPage;
pub use home::OrgHome;
pub use import::{OrgImportPreviewPage, OrgImportUpload};
pub use new::AddOrgPage;

//! A manager's organisations and sites, and one organisation's headcount.

mod headcount;
mod home;

pub use headcount::HeadcountPage;
pub use home::OrgHome;

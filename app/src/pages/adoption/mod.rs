//! Adoption pages: the overview of every organisation, and one organisation's or
//! group's rollout. The figures and their definitions come from `ra_domain::adoption`.

mod chart;
mod figures;
mod filters;
mod organisation;
mod overview;
mod to_do;

pub use figures::RolloutSummary;
pub use organisation::OrgAdoptionPage;
pub use overview::AdoptionOverviewPage;

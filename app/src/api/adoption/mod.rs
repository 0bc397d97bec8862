//! Adoption: the overview of every organisation (RA officers and auditors) and one
//! organisation's or group's rollout (anyone who may read it). The figures come from
//! `ra_domain::adoption`; the server side only counts (see `load`).

mod organisation;
mod overview;

#[cfg(feature = "ssr")]
pub mod load;

pub use organisation::{OrgAdoption, OrganisationAdoption, organisation_adoption};
pub use overview::{AdoptionOverview, adoption_overview};
#[cfg(feature = "ssr")]
pub use overview::{Filters, rows as overview_rows};

use ra_domain::adoption::Figures;
use serde::{Deserialize, Serialize};

/// Rows on one overview page.
pub const OVERVIEW_PAGE: usize = 50;

/// One row of an adoption table: an organisation, a group, a region or a country.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdoptionRow {
    /// What names the row in a link or a page cursor: an ODS code, a region, a country.
    pub key: String,
    pub name: String,
    /// e.g. "Care home site"; for a roll-up, how many organisations it holds.
    pub detail: String,
    pub country: Option<String>,
    pub region: Option<String>,
    /// The group (provider) an organisation belongs to.
    pub group: Option<String>,
    pub closed: bool,
    /// A portal-local code, not an ODS one.
    pub local_code: bool,
    /// Whether `key` is an ODS or portal code with its own page.
    pub has_page: bool,
    pub figures: Figures,
}

/// An overview page: its rows, the totals of everything the filters match, and when
/// the figures were counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewPage {
    pub rows: Vec<AdoptionRow>,
    pub matched: usize,
    pub total: Figures,
    /// The cursor of the next page, if there is one.
    pub next: Option<String>,
    /// e.g. "2 December 2026 at 09:14 UTC": the figures are counted when asked for.
    pub counted_at: String,
}

/// "2 December 2026 at 09:14 UTC".
pub fn counted_at(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%-d %B %Y at %H:%M UTC").to_string()
}

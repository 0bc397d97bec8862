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

#[cfg(feature = "ssr")]
impl AdoptionRow {
    /// One organisation's row; `has_sites` marks a group (a provider with sites); `dated`
    /// when the counts cover only a date range.
    pub fn organisation(
        c: &load::Counted,
        has_sites: bool,
        dated: bool,
        today: chrono::NaiveDate,
    ) -> Self {
        let r = &c.row;
        let kind = r.kind.label();
        Self {
            key: r.ods_code.to_string(),
            name: r.name.clone(),
            detail: if has_sites {
                format!("{kind} (group)")
            } else {
                kind.to_owned()
            },
            country: r.country.map(|c| c.label().to_owned()),
            region: r.region.clone(),
            group: r.parent_code.as_ref().map(|g| g.to_string()),
            closed: r.closed_on.is_some(),
            local_code: r.local_code,
            has_page: true,
            figures: load::figures(&c.inputs, dated, today),
        }
    }

    /// A group's, region's or country's row: what its organisations add up to.
    pub fn roll_up(
        key: String,
        name: String,
        has_page: bool,
        inputs: &ra_domain::adoption::Inputs,
        dated: bool,
        today: chrono::NaiveDate,
    ) -> Self {
        let n = inputs.organisations;
        // A group's row is keyed by its code, which may be the portal's own.
        let local_code = has_page && ra_domain::organisation::local_code::is_local(&key);
        Self {
            key,
            name,
            detail: format!("{n} organisation{}", if n == 1 { "" } else { "s" }),
            country: None,
            region: None,
            group: None,
            closed: false,
            local_code,
            has_page,
            figures: load::figures(inputs, dated, today),
        }
    }
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
    /// The date range the figures count, in words ("requests raised from 1 November
    /// 2026 to 30 November 2026"); `None` when they count every request.
    pub dates: Option<String>,
}

/// "2 December 2026 at 09:14 UTC".
pub fn counted_at(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%-d %B %Y at %H:%M UTC").to_string()
}

//! What the portal knows of an organisation beyond its ODS code and name: its kind, its
//! country, its known headcount with the date it was true and who gave it, the group it
//! is a site of, and a portal-local code when ODS does not list it.

pub mod group;
mod headcount;
pub mod import;
pub mod local_code;
mod new;

pub use crate::date_input::{DateParts, parse_past_date};
pub use headcount::{GivenHeadcount, HeadcountGiver, MAX_HEADCOUNT, parse_headcount};
pub use local_code::{code_label, named};
pub use new::{NewOrgFacts, NewOrgForm, check_new_org};

use serde::{Deserialize, Serialize};

/// An organisation's ODS role, as the portal groups them (not ODS's full role list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    CareHomeSite,
    CareProvider,
    GpPractice,
    Trust,
    TrustSite,
    Pharmacy,
    Icb,
    Other,
}

pub const ALL_KINDS: [OrgKind; 8] = [
    OrgKind::CareHomeSite,
    OrgKind::CareProvider,
    OrgKind::GpPractice,
    OrgKind::Trust,
    OrgKind::TrustSite,
    OrgKind::Pharmacy,
    OrgKind::Icb,
    OrgKind::Other,
];

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::CareHomeSite => "care_home_site",
            OrgKind::CareProvider => "care_provider",
            OrgKind::GpPractice => "gp_practice",
            OrgKind::Trust => "trust",
            OrgKind::TrustSite => "trust_site",
            OrgKind::Pharmacy => "pharmacy",
            OrgKind::Icb => "icb",
            OrgKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL_KINDS.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::CareHomeSite => "Care home site",
            OrgKind::CareProvider => "Care provider",
            OrgKind::GpPractice => "GP practice",
            OrgKind::Trust => "NHS trust",
            OrgKind::TrustSite => "NHS trust site",
            OrgKind::Pharmacy => "Pharmacy",
            OrgKind::Icb => "Integrated care board",
            OrgKind::Other => "Other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Country {
    England,
    Scotland,
    Wales,
    NorthernIreland,
}

pub const ALL_COUNTRIES: [Country; 4] = [
    Country::England,
    Country::Scotland,
    Country::Wales,
    Country::NorthernIreland,
];

impl Country {
    pub fn as_str(self) -> &'static str {
        match self {
            Country::England => "england",
            Country::Scotland => "scotland",
            Country::Wales => "wales",
            Country::NorthernIreland => "northern_ireland",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL_COUNTRIES.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Country::England => "England",
            Country::Scotland => "Scotland",
            Country::Wales => "Wales",
            Country::NorthernIreland => "Northern Ireland",
        }
    }
}

crate::stored::stored_as_text!(OrgKind, Country, HeadcountGiver);

pub const MAX_NAME: usize = 200;
pub const MAX_REGION: usize = 80;

/// An organisation's name, trimmed: given, at most [`MAX_NAME`] characters, no control
/// characters.
pub fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        Err("Enter the organisation's name".into())
    } else if name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        Err(format!("A name has at most {MAX_NAME} characters"))
    } else {
        Ok(name.to_owned())
    }
}

/// A region, trimmed; blank is none.
pub fn check_region(region: &str) -> Result<Option<String>, String> {
    match region.trim() {
        "" => Ok(None),
        r if r.chars().count() > MAX_REGION || r.chars().any(char::is_control) => {
            Err(format!("A region has at most {MAX_REGION} characters"))
        }
        r => Ok(Some(r.to_owned())),
    }
}

#[cfg(test)]
mod tests;

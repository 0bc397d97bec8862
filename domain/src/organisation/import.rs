//! Organisations from an RA officer's CSV: new ones added, known ones updated, every row
//! judged before anything is written and the file committed whole or not at all.
//!
//! Columns: `ods_code, name, kind` required; `parent_code, country, region, headcount,
//! headcount_as_of` optional. A blank optional cell leaves what the portal knows as it is,
//! so a partial file never erases a group, a region or a headcount.

use std::collections::HashMap;

use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{
    ALL_COUNTRIES, ALL_KINDS, Country, GivenHeadcount, OrgKind, check_name, check_region, headcount,
};
use crate::{
    OdsCode,
    csv_file::{FileError, read_table},
};

pub const COLUMNS: [&str; 3] = ["ods_code", "name", "kind"];
pub const OPTIONAL: [&str; 5] = [
    "parent_code",
    "country",
    "region",
    "headcount",
    "headcount_as_of",
];

/// A row as the file gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgCsvRow {
    pub line: usize,
    pub ods_code: String,
    pub name: String,
    pub kind: String,
    pub parent_code: String,
    pub country: String,
    pub region: String,
    pub headcount: String,
    pub headcount_as_of: String,
}

impl OrgCsvRow {
    pub fn cells(&self) -> Vec<String> {
        [
            &self.ods_code,
            &self.name,
            &self.kind,
            &self.parent_code,
            &self.country,
            &self.region,
            &self.headcount,
        ]
        .map(String::clone)
        .to_vec()
    }
}

pub fn read(bytes: &[u8]) -> Result<Vec<OrgCsvRow>, FileError> {
    Ok(read_table(bytes, &COLUMNS, &OPTIONAL)?
        .into_iter()
        .map(|r| OrgCsvRow {
            line: r.line,
            ods_code: r.value(0).to_owned(),
            name: r.value(1).to_owned(),
            kind: r.value(2).to_owned(),
            parent_code: r.value(3).to_owned(),
            country: r.value(4).to_owned(),
            region: r.value(5).to_owned(),
            headcount: r.value(6).to_owned(),
            headcount_as_of: r.value(7).to_owned(),
        })
        .collect())
}

/// An organisation as the portal holds it (or would, after the import).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgFacts {
    pub code: OdsCode,
    pub name: String,
    pub kind: OrgKind,
    pub parent: Option<OdsCode>,
    pub country: Option<Country>,
    pub region: Option<String>,
    pub headcount: Option<GivenHeadcount>,
}

/// What the portal knows of a code the file names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub facts: OrgFacts,
    /// It is a group: some organisation names it as parent.
    pub has_sites: bool,
}

/// What an import changes of an organisation the portal knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Name,
    Kind,
    Group,
    Country,
    Region,
    Headcount,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Kind => "kind",
            Field::Group => "group",
            Field::Country => "country",
            Field::Region => "region",
            Field::Headcount => "headcount",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgVerdict {
    New(OrgFacts),
    Update {
        before: Box<OrgFacts>,
        after: OrgFacts,
        changed: Vec<Field>,
    },
    Unchanged(OdsCode),
    /// The parent is neither in the portal nor in the file.
    UnknownGroup(OdsCode),
    /// The parent is itself a site (groups are one level: a provider and its sites).
    GroupIsASite(OdsCode),
    /// The row would become a site, but it is a group with sites of its own.
    HasSites,
    RepeatsLine(usize),
    Invalid(Vec<String>),
}

impl crate::csv_file::Verdict for OrgVerdict {
    fn is_new(&self) -> bool {
        // New, changed and unchanged rows all commit: a file may be imported again.
        matches!(
            self,
            OrgVerdict::New(_) | OrgVerdict::Update { .. } | OrgVerdict::Unchanged(_)
        )
    }

    fn label(&self) -> &'static str {
        match self {
            OrgVerdict::New(_) => "New",
            OrgVerdict::Update { .. } => "Update",
            OrgVerdict::Unchanged(_) => "No change",
            OrgVerdict::UnknownGroup(_) => "Unknown group",
            OrgVerdict::GroupIsASite(_) => "Group is a site",
            OrgVerdict::HasSites => "Has sites",
            OrgVerdict::RepeatsLine(_) => "Repeated in file",
            OrgVerdict::Invalid(_) => "Invalid",
        }
    }

    fn explain(&self) -> String {
        match self {
            OrgVerdict::New(o) => format!("Will add {} ({})", o.name, o.code),
            OrgVerdict::Update { after, changed, .. } => {
                let fields: Vec<&str> = changed.iter().map(|f| f.label()).collect();
                format!("Will change the {} of {}", fields.join(", "), after.code)
            }
            OrgVerdict::Unchanged(code) => format!("The portal already holds {code} like this"),
            OrgVerdict::UnknownGroup(code) => {
                format!("The group {code} is not in the portal or in this file")
            }
            OrgVerdict::GroupIsASite(code) => {
                format!("{code} is a site of another group, so it cannot have sites")
            }
            OrgVerdict::HasSites => {
                "This organisation has sites of its own, so it cannot be a site of a group".into()
            }
            OrgVerdict::RepeatsLine(line) => format!("The same ODS code is on line {line}"),
            OrgVerdict::Invalid(problems) => problems.join("; "),
        }
    }
}

/// Checks one row on its own: every problem at once, as `column: message`.
pub fn check(row: &OrgCsvRow, today: NaiveDate) -> Result<OrgFacts, Vec<String>> {
    let mut problems = Vec::new();
    let mut note = |column: &str, message: String| problems.push(format!("{column}: {message}"));
    let code = OdsCode::parse(&row.ods_code).map_err(|e| note("ods_code", e.to_string()));
    let name = check_name(&row.name).map_err(|m| note("name", m));
    let kind = parse_kind(&row.kind).ok_or_else(|| {
        let kinds: Vec<&str> = ALL_KINDS.iter().map(|k| k.as_str()).collect();
        note("kind", format!("Use one of {}", kinds.join(", ")));
    });
    let parent = optional(&row.parent_code)
        .map(OdsCode::parse)
        .transpose()
        .map_err(|e| note("parent_code", e.to_string()));
    let country = optional(&row.country).map(|c| {
        parse_country(c).ok_or_else(|| {
            note(
                "country",
                "Use England, Scotland, Wales or Northern Ireland".into(),
            )
        })
    });
    let region = check_region(&row.region).map_err(|m| note("region", m));
    let headcount = optional(&row.headcount).map(|staff| {
        let staff = headcount::parse_staff(staff).map_err(|m| note("headcount", m));
        let as_of = match optional(&row.headcount_as_of) {
            None => Ok(today),
            Some(d) => parse_day(d, today).map_err(|m| note("headcount_as_of", m)),
        };
        staff.and_then(|staff| as_of.map(|as_of| GivenHeadcount { staff, as_of }))
    });
    if headcount.is_none() && optional(&row.headcount_as_of).is_some() {
        note(
            "headcount_as_of",
            "Give the headcount this date is for".into(),
        );
    }
    match (
        code,
        name,
        kind,
        parent,
        country.transpose(),
        region,
        headcount.transpose(),
    ) {
        (Ok(code), Ok(name), Ok(kind), Ok(parent), Ok(country), Ok(region), Ok(headcount))
            if problems.is_empty() =>
        {
            if parent.as_ref() == Some(&code) {
                return Err(vec![
                    "parent_code: An organisation cannot be its own group".into(),
                ]);
            }
            Ok(OrgFacts {
                code,
                name,
                kind,
                parent,
                country,
                region,
                headcount,
            })
        }
        _ => Err(problems),
    }
}

/// Verdicts for every row: `known` is what the portal holds of each code the file names
/// (its rows' codes and their parents).
pub fn judge(
    rows: &[OrgCsvRow],
    today: NaiveDate,
    known: &HashMap<OdsCode, Known>,
) -> Vec<OrgVerdict> {
    let checked: Vec<Result<OrgFacts, Vec<String>>> =
        rows.iter().map(|r| check(r, today)).collect();
    // After the import: which codes exist, and which are sites of a group.
    let mut in_file: HashMap<&OdsCode, &OrgFacts> = HashMap::new();
    for facts in checked.iter().flatten() {
        in_file.entry(&facts.code).or_insert(facts);
    }
    let parent_after = |code: &OdsCode| match (in_file.get(code), known.get(code)) {
        (Some(f), k) => f
            .parent
            .clone()
            .or_else(|| k.and_then(|k| k.facts.parent.clone())),
        (None, Some(k)) => k.facts.parent.clone(),
        (None, None) => None,
    };
    let named_as_parent: std::collections::HashSet<&OdsCode> =
        in_file.values().filter_map(|f| f.parent.as_ref()).collect();
    let mut first: HashMap<OdsCode, usize> = HashMap::new();
    rows.iter()
        .zip(checked.iter())
        .map(|(row, facts)| {
            let facts = match facts {
                Ok(f) => f,
                Err(problems) => return OrgVerdict::Invalid(problems.clone()),
            };
            if let Some(&line) = first.get(&facts.code) {
                return OrgVerdict::RepeatsLine(line);
            }
            first.insert(facts.code.clone(), row.line);
            let before = known.get(&facts.code);
            let after = merge(facts, before.map(|k| &k.facts));
            if let Some(group) = &after.parent {
                if !in_file.contains_key(group) && !known.contains_key(group) {
                    return OrgVerdict::UnknownGroup(group.clone());
                }
                if parent_after(group).is_some() {
                    return OrgVerdict::GroupIsASite(group.clone());
                }
                let has_sites =
                    before.is_some_and(|k| k.has_sites) || named_as_parent.contains(&facts.code);
                if has_sites {
                    return OrgVerdict::HasSites;
                }
            }
            match before {
                // Local codes are the portal's to give, in turn: a file cannot invent one.
                None if after.code.is_local() => OrgVerdict::Invalid(vec![format!(
                    "ods_code: The portal has given no organisation {}; add one without an ODS code from the RA home instead",
                    after.code
                )]),
                None => OrgVerdict::New(after),
                Some(k) => match changes(&k.facts, &after) {
                    changed if changed.is_empty() => OrgVerdict::Unchanged(after.code),
                    changed => OrgVerdict::Update {
                        before: Box::new(k.facts.clone()),
                        after,
                        changed,
                    },
                },
            }
        })
        .collect()
}

/// The row's values over what the portal knows: blank optional cells keep the portal's.
fn merge(row: &OrgFacts, known: Option<&OrgFacts>) -> OrgFacts {
    let mut after = row.clone();
    if let Some(k) = known {
        after.parent = after.parent.or_else(|| k.parent.clone());
        after.country = after.country.or(k.country);
        after.region = after.region.or_else(|| k.region.clone());
        after.headcount = after.headcount.or(k.headcount);
    }
    after
}

fn changes(before: &OrgFacts, after: &OrgFacts) -> Vec<Field> {
    [
        (before.name != after.name, Field::Name),
        (before.kind != after.kind, Field::Kind),
        (before.parent != after.parent, Field::Group),
        (before.country != after.country, Field::Country),
        (before.region != after.region, Field::Region),
        (before.headcount != after.headcount, Field::Headcount),
    ]
    .into_iter()
    .filter_map(|(changed, field)| changed.then_some(field))
    .collect()
}

fn optional(cell: &str) -> Option<&str> {
    Some(cell.trim()).filter(|c| !c.is_empty())
}

/// `care_home_site` or its label, "Care home site", in any case.
fn parse_kind(s: &str) -> Option<OrgKind> {
    let s = s.trim().to_lowercase().replace([' ', '-'], "_");
    ALL_KINDS
        .into_iter()
        .find(|k| k.as_str() == s || k.label().to_lowercase().replace(' ', "_") == s)
}

fn parse_country(s: &str) -> Option<Country> {
    let s = s.trim().to_lowercase().replace([' ', '-'], "_");
    ALL_COUNTRIES.into_iter().find(|c| c.as_str() == s)
}

/// `2026-11-01` or, as UK spreadsheets write it, `1/11/2026`; not in the future.
fn parse_day(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .map_err(|_| "Write the date like 2026-11-01 or 1/11/2026".to_owned())?;
    if date > today {
        return Err("The date must be today or in the past".into());
    }
    if date.year() < 2000 {
        return Err("The date must be in 2000 or later".into());
    }
    Ok(date)
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;

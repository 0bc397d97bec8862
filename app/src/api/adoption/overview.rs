//! The overview: every organisation (or group, region, country) with its figures,
//! filtered and sorted as the query string says, in pages.

// Server functions take one argument per form field; the generated browser-side code
// cannot carry an item-level allow.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::OverviewPage;
use crate::AppError;

#[server(endpoint = "adoption/overview")]
pub async fn adoption_overview(
    q: Option<String>,
    kind: Option<String>,
    country: Option<String>,
    region: Option<String>,
    group: Option<String>,
    stuck: Option<String>,
    view: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
    from_day: Option<String>,
    from_month: Option<String>,
    from_year: Option<String>,
    to_day: Option<String>,
    to_month: Option<String>,
    to_year: Option<String>,
    after: Option<String>,
) -> Result<OverviewPage, AppError> {
    let me = crate::auth::admit::<AdoptionOverview>()?;
    let filters = Filters {
        q,
        kind,
        country,
        region,
        group,
        stuck,
        view,
        sort,
        dir,
        from_day,
        from_month,
        from_year,
        to_day,
        to_month,
        to_year,
    };
    server::page(&me, &filters, after).await
}

/// The overview's query string, as given (each parsed on the server); the CSV export
/// reads the same names from its own query string.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct Filters {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub group: Option<String>,
    pub stuck: Option<String>,
    pub view: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    /// Requests raised from this day (the date input's three boxes) …
    pub from_day: Option<String>,
    pub from_month: Option<String>,
    pub from_year: Option<String>,
    /// … to this one, both included.
    pub to_day: Option<String>,
    pub to_month: Option<String>,
    pub to_year: Option<String>,
}

#[cfg(feature = "ssr")]
pub use server::rows;

#[cfg(feature = "ssr")]
mod server {
    use std::collections::{BTreeMap, HashMap};

    use chrono::Utc;
    use ra_db::Db;
    use ra_domain::{
        OdsCode, Principal,
        adoption::{Figures, Inputs, RollUp, SortBy, group_of, is_stuck, order},
        date_input::DateRange,
        organisation::{Country, OrgKind},
    };

    use super::super::{AdoptionRow, OVERVIEW_PAGE, OverviewPage, counted_at, load};
    use super::Filters;
    use crate::{AppError, api::scope, auth};

    struct Parsed {
        q: Option<String>,
        kind: Option<OrgKind>,
        country: Option<Country>,
        region: Option<String>,
        group: Option<OdsCode>,
        stuck: Option<u32>,
        view: RollUp,
        sort: SortBy,
        descending: bool,
        raised: DateRange,
    }

    impl Parsed {
        /// Whether an organisation passes every filter.
        fn keeps(&self, c: &load::Counted, now: chrono::DateTime<Utc>) -> bool {
            let r = &c.row;
            let code = r.ods_code.as_str();
            self.q.as_ref().is_none_or(|q| {
                r.name.to_lowercase().contains(q) || code.to_lowercase().contains(q)
            }) && self.kind.is_none_or(|k| r.kind == k)
                && self.country.is_none_or(|k| r.country == Some(k))
                && self
                    .region
                    .as_ref()
                    .is_none_or(|g| r.region.as_ref().is_some_and(|x| x.to_lowercase() == *g))
                && self
                    .group
                    .as_ref()
                    .is_none_or(|g| r.parent_code.as_ref() == Some(g) || r.ods_code == *g)
                && self.stuck.is_none_or(|days| {
                    is_stuck(
                        c.inputs.open_by_stage.iter().sum(),
                        r.last_enrolment,
                        now,
                        days,
                    )
                })
        }
    }

    fn given(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }

    fn parse(f: &Filters) -> Result<Parsed, AppError> {
        let raised = crate::api::date_range([
            &f.from_day,
            &f.from_month,
            &f.from_year,
            &f.to_day,
            &f.to_month,
            &f.to_year,
        ])?;
        let pick = |v: &Option<String>, field: &str, parse: &dyn Fn(&str) -> bool| match given(v) {
            Some(s) if !parse(s) => Err(AppError::field(field, "Choose one of the options")),
            _ => Ok(()),
        };
        pick(&f.kind, "kind", &|s| OrgKind::parse(s).is_some())?;
        pick(&f.country, "country", &|s| Country::parse(s).is_some())?;
        pick(&f.view, "view", &|s| RollUp::parse(s).is_some())?;
        pick(&f.sort, "sort", &|s| SortBy::parse(s).is_some())?;
        let group = given(&f.group)
            .map(|g| {
                OdsCode::parse(g).map_err(|_| {
                    AppError::field("group", "Enter the group's code, like VNC01 or LOC-00001")
                })
            })
            .transpose()?;
        let stuck = given(&f.stuck)
            .map(|s| match s.parse::<u32>() {
                Ok(n @ 1..=365) => Ok(n),
                _ => Err(AppError::field(
                    "stuck",
                    "Enter a number of days from 1 to 365",
                )),
            })
            .transpose()?;
        Ok(Parsed {
            q: given(&f.q).map(str::to_lowercase),
            kind: given(&f.kind).and_then(OrgKind::parse),
            country: given(&f.country).and_then(Country::parse),
            region: given(&f.region).map(str::to_lowercase),
            group,
            stuck,
            view: given(&f.view)
                .and_then(RollUp::parse)
                .unwrap_or(RollUp::Organisations),
            sort: given(&f.sort)
                .and_then(SortBy::parse)
                .unwrap_or(SortBy::Name),
            descending: given(&f.dir) == Some("desc"),
            raised,
        })
    }

    /// Every row the filters match, in order, with the totals over them, and the date
    /// range the figures count (open when none was given).
    pub async fn rows(
        db: &Db,
        me: &Principal,
        filters: &Filters,
    ) -> Result<(Vec<AdoptionRow>, Figures, DateRange), AppError> {
        let p = parse(filters)?;
        let scope = scope::of_watcher(me)?;
        let now = Utc::now();
        let today = now.date_naive();
        let dated = !p.raised.is_open();
        let counted = load::organisations(db, scope.filter(), p.raised, now).await?;
        let names: HashMap<OdsCode, String> = counted
            .iter()
            .map(|c| (c.row.ods_code.clone(), c.row.name.clone()))
            .collect();
        let groups_with_sites: std::collections::HashSet<&OdsCode> = counted
            .iter()
            .filter_map(|c| c.row.parent_code.as_ref())
            .collect();
        let mut total = Inputs::default();
        let mut out = Vec::new();
        // Roll-up key → (name, whether it has a page, what its organisations add up to).
        let mut rolled: BTreeMap<String, (String, bool, Inputs)> = BTreeMap::new();
        for c in counted.iter().filter(|c| p.keeps(c, now)) {
            total.add(&c.inputs);
            let r = &c.row;
            let (key, name, has_page) = match p.view {
                RollUp::Organisations => {
                    let group = groups_with_sites.contains(&r.ods_code);
                    out.push(AdoptionRow::organisation(c, group, dated, today));
                    continue;
                }
                RollUp::Groups => {
                    let g = group_of(&r.ods_code, r.parent_code.as_ref());
                    let name = names.get(g).cloned().unwrap_or_else(|| g.to_string());
                    (g.to_string(), name, true)
                }
                RollUp::Regions => {
                    let region = r.region.clone().unwrap_or_else(|| "No region given".into());
                    (region.clone(), region, false)
                }
                RollUp::Countries => {
                    let c = r.country.map_or("No country given", |c| c.label());
                    (c.to_owned(), c.to_owned(), false)
                }
            };
            rolled
                .entry(key)
                .or_insert_with(|| (name, has_page, Inputs::default()))
                .2
                .add(&c.inputs);
        }
        out.extend(rolled.into_iter().map(|(key, (name, page, inputs))| {
            AdoptionRow::roll_up(key, name, page, &inputs, dated, today)
        }));
        out.sort_by(|a, b| {
            order(
                p.sort,
                p.descending,
                (&a.name, &a.key, &a.figures),
                (&b.name, &b.key, &b.figures),
            )
        });
        Ok((out, load::figures(&total, dated, today), p.raised))
    }

    pub async fn page(
        me: &Principal,
        filters: &Filters,
        after: Option<String>,
    ) -> Result<OverviewPage, AppError> {
        let (rows, total, raised) = rows(&auth::db()?, me, filters).await?;
        let matched = rows.len();
        // The page after the row named by the cursor, in this order.
        let start = after
            .and_then(|k| rows.iter().position(|r| r.key == k))
            .map_or(0, |i| i + 1);
        let page: Vec<AdoptionRow> = rows
            .into_iter()
            .skip(start)
            .take(OVERVIEW_PAGE + 1)
            .collect();
        let next = (page.len() > OVERVIEW_PAGE).then(|| page[OVERVIEW_PAGE - 1].key.clone());
        Ok(OverviewPage {
            rows: page.into_iter().take(OVERVIEW_PAGE).collect(),
            matched,
            total,
            next,
            counted_at: counted_at(Utc::now()),
            dates: (!raised.is_open()).then(|| raised.describe("requests raised")),
        })
    }
}

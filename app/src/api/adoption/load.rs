//! Counts from the database as the domain's [`Inputs`], one per organisation.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use ra_db::{
    Db,
    repo::adoption::{self, AdoptionQuery, AdoptionRow},
};
use ra_domain::{
    OdsCode, ScopeFilter,
    adoption::{Figures, Inputs, PROJECTION_WINDOW_DAYS, Stage},
    date_input::DateRange,
    registration::stale::stale_before,
};

use crate::AppError;

/// An organisation's record and counts, with its inputs.
pub struct Counted {
    pub row: AdoptionRow,
    pub inputs: Inputs,
}

/// `inputs`' figures; `dated` when they count only the requests raised in a date range.
pub fn figures(inputs: &Inputs, dated: bool, today: chrono::NaiveDate) -> Figures {
    if dated {
        inputs.dated_figures(today)
    } else {
        inputs.figures(today)
    }
}

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// Every organisation in `scope`, counted as of `now` over the requests raised in
/// `raised`.
pub async fn organisations(
    db: &Db,
    scope: ScopeFilter<'_>,
    raised: DateRange,
    now: DateTime<Utc>,
) -> Result<Vec<Counted>, AppError> {
    let query = AdoptionQuery {
        scope,
        stale_before: stale_before(now),
        recent_since: now - Duration::days(i64::from(PROJECTION_WINDOW_DAYS)),
        raised,
    };
    // Without a date range the counts kept with every change are read (stale requests
    // and the last four weeks' enrolments are still counted, time first); a range needs
    // the requests raised in it counted afresh.
    let (rows, days_rows) = if raised.is_open() {
        (
            adoption::read::organisations(db, &query).await?,
            adoption::read::days_to_enrol(db, scope).await?,
        )
    } else {
        (
            adoption::organisations(db, &query).await?,
            adoption::days_to_enrol(db, scope, &raised).await?,
        )
    };
    let mut days: HashMap<OdsCode, Vec<(u32, u32)>> = HashMap::new();
    for d in days_rows {
        days.entry(d.ods_code)
            .or_default()
            .push((count(d.days), count(d.requests)));
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let inputs = inputs_of(&row, days.get(&row.ods_code).map_or(&[][..], |v| v));
            Counted { row, inputs }
        })
        .collect())
}

fn inputs_of(r: &AdoptionRow, days: &[(u32, u32)]) -> Inputs {
    let headcount = r.headcount.map(count);
    let mut i = Inputs::organisation(headcount, count(r.requested), count(r.registered));
    i.open(Stage::Review, count(r.review));
    i.open(Stage::Approved, count(r.approved));
    i.open(Stage::IdentityVerified, count(r.verified));
    i.open(Stage::LinkSent, count(r.link_sent));
    i.stale = count(r.stale);
    i.rejected = count(r.rejected);
    i.personal_phones = count(r.personal);
    i.business_phones = count(r.business);
    i.enrolled_recently = count(r.enrolled_recently);
    i.last_activity = r.last_activity;
    for (d, n) in days {
        i.days_to_enrol.record(*d, *n);
    }
    i
}

//! Adoption figures, defined once: what SQL counts for an organisation goes in
//! ([`Inputs`]), every figure a page, export or README shows comes out ([`Figures`]).
//! Organisations roll up into groups, regions, countries and the nation by adding their
//! inputs ([`Inputs::add`]), never by averaging their figures.

mod days;
mod definitions;
mod overview;
mod projection;

pub use days::DaysTaken;
pub use definitions::{DATE_RANGE, DEFINITIONS, Definition};
pub use overview::{ALL_ROLL_UPS, ALL_SORTS, RollUp, SortBy, group_of, is_stuck, order};
pub use projection::{PROJECTION_WINDOW_DAYS, Projection, project};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::registration::RequestState;

/// Where an open request stands, as the funnel shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Submitted or being reviewed.
    Review,
    /// Approved; the identity meeting may be booked.
    Approved,
    IdentityVerified,
    /// The enrolment link is out (or expired, waiting for a new one).
    LinkSent,
}

pub const STAGES: [Stage; 4] = [
    Stage::Review,
    Stage::Approved,
    Stage::IdentityVerified,
    Stage::LinkSent,
];

impl Stage {
    /// The stage of an open request; `None` for a closed one.
    pub fn of(state: RequestState) -> Option<Stage> {
        use RequestState as S;
        match state {
            S::Submitted | S::InReview => Some(Stage::Review),
            S::Approved | S::MeetingBooked => Some(Stage::Approved),
            S::IdentityVerified => Some(Stage::IdentityVerified),
            S::LinkSent | S::LinkExpired => Some(Stage::LinkSent),
            S::Rejected | S::Enrolled | S::Cancelled | S::DeviceRemoved => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Review => "Waiting for review",
            Stage::Approved => "Approved",
            Stage::IdentityVerified => "Identity verified",
            Stage::LinkSent => "Link sent",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What the database counts for one organisation, or for several added together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    /// The known headcount; `None` when nobody has given one.
    pub headcount: Option<u32>,
    /// Organisations added into these inputs, and how many of them had no headcount.
    pub organisations: u32,
    pub without_headcount: u32,
    /// "Not started" summed over the organisations with a headcount, each clamped at
    /// zero before adding (one site's extra requests do not hide another's gap).
    not_started_known: u32,
    /// Registered people of the organisations with a headcount, each at most its
    /// headcount: what "percent registered" and the projection count.
    registered_known: u32,
    /// People with at least one request.
    pub requested: u32,
    /// People with at least one active device.
    pub registered: u32,
    /// Open requests by stage, in [`STAGES`] order.
    pub open_by_stage: [u32; 4],
    /// Open requests with no step for [`crate::registration::stale::STALE_WORKING_DAYS`].
    pub stale: u32,
    pub rejected: u32,
    pub personal_phones: u32,
    pub business_phones: u32,
    /// Days from request to enrolment, one entry per enrolled request.
    pub days_to_enrol: DaysTaken,
    /// Enrolments in the [`PROJECTION_WINDOW_DAYS`] days before the figures' date.
    pub enrolled_recently: u32,
    pub last_activity: Option<DateTime<Utc>>,
}

impl Inputs {
    /// One organisation's counts.
    pub fn organisation(headcount: Option<u32>, requested: u32, registered: u32) -> Self {
        Self {
            headcount,
            organisations: 1,
            without_headcount: u32::from(headcount.is_none()),
            not_started_known: headcount.map_or(0, |h| h.saturating_sub(requested)),
            registered_known: headcount.map_or(0, |h| registered.min(h)),
            requested,
            registered,
            ..Self::default()
        }
    }

    pub fn open(&mut self, stage: Stage, requests: u32) {
        self.open_by_stage[stage.index()] += requests;
    }

    /// These inputs and `other`'s, as for a group of both.
    pub fn add(&mut self, other: &Inputs) {
        self.headcount = match (self.headcount, other.headcount) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        self.organisations += other.organisations;
        self.without_headcount += other.without_headcount;
        self.not_started_known += other.not_started_known;
        self.registered_known += other.registered_known;
        self.requested += other.requested;
        self.registered += other.registered;
        for (mine, theirs) in self.open_by_stage.iter_mut().zip(other.open_by_stage) {
            *mine += theirs;
        }
        self.stale += other.stale;
        self.rejected += other.rejected;
        self.personal_phones += other.personal_phones;
        self.business_phones += other.business_phones;
        self.days_to_enrol.add(&other.days_to_enrol);
        self.enrolled_recently += other.enrolled_recently;
        self.last_activity = self.last_activity.max(other.last_activity);
    }

    /// Every figure, as of `today`.
    pub fn figures(&self, today: NaiveDate) -> Figures {
        let known = self.organisations > self.without_headcount;
        let not_started = known.then_some(self.not_started_known);
        let percent_registered = self
            .headcount
            .filter(|h| *h > 0)
            .map(|h| f64::from(self.registered_known) * 100.0 / f64::from(h));
        let to_do = self.headcount.map(|h| h - self.registered_known);
        Figures {
            headcount: self.headcount,
            partial_headcount: known && self.without_headcount > 0,
            requested: self.requested,
            registered: self.registered,
            in_progress: self.open_by_stage.iter().sum(),
            open_by_stage: self.open_by_stage,
            not_started,
            percent_registered,
            median_days: self.days_to_enrol.percentile(50),
            p90_days: self.days_to_enrol.percentile(90),
            stale: self.stale,
            rejected: self.rejected,
            personal_phones: self.personal_phones,
            business_phones: self.business_phones,
            last_activity: self.last_activity,
            projection: project(to_do, self.enrolled_recently, today),
            dated: false,
        }
    }

    /// The figures when these inputs count only the requests raised in a date range (see
    /// [`DATE_RANGE`]): not started, percent registered and the projection set a whole
    /// rollout against the headcount, and a part of the rollout against all of it would
    /// read as progress it is not, so they are not given.
    pub fn dated_figures(&self, today: NaiveDate) -> Figures {
        Figures {
            not_started: None,
            percent_registered: None,
            projection: Projection::Unknown,
            dated: true,
            ..self.figures(today)
        }
    }
}

/// The figures of one organisation or roll-up; [`DEFINITIONS`] says what each means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub headcount: Option<u32>,
    /// Some organisations in the roll-up have no headcount: headcount and "not started"
    /// cover only those that do.
    pub partial_headcount: bool,
    pub requested: u32,
    pub registered: u32,
    pub in_progress: u32,
    pub open_by_stage: [u32; 4],
    /// `None`: unknown, for no organisation in it has a headcount.
    pub not_started: Option<u32>,
    pub percent_registered: Option<f64>,
    pub median_days: Option<u32>,
    pub p90_days: Option<u32>,
    pub stale: u32,
    pub rejected: u32,
    pub personal_phones: u32,
    pub business_phones: u32,
    pub last_activity: Option<DateTime<Utc>>,
    pub projection: Projection,
    /// Counted over the requests raised in a date range: not started, percent registered
    /// and the projection are not given (see [`Inputs::dated_figures`]).
    #[serde(default)]
    pub dated: bool,
}

#[cfg(test)]
mod tests;

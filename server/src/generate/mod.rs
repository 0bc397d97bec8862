//! `ra-portal generate`: deterministic, NHS-shaped synthetic data on either database, for
//! benchmarks and the demo. The same seed and scale give the same organisations, people
//! and requests, ids included, with times relative to the run's start; device and audit
//! event ids are fresh.

pub mod cli;
mod names;
pub mod plan;
mod rng;
mod timeline;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use ra_db::{
    Db, DbError,
    repo::{
        audit::{self, AuditEvent, Subject},
        registration,
        synthetic::{self, SynthDevice, SynthOrg, SynthPerson, SynthRequest},
    },
};
use serde_json::json;

/// One provider with its sites, a GP practice, a trust with its sites or an ICB: written
/// together, parents first.
#[derive(Default)]
pub struct Unit {
    pub orgs: Vec<SynthOrg>,
    pub managers: Vec<SynthPerson>,
    pub requests: Vec<SynthRequest>,
    pub devices: Vec<SynthDevice>,
}

/// How many of each kind of unit to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub care_providers: u32,
    pub gp_practices: u32,
    pub trusts: u32,
    pub icbs: u32,
    pub ra_officers: u32,
}

impl Scale {
    /// England's and Wales's real counts (research §2): ~19,000 care providers with
    /// ~31,700 sites, 7,500 GP practices, 200 trusts, 42 ICBs.
    pub const NHS: Scale = Scale {
        care_providers: 19_000,
        gp_practices: 7_500,
        trusts: 200,
        icbs: 42,
        ra_officers: 60,
    };
    /// A few hundred organisations, for the demo.
    pub const DEMO: Scale = Scale {
        care_providers: 110,
        gp_practices: 60,
        trusts: 3,
        icbs: 2,
        ra_officers: 6,
    };

    /// `nhs`, `demo`, or a percentage of `nhs` such as `10%`.
    pub fn parse(s: &str) -> Option<Scale> {
        match s {
            "nhs" => Some(Self::NHS),
            "demo" => Some(Self::DEMO),
            pct => {
                let p: u32 = pct
                    .strip_suffix('%')?
                    .parse()
                    .ok()
                    .filter(|p| (1..=100).contains(p))?;
                let of = |n: u32| (n * p / 100).max(1);
                Some(Scale {
                    care_providers: of(Self::NHS.care_providers),
                    gp_practices: of(Self::NHS.gp_practices),
                    trusts: of(Self::NHS.trusts),
                    icbs: of(Self::NHS.icbs),
                    ra_officers: of(Self::NHS.ra_officers),
                })
            }
        }
    }
}

/// Rows in the database after a run, each from `COUNT(*)`, and the time it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub organisations: i64,
    pub people: i64,
    pub requests: i64,
    pub devices: i64,
    pub audit_events: i64,
    /// Rows this run added, all tables together.
    pub written: i64,
    pub took: Duration,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.took.as_secs_f64().max(0.001);
        write!(
            f,
            "now {} organisations, {} people, {} requests, {} devices, {} audit events \
             (counted); {} rows written in {secs:.1} s: {:.0} rows/s",
            self.organisations,
            self.people,
            self.requests,
            self.devices,
            self.audit_events,
            self.written,
            self.written as f64 / secs
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("this database already holds synthetic data; generate into an empty one")]
    AlreadyGenerated,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Requests written per transaction (with their organisations, people and devices).
const REQUESTS_PER_COMMIT: usize = 5_000;

/// Writes the data set for `seed` and `scale`. Refuses a database that already holds
/// synthetic people, so a second run cannot half-collide with the first.
pub async fn generate(
    db: &Db,
    seed: u64,
    scale: Scale,
    now: DateTime<Utc>,
) -> Result<Report, GenerateError> {
    let started = Instant::now();
    let existing = synthetic::people_count(db).await?;
    if existing > 0 {
        return Err(GenerateError::AlreadyGenerated);
    }
    let before = synthetic::counts(db).await?;
    let plan = plan::Plan::new(seed, scale, now);
    // The RA officers go in with the first batch.
    let mut batch = Unit {
        managers: plan.officers().to_vec(),
        ..Unit::default()
    };
    for unit in plan.units() {
        batch.orgs.extend(unit.orgs);
        batch.managers.extend(unit.managers);
        batch.requests.extend(unit.requests);
        batch.devices.extend(unit.devices);
        if batch.requests.len() >= REQUESTS_PER_COMMIT {
            write(db, &std::mem::take(&mut batch), now).await?;
        }
    }
    write(db, &batch, now).await?;
    registration::recount_states(db).await?;
    let report = count(db, before, started.elapsed()).await?;
    // The rows went in around the repository: the kept adoption counts are worked out
    // afresh (not part of the rows/s above).
    let counting = std::time::Instant::now();
    ra_db::repo::adoption::rebuild(db).await?;
    tracing::info!(
        ms = counting.elapsed().as_millis(),
        "adoption counts rebuilt"
    );
    Ok(report)
}

/// One unit batch in one transaction, each request with its audit event.
async fn write(db: &Db, b: &Unit, now: DateTime<Utc>) -> Result<(), DbError> {
    let mut tx = db.begin().await?;
    synthetic::insert_orgs(&mut tx, &b.orgs, now).await?;
    synthetic::insert_people(&mut tx, &b.managers, now).await?;
    synthetic::insert_requests(&mut tx, &b.requests).await?;
    synthetic::insert_devices(&mut tx, &b.devices).await?;
    let ids: Vec<String> = b.requests.iter().map(|r| r.id.to_string()).collect();
    let events: Vec<AuditEvent<'_>> =
        requested_events(&b.requests, &ids, "Synthetic data").collect();
    audit::record_many(&mut tx, &events).await?;
    tx.commit().await
}

/// Each request's "submitted" audit event (as the portal writes it), by its requester when it was raised; `ids`
/// are the requests' ids as text, in the same order.
pub fn requested_events<'a>(
    requests: &'a [SynthRequest],
    ids: &'a [String],
    summary: &'static str,
) -> impl Iterator<Item = AuditEvent<'a>> + 'a {
    requests.iter().zip(ids).map(move |(r, id)| AuditEvent {
        actor: Some(r.requested_by),
        action: "registration.submitted",
        subject_type: Subject::RegistrationRequest,
        subject_id: Some(id),
        subject_org: Some(r.ods_code.as_str()),
        details: json!({ "summary": summary, "ods_code": r.ods_code.as_str() }),
        occurred_at: r.requested_at,
    })
}

async fn count(db: &Db, before: synthetic::Counts, took: Duration) -> Result<Report, DbError> {
    let c = synthetic::counts(db).await?;
    Ok(Report {
        written: c.total() - before.total(),
        organisations: c.organisations,
        people: c.people,
        requests: c.requests,
        devices: c.devices,
        audit_events: c.audit_events,
        took,
    })
}

#[cfg(test)]
mod tests;

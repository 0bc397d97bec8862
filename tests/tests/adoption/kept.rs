//! The kept adoption counts (`adoption_counts`, `adoption_days`) against a count from
//! scratch (the live aggregate the date-range pages use) for every organisation, after
//! seeded random sequences of changes through the repository functions the portal calls,
//! some rolled back (`kept_together` makes many at once).

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use ra_db::{
    Db,
    repo::{
        adoption::{self, AdoptionQuery},
        enrolment, organisations,
        registration::{self as requests, StepChange},
    },
};
use ra_domain::{
    PersonId, RequestId, ScopeFilter,
    adoption::PROJECTION_WINDOW_DAYS,
    allow_list::DomainName,
    registration::{
        PhoneKind, RequestSource, RequestState, ValidRequest,
        stale::stale_before,
        state::{Action, next, possible},
    },
};
use ra_portal_tests::{Backend, TestPortal, both, builders::ods};

/// splitmix64: a fixed sequence per seed, so each run makes the same changes.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

const SEEDS: [u64; 3] = [1, 7, 2026];
const GROUPS: [&str; 2] = ["VKA01", "VKB01"];
const SITES: [&str; 4] = ["VKA11", "VKA12", "VKB11", "VKB12"];

pub fn request(email: &str, org: &str, phone_kind: PhoneKind) -> ValidRequest {
    ValidRequest {
        full_name: "Synthetic Person".into(),
        email: email.to_owned(),
        domain: DomainName::parse("kept.example").unwrap(),
        job_role: "Carer".into(),
        ods_code: ods(org),
        phone: "07700900123".into(),
        phone_kind,
    }
}

/// Takes `action` on request `id` as the portal does (the step, with the device it
/// registers or removes); false if the request was no longer in `from`.
pub async fn act(
    db: &Db,
    id: RequestId,
    email: &str,
    from: RequestState,
    action: Action,
    by: PersonId,
    now: DateTime<Utc>,
) -> bool {
    let to = next(from, action).unwrap();
    let mut tx = db.begin().await.unwrap();
    if action == Action::Enrol {
        enrolment::insert_device(&mut tx, id, email, now)
            .await
            .unwrap();
    }
    let ch = StepChange::default();
    if !requests::change_state(&mut tx, id, from, to, &ch, now)
        .await
        .unwrap()
    {
        return false;
    }
    if from == RequestState::Enrolled {
        enrolment::remove_devices(&mut tx, id, by, "lost", now)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    true
}

/// Every organisation's kept counts and days equal the ones counted from scratch.
pub async fn assert_kept_is_fresh(db: &Db, now: DateTime<Utc>, when: &str) {
    let q = AdoptionQuery {
        scope: ScopeFilter::Everything,
        stale_before: stale_before(now),
        recent_since: now - Duration::days(i64::from(PROJECTION_WINDOW_DAYS)),
        raised: Default::default(),
    };
    let fresh = adoption::organisations(db, &q).await.unwrap();
    let kept = adoption::read::organisations(db, &q).await.unwrap();
    assert_eq!(fresh.len(), kept.len(), "{when}");
    let mut counted = 0;
    for (f, k) in fresh.iter().zip(&kept) {
        assert_eq!(format!("{f:?}"), format!("{k:?}"), "{when}");
        counted += f.requested;
    }
    assert!(counted > 0, "{when}: nothing was counted");
    let fresh = adoption::days_to_enrol(db, ScopeFilter::Everything, &Default::default())
        .await
        .unwrap();
    let kept = adoption::read::days_to_enrol(db, ScopeFilter::Everything)
        .await
        .unwrap();
    assert_eq!(fresh, kept, "{when}: days to enrol");
}

async fn set_up_groups(portal: &TestPortal) {
    for g in GROUPS {
        portal.organisation(g).code(g).create().await;
    }
    for (i, s) in SITES.iter().enumerate() {
        portal
            .organisation(s)
            .code(s)
            .under(GROUPS[i / 2])
            .create()
            .await;
    }
}

/// One seed's sequence of changes; `known` holds every request made so far.
async fn run(
    portal: &TestPortal,
    seed: u64,
    by: PersonId,
    known: &mut Vec<(RequestId, String, RequestState)>,
    reached: &mut HashSet<RequestState>,
) -> DateTime<Utc> {
    let db = portal.db();
    let mut rng = Rng(seed);
    let orgs: Vec<&str> = GROUPS.iter().chain(&SITES).copied().collect();
    let kinds = [PhoneKind::Personal, PhoneKind::Business];
    // Forty days back, a few hours a change: stale and recent requests both occur.
    let mut now = Utc::now() - Duration::days(40);
    for _ in 0..200 {
        now += Duration::minutes(30 + rng.below(600) as i64);
        let roll = rng.below(100);
        if roll < 25 {
            // Raise one, or upload several; a person already waiting is refused and
            // nothing of the upload stays.
            let n = if roll < 15 { 1 } else { 2 + rng.below(4) };
            let made: Vec<(RequestId, ValidRequest)> = (0..n)
                .map(|_| {
                    let email = format!("p{}@kept.example", rng.below(30));
                    let org = orgs[rng.below(orgs.len())];
                    let kind = kinds[rng.below(2)];
                    (RequestId::new(), request(&email, org, kind))
                })
                .collect();
            let rows: Vec<(RequestId, &ValidRequest)> = made.iter().map(|(i, r)| (*i, r)).collect();
            let mut tx = db.begin().await.unwrap();
            let source = if n == 1 {
                RequestSource::Single
            } else {
                RequestSource::Bulk
            };
            if requests::insert_many(&mut tx, &rows, source, by, now)
                .await
                .is_ok()
            {
                tx.commit().await.unwrap();
                known.extend(
                    made.iter()
                        .map(|(i, r)| (*i, r.email.clone(), RequestState::Submitted)),
                );
            }
        } else if roll < 85 && !known.is_empty() {
            // A request that can still move; one step in ten closes it early.
            let movable: Vec<usize> = (0..known.len())
                .filter(|i| !possible(known[*i].2).is_empty())
                .collect();
            if movable.is_empty() {
                continue;
            }
            let i = movable[rng.below(movable.len())];
            let (id, email, from) = known[i].clone();
            // Most people keep their device, so registered people remain at the end.
            if from == RequestState::Enrolled && rng.below(3) > 0 {
                continue;
            }
            let closing = |a: &Action| next(from, *a) == Some(RequestState::Cancelled);
            let early = rng.below(10) == 0;
            let actions: Vec<Action> = possible(from)
                .into_iter()
                .filter(|a| closing(a) == early)
                .collect();
            if actions.is_empty() {
                continue;
            }
            let action = actions[rng.below(actions.len())];
            if roll < 80 {
                assert!(act(db, id, &email, from, action, by, now).await);
                known[i].2 = next(from, action).unwrap();
                reached.insert(known[i].2);
            } else {
                // A step that is rolled back leaves no trace in the counts.
                let mut tx = db.begin().await.unwrap();
                let to = next(from, action).unwrap();
                let ch = StepChange::default();
                requests::change_state(&mut tx, id, from, to, &ch, now)
                    .await
                    .unwrap();
                drop(tx);
            }
        } else if roll < 95 {
            // A site moves to the other group.
            let site = SITES[rng.below(SITES.len())];
            let group = GROUPS[rng.below(GROUPS.len())];
            let site = organisations::find_by_code(db, &ods(site))
                .await
                .unwrap()
                .unwrap();
            let group = organisations::find_by_code(db, &ods(group))
                .await
                .unwrap()
                .unwrap();
            let mut tx = db.begin().await.unwrap();
            organisations::set_group(&mut tx, site.id, Some(group.id), now)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        } else {
            // An organisation closes (and its requests still count).
            let org = orgs[rng.below(orgs.len())];
            ra_db::on_pool!(db, |p| sqlx::query(
                "UPDATE organisations SET closed_on = $1 WHERE ods_code = $2"
            )
            .bind(now.date_naive())
            .bind(org)
            .execute(p)
            .await
            .unwrap()
            .rows_affected());
        }
    }
    now
}

/// Empties the kept tables and runs the statements of the migration that fills them.
async fn refill_as_the_migration_does(db: &Db, backend: Backend) {
    let dir = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let path = format!(
        "{}/../migrations/{dir}/20261206140001_adoption_counts.sql",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let fill = &text[text.find("INSERT INTO adoption_counts").unwrap()..];
    let statements = ["DELETE FROM adoption_counts", "DELETE FROM adoption_days"];
    for sql in statements.into_iter().chain(fill.split(';')) {
        if !sql.trim().is_empty() {
            ra_db::on_pool!(db, |p| sqlx::query(sql)
                .execute(p)
                .await
                .unwrap()
                .rows_affected());
        }
    }
}

both!(
    kept_counts_equal_a_fresh_count_after_random_changes,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        set_up_groups(&portal).await;
        let by = portal.person("Random changer").await;
        let (mut known, mut reached) = (Vec::new(), HashSet::new());
        for seed in SEEDS {
            let now = run(&portal, seed, by, &mut known, &mut reached).await;
            assert_kept_is_fresh(portal.db(), now, &format!("seed {seed}")).await;
        }
        // The sequences took every kind of step that moves a figure, and people remain
        // registered at the end.
        for s in [
            RequestState::InReview,
            RequestState::Rejected,
            RequestState::LinkExpired,
            RequestState::Enrolled,
            RequestState::DeviceRemoved,
            RequestState::Cancelled,
        ] {
            assert!(reached.contains(&s), "no step reached {s:?}: {reached:?}");
        }
        let enrolled = known
            .iter()
            .filter(|k| k.2 == RequestState::Enrolled)
            .count();
        assert!(enrolled > 0, "nobody ended enrolled");
        // Worked out again from the rows (as after the generator's bulk writes, with the
        // migration's sums), the counts are the same.
        adoption::rebuild(portal.db()).await.unwrap();
        assert_kept_is_fresh(portal.db(), Utc::now(), "rebuilt").await;
        // And so do the migration's own sums, run again on these rows.
        refill_as_the_migration_does(portal.db(), backend).await;
        assert_kept_is_fresh(portal.db(), Utc::now(), "filled by the migration").await;
    }
);

//! The demo's story (`RA_DEMO_ROLLOUT`): Canterbury Care Homes six weeks into moving its
//! carers onto Microsoft Authenticator. Most of Canterbury House is enrolled, on personal
//! and business phones; Canterbury Lodge is part-way; Canterbury Court in Scotland
//! started in week four. A few carers are stuck at the identity check, and one request
//! was rejected. Around it, a few hundred synthetic organisations from the generator.
//! Each part runs once per database.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use ra_db::{
    Db, DbError,
    repo::{
        audit::{self, AuditEvent, Subject},
        registration,
        synthetic::{self, SynthDevice, SynthPerson, SynthRequest},
    },
};
use ra_domain::{
    OdsCode, PersonId, RequestId,
    organisation::{Country, OrgKind, named},
    registration::{PhoneKind, RequestState as S},
};
use serde_json::json;

use crate::generate::{GenerateError, Report, Scale, generate, requested_events};

/// The seed of the demo's synthetic organisations.
const SEED: u64 = 1;

/// Site (by name: Canterbury Court's code is whichever local code the portal gave it),
/// headcount, country, region.
const SITES: [(&str, i64, Country, &str); 3] = [
    ("Canterbury House", 24, Country::England, "South East"),
    ("Canterbury Lodge", 18, Country::England, "South East"),
    ("Canterbury Court", 16, Country::Scotland, "Highland"),
];

/// One carer: site, name, state, phone, days since the request, days since its last step.
type Carer = (&'static str, &'static str, S, PhoneKind, i64, i64);

const P: PhoneKind = PhoneKind::Personal;
const B: PhoneKind = PhoneKind::Business;

const CARERS: [Carer; 30] = [
    ("Canterbury House", "Ada Mensah", S::Enrolled, P, 41, 36),
    ("Canterbury House", "Ben Carter", S::Enrolled, P, 41, 34),
    ("Canterbury House", "Cara Doyle", S::Enrolled, B, 40, 33),
    ("Canterbury House", "Dan Ellis", S::Enrolled, P, 37, 29),
    ("Canterbury House", "Esi Boateng", S::Enrolled, P, 35, 27),
    ("Canterbury House", "Faye Hall", S::Enrolled, B, 30, 22),
    ("Canterbury House", "Gus Irwin", S::Enrolled, P, 26, 19),
    ("Canterbury House", "Hana Jafari", S::Enrolled, B, 21, 14),
    ("Canterbury House", "Ivy Kent", S::Enrolled, P, 16, 9),
    (
        "Canterbury House",
        "Jon Lowe",
        S::IdentityVerified,
        P,
        24,
        16,
    ),
    (
        "Canterbury House",
        "Kai Moss",
        S::IdentityVerified,
        P,
        22,
        15,
    ),
    ("Canterbury House", "Lena Nash", S::LinkSent, B, 9, 2),
    ("Canterbury House", "Milo Owen", S::Submitted, P, 1, 1),
    ("Canterbury House", "Nell Price", S::Rejected, P, 28, 26),
    ("Canterbury Lodge", "Omar Quinn", S::Enrolled, P, 33, 25),
    ("Canterbury Lodge", "Pia Rossi", S::Enrolled, B, 31, 23),
    ("Canterbury Lodge", "Rhys Shaw", S::Enrolled, P, 24, 17),
    ("Canterbury Lodge", "Sana Tahir", S::Enrolled, B, 19, 12),
    ("Canterbury Lodge", "Tom Upton", S::Enrolled, P, 12, 5),
    (
        "Canterbury Lodge",
        "Uma Vance",
        S::IdentityVerified,
        P,
        20,
        13,
    ),
    ("Canterbury Lodge", "Vic Webb", S::Approved, P, 8, 6),
    ("Canterbury Lodge", "Wyn Young", S::Approved, B, 6, 4),
    ("Canterbury Lodge", "Xena Zeller", S::Submitted, P, 3, 3),
    ("Canterbury Lodge", "Yusuf Ali", S::Submitted, P, 2, 2),
    ("Canterbury Court", "Zara Baird", S::Enrolled, P, 18, 11),
    ("Canterbury Court", "Alan Cowie", S::Enrolled, P, 16, 8),
    (
        "Canterbury Court",
        "Beth Duncan",
        S::IdentityVerified,
        P,
        15,
        10,
    ),
    (
        "Canterbury Court",
        "Calum Fraser",
        S::MeetingBooked,
        P,
        10,
        7,
    ),
    ("Canterbury Court", "Dina Gray", S::Submitted, B, 4, 4),
    ("Canterbury Court", "Ewan Hay", S::Submitted, P, 2, 2),
];

const DOMAIN: &str = "canterburycarehomes.example";
/// The synthetic person who raised Canterbury's requests; their presence marks the story
/// as written.
const LEAD: &str = "canterbury-lead";

/// The synthetic organisations and the story, each once; what the generator wrote, if it
/// ran this time.
pub async fn seed(db: &Db, now: DateTime<Utc>) -> Result<Option<Report>, GenerateError> {
    // Each part once: the generator refuses a database with synthetic people, and the
    // story is marked by its lead, so a start that failed between the two finishes later.
    let report = if synthetic::people_count(db).await? == 0 {
        Some(generate(db, SEED, Scale::DEMO, now).await?)
    } else {
        None
    };
    if !synthetic::has_person(db, LEAD).await? {
        canterbury(db, now).await?;
    }
    Ok(report)
}

async fn canterbury(db: &Db, now: DateTime<Utc>) -> Result<(), GenerateError> {
    // The sites' codes, by name, as the demo's organisations hold them.
    let mut codes: HashMap<&str, OdsCode> = HashMap::new();
    for (site, ..) in SITES {
        let code = super::site_code(db, super::CANTERBURY, site)
            .await?
            .ok_or_else(|| DbError::Corrupt(format!("the demo's {site} is missing")))?;
        codes.insert(site, code);
    }
    let lead = SynthPerson {
        id: PersonId::new(),
        subject: LEAD.into(),
        name: "Grace Okafor (synthetic rollout lead)".into(),
        email: format!("grace.okafor@{DOMAIN}"),
    };
    let officer = SynthPerson {
        id: PersonId::new(),
        subject: "canterbury-ra".into(),
        name: "Sam Reid (synthetic RA officer)".into(),
        email: "sam.reid@ra.synthetic.example".into(),
    };
    // A step `days` ago, a little after this time of day (so "within n days" windows
    // measured from now still hold it) but never past that date's midnight: from 22:00
    // UTC the two hours moved every step to the next date, and a request stuck for six
    // working days counted five, not stale.
    let end_of_today = now
        .date_naive()
        .and_hms_opt(23, 59, 59)
        .map_or(now, |t| t.and_utc());
    let base = (now + Duration::hours(2)).min(end_of_today);
    let ago = |days: i64| base - Duration::days(days);
    let mut requests = Vec::new();
    let mut devices = Vec::new();
    for (site, name, state, phone, asked, last) in CARERS {
        let email = format!("{}@{DOMAIN}", name.to_lowercase().replace(' ', "."));
        let id = RequestId::new();
        let done = matches!(state, S::Enrolled | S::LinkSent | S::Rejected);
        requests.push(SynthRequest {
            id,
            person_name: format!("{name} (synthetic)"),
            email: email.clone(),
            domain: DOMAIN.into(),
            ods_code: codes[site].clone(),
            phone_kind: phone,
            state,
            requested_by: lead.id,
            requested_at: ago(asked),
            last_step_at: ago(last),
            completed_by: done.then_some(officer.id),
        });
        if state == S::Enrolled {
            devices.push(SynthDevice {
                request_id: id,
                person_email: email,
                registered_at: ago(last),
                removed_at: None,
            });
        }
    }
    let ids: Vec<String> = requests.iter().map(|r| r.id.to_string()).collect();
    let mut events: Vec<AuditEvent<'_>> = SITES
        .iter()
        .map(|(site, staff, ..)| AuditEvent {
            actor: Some(officer.id),
            action: "organisation.headcount_set",
            subject_type: Subject::Organisation,
            subject_id: Some(codes[site].as_str()),
            subject_org: Some(codes[site].as_str()),
            details: json!({
                "summary": format!("Demo data: headcount of {}: {staff} staff", named(site, codes[site].as_str())),
                "before": null,
                "after": { "staff": staff, "as_of": now.date_naive() },
                "given_as": "ra_officer",
            }),
            occurred_at: now,
        })
        .collect();
    events.extend(requested_events(
        &requests,
        &ids,
        "Demo data: Canterbury rollout",
    ));
    let mut tx = db.begin().await?;
    synthetic::insert_people(&mut tx, &[lead, officer], now).await?;
    for (site, headcount, country, region) in SITES {
        synthetic::describe(
            &mut tx,
            &codes[site],
            OrgKind::CareHomeSite,
            Some(country),
            Some(region),
            Some(headcount),
            now,
        )
        .await?;
    }
    synthetic::insert_requests(&mut tx, &requests).await?;
    synthetic::insert_devices(&mut tx, &devices).await?;
    audit::record_many(&mut tx, &events).await?;
    tx.commit().await?;
    registration::recount_states(db).await?;
    // Written around the repository, so the kept adoption counts are worked out afresh.
    ra_db::repo::adoption::rebuild(db).await?;
    Ok(())
}

//! The demo's story (`RA_DEMO_ROLLOUT`): Canterbury Care Homes six weeks into moving its
//! carers onto Microsoft Authenticator. Most of Canterbury House is enrolled, on personal
//! and business phones; Canterbury Lodge is part-way; Canterbury Court in Scotland
//! started in week four. A few carers are stuck at the identity check, and one request
//! was rejected. Around it, a few hundred synthetic organisations from the generator.
//! Each part runs once per database.

use chrono::{DateTime, Duration, Utc};
use ra_db::{
    Db,
    repo::{
        audit::{self, AuditEvent, Subject},
        registration,
        synthetic::{self, SynthDevice, SynthPerson, SynthRequest},
    },
};
use ra_domain::{
    OdsCode, PersonId, RequestId,
    organisation::{Country, OrgKind},
    registration::{PhoneKind, RequestState as S},
};
use serde_json::json;

use crate::generate::{GenerateError, Report, Scale, generate, requested_events};

/// The seed of the demo's synthetic organisations.
const SEED: u64 = 1;

/// Site, headcount.
const SITES: [(&str, i64); 3] = [("VNC11", 24), ("VNC12", 18), ("VNC13", 16)];

/// One carer: site, name, state, phone, days since the request, days since its last step.
type Carer = (&'static str, &'static str, S, PhoneKind, i64, i64);

const P: PhoneKind = PhoneKind::Personal;
const B: PhoneKind = PhoneKind::Business;

const CARERS: [Carer; 30] = [
    ("VNC11", "Ada Mensah", S::Enrolled, P, 41, 36),
    ("VNC11", "Ben Carter", S::Enrolled, P, 41, 34),
    ("VNC11", "Cara Doyle", S::Enrolled, B, 40, 33),
    ("VNC11", "Dan Ellis", S::Enrolled, P, 37, 29),
    ("VNC11", "Esi Boateng", S::Enrolled, P, 35, 27),
    ("VNC11", "Faye Hall", S::Enrolled, B, 30, 22),
    ("VNC11", "Gus Irwin", S::Enrolled, P, 26, 19),
    ("VNC11", "Hana Jafari", S::Enrolled, B, 21, 14),
    ("VNC11", "Ivy Kent", S::Enrolled, P, 16, 9),
    ("VNC11", "Jon Lowe", S::IdentityVerified, P, 24, 16),
    ("VNC11", "Kai Moss", S::IdentityVerified, P, 22, 15),
    ("VNC11", "Lena Nash", S::LinkSent, B, 9, 2),
    ("VNC11", "Milo Owen", S::Submitted, P, 1, 1),
    ("VNC11", "Nell Price", S::Rejected, P, 28, 26),
    ("VNC12", "Omar Quinn", S::Enrolled, P, 33, 25),
    ("VNC12", "Pia Rossi", S::Enrolled, B, 31, 23),
    ("VNC12", "Rhys Shaw", S::Enrolled, P, 24, 17),
    ("VNC12", "Sana Tahir", S::Enrolled, B, 19, 12),
    ("VNC12", "Tom Upton", S::Enrolled, P, 12, 5),
    ("VNC12", "Uma Vance", S::IdentityVerified, P, 20, 13),
    ("VNC12", "Vic Webb", S::Approved, P, 8, 6),
    ("VNC12", "Wyn Young", S::Approved, B, 6, 4),
    ("VNC12", "Xena Zeller", S::Submitted, P, 3, 3),
    ("VNC12", "Yusuf Ali", S::Submitted, P, 2, 2),
    ("VNC13", "Zara Baird", S::Enrolled, P, 18, 11),
    ("VNC13", "Alan Cowie", S::Enrolled, P, 16, 8),
    ("VNC13", "Beth Duncan", S::IdentityVerified, P, 15, 10),
    ("VNC13", "Calum Fraser", S::MeetingBooked, P, 10, 7),
    ("VNC13", "Dina Gray", S::Submitted, B, 4, 4),
    ("VNC13", "Ewan Hay", S::Submitted, P, 2, 2),
];

const DOMAIN: &str = "canterburycarehomes.example";
/// The synthetic person who raised Canterbury's requests; their presence marks the story
/// as written.
const LEAD: &str = "canterbury-lead";

fn code(c: &str) -> OdsCode {
    OdsCode::parse(c).unwrap_or_else(|_| unreachable!("{c} is an ODS code"))
}

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
    let ago = |days: i64| now - Duration::days(days) + Duration::hours(2);
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
            ods_code: code(site),
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
        .map(|(site, staff)| AuditEvent {
            actor: Some(officer.id),
            action: "organisation.headcount_set",
            subject_type: Subject::Organisation,
            subject_id: Some(site),
            subject_org: Some(site),
            details: json!({
                "summary": format!("Demo data: headcount of {site}: {staff} staff"),
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
    for (site, headcount) in SITES {
        let country = if site == "VNC13" {
            Country::Scotland
        } else {
            Country::England
        };
        let region = if site == "VNC13" {
            "Highland"
        } else {
            "South East"
        };
        synthetic::describe(
            &mut tx,
            &code(site),
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
    Ok(())
}

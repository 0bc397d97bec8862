#![allow(clippy::unwrap_used, reason = "tests")]

use super::*;
use crate::csv_file::Verdict as _;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 12, 2);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

fn code(s: &str) -> OdsCode {
    OdsCode::parse(s).unwrap()
}

fn known(c: &str, parent: Option<&str>, has_sites: bool) -> (OdsCode, Known) {
    (
        code(c),
        Known {
            facts: OrgFacts {
                code: code(c),
                name: format!("Known {c}"),
                kind: OrgKind::CareHomeSite,
                parent: parent.map(code),
                country: Some(Country::England),
                region: Some("South East".into()),
                headcount: Some(GivenHeadcount {
                    staff: 24,
                    as_of: day(2026, 11, 1),
                }),
            },
            has_sites,
        },
    )
}

fn verdicts(csv: &str, known: &HashMap<OdsCode, Known>) -> Vec<OrgVerdict> {
    judge(&read(csv.as_bytes()).expect("readable"), today(), known)
}

const HEADER: &str = "ods_code,name,kind,parent_code,country,region,headcount,headcount_as_of\n";

#[test]
fn every_verdict() {
    let portal: HashMap<OdsCode, Known> = [
        known("VNC11", Some("VNC"), false),
        known("VNC", None, true),
        known("VXS01", Some("VXS"), false),
        known("VXS", None, true),
        known("RX1", None, true),
    ]
    .into_iter()
    .collect();
    let csv = format!(
        "{HEADER}\
        VNC14,Harbour House,care home site,VNC,England,South East,12,2026-11-20\n\
        VNC11,Known VNC11,care_home_site,,,,,\n\
        VNC11,Known VNC11,care_home_site,,,,30,1/12/2026\n\
        vnc12,Seaview,Care home site,VNC,Scotland,,,\n\
        VNX01,Lost,care_home_site,VQQ,,,,\n\
        VNX02,Under a site,care_home_site,VXS01,,,,\n\
        RX1,A trust,trust,VNC,,,,\n\
        ,,pharmacy,VNX,Atlantis,,-3,2099-01-01\n"
    );
    let v = verdicts(&csv, &portal);
    let labels: Vec<&str> = v.iter().map(OrgVerdict::label).collect();
    assert_eq!(
        labels,
        [
            "New",
            "No change",
            "Repeated in file",
            "New",
            "Unknown group",
            "Group is a site",
            "Has sites",
            "Invalid"
        ]
    );
    let OrgVerdict::New(harbour) = &v[0] else {
        unreachable!()
    };
    assert_eq!(harbour.parent, Some(code("VNC")));
    assert_eq!(
        harbour.headcount,
        Some(GivenHeadcount {
            staff: 12,
            as_of: day(2026, 11, 20)
        })
    );
    assert_eq!(v[2].explain(), "The same ODS code is on line 3");
    assert_eq!(
        v[4].explain(),
        "The group VQQ is not in the portal or in this file"
    );
    let OrgVerdict::Invalid(problems) = &v[7] else {
        unreachable!()
    };
    let text = problems.join("\n");
    for m in [
        "ods_code: Enter an ODS code",
        "name: Enter the organisation's name",
        "country: Use England",
        "headcount: The number of staff must be a whole number",
        "headcount_as_of: The date must be today or in the past",
    ] {
        assert!(text.contains(m), "{m} in {text}");
    }
    let committable = v.iter().filter(|v| v.is_new()).count();
    assert_eq!(committable, 3, "new, unchanged and new");
}

#[test]
fn blank_cells_keep_what_the_portal_knows_and_changes_are_named() {
    let portal: HashMap<OdsCode, Known> =
        [known("VNC11", Some("VNC"), false), known("VNC", None, true)]
            .into_iter()
            .collect();
    let csv = format!("{HEADER}VNC11,Canterbury Court,care_home_site,,,Kent,30,1/12/2026\n");
    let v = verdicts(&csv, &portal);
    let OrgVerdict::Update {
        before,
        after,
        changed,
    } = &v[0]
    else {
        panic!("{v:?}")
    };
    assert_eq!(changed, &[Field::Name, Field::Region, Field::Headcount]);
    assert_eq!(
        after.parent,
        Some(code("VNC")),
        "blank parent keeps the group"
    );
    assert_eq!(before.name, "Known VNC11");
    assert_eq!(after.country, Some(Country::England));
    assert_eq!(
        after.headcount,
        Some(GivenHeadcount {
            staff: 30,
            as_of: day(2026, 12, 1)
        })
    );
    assert_eq!(
        v[0].explain(),
        "Will change the name, region, headcount of VNC11"
    );
}

#[test]
fn a_group_and_its_sites_can_arrive_in_one_file_in_any_order() {
    let csv = format!(
        "{HEADER}\
        VAB01,Ash Lodge,care_home_site,VAB,Wales,,9,\n\
        VAB,Ash Care,care_provider,,Wales,,,\n"
    );
    let v = verdicts(&csv, &HashMap::new());
    assert!(matches!(&v[0], OrgVerdict::New(o) if o.headcount.map(|h| h.as_of) == Some(today())));
    assert!(matches!(&v[1], OrgVerdict::New(o) if o.kind == OrgKind::CareProvider));
    // A group cannot itself be a site of a group, in the file or in the portal.
    let csv = format!(
        "{HEADER}VAB,Ash Care,care_provider,VZZ,,,,\nVZZ,Zed,other,,,,,\nVAB01,Ash,care_home_site,VAB,,,,\n"
    );
    let labels: Vec<&str> = verdicts(&csv, &HashMap::new())
        .iter()
        .map(OrgVerdict::label)
        .collect();
    assert_eq!(labels, ["Has sites", "New", "Group is a site"]);
    let csv = format!("{HEADER}VAB,Ash Care,care_provider,VAB,,,,\n");
    assert!(
        matches!(&verdicts(&csv, &HashMap::new())[0], OrgVerdict::Invalid(p) if p[0].contains("its own group"))
    );
}

#[test]
fn only_the_code_name_and_kind_are_required() {
    let rows = read(b"Kind,ODS Code,Name\nGP practice,A81001,The Surgery\n").unwrap();
    let v = judge(&rows, today(), &HashMap::new());
    let OrgVerdict::New(o) = &v[0] else {
        panic!("{v:?}")
    };
    assert_eq!(
        (o.kind, o.parent.as_ref(), o.headcount),
        (OrgKind::GpPractice, None, None)
    );
    assert_eq!(
        read(b"ods_code,name\nA81001,x\n"),
        Err(FileError::MissingColumns(vec!["kind".into()]))
    );
    // A date with no headcount is a mistake, not ignored.
    let csv = format!("{HEADER}A81001,The Surgery,gp_practice,,,,,2026-11-01\n");
    assert!(
        matches!(&verdicts(&csv, &HashMap::new())[0], OrgVerdict::Invalid(p) if p[0].starts_with("headcount_as_of"))
    );
}

#[test]
fn a_file_updates_a_local_code_the_portal_gave_but_cannot_invent_one() {
    let portal: HashMap<OdsCode, Known> = [
        known("LOC-00001", Some("VNC"), false),
        known("VNC", None, true),
    ]
    .into_iter()
    .collect();
    let csv = format!(
        "{HEADER}\
        loc-00001,Known LOC-00001,care_home_site,,,,30,\n\
        LOC-00002,Invented,care_home_site,VNC,,,,\n\
        VNX03,Under a local group,care_home_site,LOC-00009,,,,\n"
    );
    let v = verdicts(&csv, &portal);
    let labels: Vec<&str> = v.iter().map(OrgVerdict::label).collect();
    assert_eq!(labels, ["Update", "Invalid", "Unknown group"]);
    assert!(
        v[1].explain()
            .contains("The portal has given no organisation LOC-00002"),
        "{}",
        v[1].explain()
    );
}

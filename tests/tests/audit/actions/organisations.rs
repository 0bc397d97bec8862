//! Organisations: the demo's, recorded as the portal starts; a headcount given; a CSV
//! that adds one and changes another.

use ra_portal_tests::journey::upload_import;

use super::*;

// The portal started with demo data: each of its organisations is an entry made by no
// request and no one.
pub async fn demo_data_at_start(_: &mut Ctx) -> Vec<Expect> {
    [
        ("RX1", "Northshire Integrated Care Board"),
        ("Y99", "Northshire Audit Services"),
        ("VMB01", "Meadowbank Care Home"),
        ("VNC01", "Canterbury Care Homes"),
        ("VNC11", "Canterbury House"),
        ("VNC12", "Canterbury Lodge"),
        ("LOC-00001", "Canterbury Court"),
    ]
    .into_iter()
    .map(|(code, name)| {
        expect("organisation_created", "organisation")
            .id(code)
            .org(code)
            .housekeeping()
            .with(json!({ "ods_code": code, "name": name }))
    })
    .collect()
}

fn yesterday() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive() - chrono::Duration::days(1)
}

pub async fn headcount(cx: &mut Ctx) -> Vec<Expect> {
    let day = yesterday();
    let (d, m, y) = (
        day.format("%-d").to_string(),
        day.format("%-m").to_string(),
        day.format("%Y").to_string(),
    );
    let (code, body) = cx
        .tom
        .call(
            "organisation/headcount",
            &[
                ("ods_code", "VMB01"),
                ("headcount", "40"),
                ("as_of_day", &d),
                ("as_of_month", &m),
                ("as_of_year", &y),
            ],
        )
        .await;
    assert_eq!(code, 200, "{body}");
    vec![
        expect("organisation.headcount_set", "organisation")
            .id("VMB01")
            .by(TOM)
            .org("VMB01")
            .with(json!({
                "before": null,
                "after": { "staff": 40, "as_of": day },
                "given_as": "manager",
            })),
    ]
}

// A new provider with its headcount, and Meadowbank's region: one entry a change, and
// the headcount's as every headcount is recorded.
pub async fn csv_import(cx: &mut Ctx) -> Vec<Expect> {
    let day = yesterday();
    let csv = format!(
        "ods_code,name,kind,parent_code,country,region,headcount,headcount_as_of\n\
         VAB,Ash Care,care_provider,,Wales,,12,{day}\n\
         VMB01,Meadowbank Care Home,care home site,,England,Lancashire and South Cumbria,,\n"
    );
    let import = upload_import(&cx.rachel, "/organisations/import", csv.into_bytes()).await;
    let (code, body) = cx
        .rachel
        .call("organisation/import/commit", &[("id", &import)])
        .await;
    assert_eq!((code, body), (200, json!(2)));
    let about = |action, code| expect(action, "organisation").id(code).by(RACHEL).org(code);
    vec![
        expect("organisation.import_uploaded", "import")
            .id(&import)
            .by(RACHEL)
            .with(json!({ "file_name": "rows.csv", "rows": 2 })),
        about("organisation.imported", "VAB").with(json!({
            "before": null,
            "from": { "import": import, "line": 2 },
        })),
        about("organisation.headcount_set", "VAB").with(json!({
            "before": null,
            "after": { "staff": 12, "as_of": day },
            "given_as": "ra_officer",
        })),
        about("organisation.updated", "VMB01").with(json!({
            "changed": ["Region"],
            "before": { "region": "North West" },
            "after": { "region": "Lancashire and South Cumbria" },
            "from": { "import": import, "line": 3 },
        })),
    ]
}

// Without demo data, a first sign-in is how the portal learns of the person's
// organisation: a record made by them, after their sign-in's entry, in the same request.
// Signing in again finds it known.
both!(
    a_sign_in_records_an_organisation_new_to_the_portal,
    |backend: Backend| async move {
        let portal = TestPortal::start_with(
            backend,
            ra_portal_tests::PortalOptions {
                extra_env: vec![("RA_DEMO_DATA".into(), "false".into())],
                ..Default::default()
            },
        )
        .await;
        assert_eq!(head(&portal).await, 0, "no demo data");
        portal.signed_in("ra.manager").await;
        portal.signed_in("ra.manager").await;
        // Renamed in the portal meanwhile: the next sign-in takes CIS2's name, and says so.
        portal
            .exec(
                "UPDATE organisations SET name = $1 WHERE ods_code = 'RX1'",
                "Northshire ICB",
            )
            .await;
        portal.signed_in("ra.manager").await;
        let signed_in = || expect("signed_in", "person").by(RACHEL);
        let expected = [
            signed_in(),
            expect("organisation_created", "organisation")
                .id("RX1")
                .by(RACHEL)
                .org("RX1")
                .with(json!({ "name": "Northshire Integrated Care Board" })),
            signed_in(),
            signed_in(),
            expect("organisation.updated", "organisation")
                .id("RX1")
                .by(RACHEL)
                .org("RX1")
                .with(json!({
                    "before": { "name": "Northshire ICB" },
                    "after": { "name": "Northshire Integrated Care Board" },
                })),
        ];
        check(
            "first sign-ins",
            &expected,
            &entries_after(&portal, 0).await,
        );
    }
);

// An RA officer records a Scottish home ODS does not list under Ash Care (the import's
// new provider), then moves it out of the group.
pub async fn recorded_and_moved(cx: &mut Ctx) -> Vec<Expect> {
    let (code, added) = cx
        .rachel
        .call(
            "organisation/add",
            &[
                ("name", "Ash Brae"),
                ("kind", "care_home_site"),
                ("country", "scotland"),
                ("region", ""),
                ("ods_code", ""),
                ("group", "VAB"),
            ],
        )
        .await;
    assert_eq!(code, 200, "{added}");
    let site = added["ods_code"].as_str().unwrap().to_owned();
    assert!(site.starts_with("LOC-"), "{added}");
    let (code, body) = cx
        .rachel
        .call("organisation/move", &[("ods_code", &site), ("group", "")])
        .await;
    assert_eq!(code, 200, "{body}");
    let about = |action| {
        expect(action, "organisation")
            .id(&site)
            .by(RACHEL)
            .org(&site)
    };
    vec![
        about("organisation.added").with(json!({ "before": null })),
        about("organisation.moved").with(json!({
            "before": { "group": { "ods_code": "VAB", "name": "Ash Care" } },
            "after": { "group": null },
        })),
    ]
}

use super::*;
use ra_domain::OdsCode;

const HEADER: &str = "ods_code,name,kind,parent_code,country,region,headcount,headcount_as_of\n";

/// Uploads an organisations CSV and returns its import id from the preview redirect.
async fn upload(b: &Browser, csv: &str) -> String {
    let (code, location) = b
        .upload(
            "/organisations/import/upload",
            "orgs.csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(code, 303, "{location}");
    location
        .strip_prefix("/organisations/import/")
        .unwrap_or_else(|| panic!("preview redirect, got {location}"))
        .to_owned()
}

async fn org(
    portal: &TestPortal,
    code: &str,
) -> Option<ra_db::repo::organisations::OrganisationRow> {
    let code = OdsCode::parse(code).unwrap();
    ra_db::repo::organisations::find_by_code(portal.db(), &code)
        .await
        .unwrap()
}

both!(
    an_organisation_csv_adds_and_updates_all_rows_or_none,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        assert_eq!(give(&tom, "VMB01", "40", NOV_1).await.0, 200);
        let meadowbank = org(&portal, "VMB01").await.unwrap();

        // One row names a group nobody knows: the preview says so and nothing is kept.
        let bad = upload(
            &sam,
            &format!(
                "{HEADER}VAB,Ash Care,care_provider,,Wales,,,\nVQ901,Lost,care_home_site,VQQ,,,,\n"
            ),
        )
        .await;
        let (code, preview) = sam
            .call("organisation/import/preview", &[("id", &bad)])
            .await;
        assert_eq!(code, 200, "{preview}");
        assert_eq!(preview["rows"][1]["verdict"], "Unknown group");
        assert_eq!(preview["new_count"], 1);
        let (code, body) = sam
            .call("organisation/import/commit", &[("id", &bad)])
            .await;
        assert_eq!(code, 409, "{body}");
        assert!(
            body["Conflict"].as_str().unwrap().contains("line 3"),
            "{body}"
        );
        assert!(
            org(&portal, "VAB01").await.is_none(),
            "nothing of the file is kept"
        );

        // A site before its group, a new group, and Meadowbank's region: its
        // blank headcount keeps the manager's 40.
        let good = upload(
            &sam,
            &format!(
                "{HEADER}\
                 VAB01,Ash Lodge,care_home_site,VAB,Wales,,9,2026-11-20\n\
                 VAB,Ash Care,care_provider,,Wales,,,\n\
                 VMB01,{},care home site,,England,Lancashire and South Cumbria,,\n",
                meadowbank.name
            ),
        )
        .await;
        let (_, preview) = sam
            .call("organisation/import/preview", &[("id", &good)])
            .await;
        let verdicts: Vec<&str> = preview["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["verdict"].as_str().unwrap())
            .collect();
        assert_eq!(verdicts, ["New", "New", "Update"]);
        assert_eq!(
            preview["rows"][2]["explanation"],
            "Will change the region of VMB01"
        );
        // Only the officer who uploaded it previews or commits it; managers neither.
        let other = portal.signed_in("ra.manager").await;
        for (who, b, status) in [("other officer", &other, 404), ("manager", &tom, 403)] {
            for f in ["organisation/import/preview", "organisation/import/commit"] {
                assert_eq!(b.call(f, &[("id", &good)]).await.0, status, "{who} {f}");
            }
        }
        let (code, body) = sam
            .call("organisation/import/commit", &[("id", &good)])
            .await;
        assert_eq!((code, &body), (200, &json!(3)));
        assert_eq!(
            sam.call("organisation/import/commit", &[("id", &good)])
                .await
                .0,
            409
        );

        let (ash, site) = (
            org(&portal, "VAB").await.unwrap(),
            org(&portal, "VAB01").await.unwrap(),
        );
        assert_eq!(site.parent_id, Some(ash.id));
        assert_eq!(
            (site.headcount, site.headcount_as_of.map(|d| d.to_string())),
            (Some(9), Some("2026-11-20".into()))
        );
        let (_, record) = sam.call("organisation/get", &[("ods_code", "VAB01")]).await;
        assert_eq!(record["kind"], "Care home site");
        assert_eq!(record["country"], "Wales");
        assert_eq!(record["headcount"]["given_by"], "an RA officer");
        let after = org(&portal, "VMB01").await.unwrap();
        assert_eq!(
            (after.headcount, after.kind.as_str()),
            (Some(40), "care_home_site")
        );

        // Every change is audited, with what it replaced.
        let updated = audited(&portal, "organisation.updated", "VMB01").await;
        assert_eq!(updated.len(), 1);
        assert_eq!(updated[0]["changed"], json!(["Region"]));
        assert_eq!(updated[0]["before"]["region"], "North West");
        assert_eq!(
            updated[0]["after"]["region"],
            "Lancashire and South Cumbria"
        );
        assert_eq!(updated[0]["from"]["line"], 4);
        assert_eq!(
            audited(&portal, "organisation.imported", "VAB").await.len(),
            1
        );
        let headcount = audited(&portal, "organisation.headcount_set", "VAB01").await;
        assert_eq!(headcount.len(), 1);
        assert_eq!(
            (
                headcount[0]["given_as"].as_str(),
                headcount[0]["after"]["staff"].as_i64()
            ),
            (Some("ra_officer"), Some(9))
        );
        assert_eq!(
            audited(&portal, "organisation.headcount_set", "VMB01")
                .await
                .len(),
            1,
            "the manager's only"
        );

        // The same file again changes nothing; signing in keeps what the import set.
        let again = upload(
            &sam,
            &format!("{HEADER}VAB,Ash Care,care_provider,,Wales,,,\n"),
        )
        .await;
        let (_, preview) = sam
            .call("organisation/import/preview", &[("id", &again)])
            .await;
        assert_eq!(preview["rows"][0]["verdict"], "No change");
        assert_eq!(
            sam.call("organisation/import/commit", &[("id", &again)])
                .await,
            (200, json!(0))
        );
        portal.signed_in("manager.meadowbank").await;
        let after = org(&portal, "VMB01").await.unwrap();
        assert_eq!(
            (after.kind.as_str(), after.region.as_deref()),
            ("care_home_site", Some("Lancashire and South Cumbria"))
        );
    }
);

// Two files adding the same organisation, committed at once. Each commit is whole or
// nothing; one file committed twice at once is written once; the organisation both add
// exists once and is added once (a file that finds it there already leaves it as it is,
// so a second file may commit after the first: importing again is allowed).
both!(
    imports_committed_at_once_are_each_whole_or_nothing,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let first = upload(
            &sam,
            &format!(
                "{HEADER}VCC01,Cedar,care_home_site,,,,,\nVCC02,Cedar Two,care_home_site,,,,,\n"
            ),
        )
        .await;
        let second = upload(
            &sam,
            &format!(
                "{HEADER}VCC03,Cedar Three,care_home_site,,,,,\nVCC01,Cedar,care_home_site,,,,,\n"
            ),
        )
        .await;
        let mut tasks = tokio::task::JoinSet::new();
        for (file, id) in [(1, first.clone()), (2, second.clone()), (1, first.clone())] {
            let sam = sam.clone();
            tasks.spawn(async move {
                (
                    file,
                    sam.call("organisation/import/commit", &[("id", &id)]).await,
                )
            });
        }
        let answers = tasks.join_all().await;
        assert!(
            answers.iter().all(|(_, (c, _))| [200, 409].contains(c)),
            "{answers:?}"
        );
        let won = |file: i32| {
            answers
                .iter()
                .filter(|(f, (c, _))| *f == file && *c == 200)
                .count()
        };
        assert!(won(1) <= 1, "a file is committed once: {answers:?}");
        assert!(
            won(1) + won(2) >= 1,
            "one commit at least wins: {answers:?}"
        );
        let mut kept = Vec::new();
        for code in ["VCC01", "VCC02", "VCC03"] {
            kept.push(org(&portal, code).await.is_some());
        }
        assert_eq!(
            kept,
            [true, won(1) == 1, won(2) == 1],
            "each file's rows are all there or none: {answers:?}"
        );
        assert_eq!(
            audited(&portal, "organisation.imported", "VCC01")
                .await
                .len(),
            1,
            "added once"
        );
    }
);

//! Groups an RA officer defines, sites recorded with a portal-local code, and sites moved
//! between groups: each change audited with what it replaced, refused for anyone but RA
//! officers, never undone by a sign-in; local codes never shared, even when given at
//! once.

use super::*;

async fn add(b: &Browser, fields: &[(&str, &str)]) -> (u16, Value) {
    b.call("organisation/add", fields).await
}

async fn move_site(b: &Browser, site: &str, group: &str) -> (u16, Value) {
    b.call("organisation/move", &[("ods_code", site), ("group", group)])
        .await
}

both!(
    an_officer_defines_a_group_and_records_a_site_with_a_portal_code,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;

        // The demo's Scottish home already holds the first local code, under its group.
        let (code, court) = sam
            .call("organisation/get", &[("ods_code", "LOC-00001")])
            .await;
        assert_eq!(code, 200, "{court}");
        assert_eq!(
            (&court["name"], &court["local_code"], &court["group"]),
            (
                &json!("Canterbury Court"),
                &json!(true),
                &json!("Canterbury Care Homes (VNC01)")
            )
        );

        let (code, group) = add(
            &sam,
            &[
                ("name", "Highland Homes"),
                ("kind", "care_provider"),
                ("country", "scotland"),
                ("region", "Highland"),
                ("ods_code", ""),
                ("group", ""),
            ],
        )
        .await;
        assert_eq!(code, 200, "{group}");
        assert_eq!(
            group,
            json!({ "ods_code": "LOC-00002", "name": "Highland Homes", "local_code": true, "group": null })
        );
        let (code, site) = add(
            &sam,
            &[
                ("name", "Glen Court"),
                ("kind", "care_home_site"),
                ("group", "loc-00002"),
            ],
        )
        .await;
        assert_eq!(code, 200, "{site}");
        assert_eq!(site["ods_code"], "LOC-00003");
        assert_eq!(site["group"], "Highland Homes (LOC-00002, portal code)");
        // With an ODS code, it keeps it.
        let (code, ods_site) = add(
            &sam,
            &[
                ("name", "Harbour House"),
                ("kind", "care_home_site"),
                ("ods_code", "vxh01"),
                ("group", "VNC01"),
            ],
        )
        .await;
        assert_eq!((code, &ods_site["local_code"]), (200, &json!(false)));

        // What each addition was, audited.
        let events = audited(&portal, "organisation.added", "LOC-00003").await;
        assert_eq!(events.len(), 1);
        assert_eq!(events[0]["before"], Value::Null);
        assert_eq!(
            events[0]["after"],
            json!({
                "ods_code": "LOC-00003", "local_code": true, "name": "Glen Court",
                "kind": "care_home_site", "country": null, "region": null, "group": "LOC-00002",
            })
        );
        assert_eq!(
            events[0]["summary"],
            "Added Glen Court (LOC-00003, portal code) to Highland Homes (LOC-00002, portal code)"
        );

        // Refused, each with its reason on its field, and nothing written.
        let before = portal.fingerprint().await;
        for (fields, field, message) in [
            (
                vec![
                    ("name", "X"),
                    ("kind", "care_home_site"),
                    ("ods_code", "LOC-00009"),
                ],
                "ods_code",
                "Leave the ODS code blank",
            ),
            (
                vec![
                    ("name", "X"),
                    ("kind", "care_home_site"),
                    ("ods_code", "VNC11"),
                ],
                "ods_code",
                "The portal already knows VNC11",
            ),
            (
                vec![
                    ("name", "X"),
                    ("kind", "care_home_site"),
                    ("group", "VNC11"),
                ],
                "group",
                "is a site of VNC01, and groups are one level",
            ),
            (
                vec![
                    ("name", "X"),
                    ("kind", "care_home_site"),
                    ("group", "LOC-00077"),
                ],
                "group",
                "The portal knows no organisation LOC-00077",
            ),
            (
                vec![("name", " "), ("kind", "castle")],
                "name",
                "Enter the organisation's name",
            ),
        ] {
            let (code, body) = add(&sam, &fields).await;
            assert_eq!(code, 422, "{fields:?}: {body}");
            let shown = body["Invalid"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["field"] == field)
                .unwrap_or_else(|| panic!("{field} in {body}"));
            assert!(
                shown["message"].as_str().unwrap().contains(message),
                "{body}"
            );
        }
        assert!(
            portal.fingerprint().await.changes_from(&before).is_empty(),
            "a refused addition writes nothing, nor uses up a local code"
        );
        let (code, next) = add(&sam, &[("name", "Next"), ("kind", "other")]).await;
        assert_eq!((code, &next["ods_code"]), (200, &json!("LOC-00004")));

        // Only RA officers.
        for who in ["manager.group", "auditor"] {
            let b = portal.signed_in(who).await;
            assert_eq!(
                add(&b, &[("name", "Y"), ("kind", "other")]).await.0,
                403,
                "{who}"
            );
            assert_eq!(move_site(&b, "LOC-00003", "VNC01").await.0, 403, "{who}");
        }
    }
);

both!(
    a_site_moves_between_groups_and_a_sign_in_does_not_move_it_back,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let priya = portal.signed_in("manager.group").await;
        let highland = portal.organisation("Highland Homes").create().await;
        let highland = highland.as_str();
        // Priya manages Canterbury Care Homes, and so its Scottish home, until it moves.
        let (code, _) = priya
            .call("adoption/organisation", &[("ods_code", "LOC-00001")])
            .await;
        assert_eq!(code, 200);

        let (code, moved) = move_site(&sam, "loc-00001", highland).await;
        assert_eq!(code, 200, "{moved}");
        assert_eq!(moved["group_code"], highland);
        let events = audited(&portal, "organisation.moved", "LOC-00001").await;
        assert_eq!(events.len(), 1);
        assert_eq!(
            events[0]["before"],
            json!({ "group": { "ods_code": "VNC01", "name": "Canterbury Care Homes" } })
        );
        assert_eq!(
            events[0]["after"],
            json!({ "group": { "ods_code": highland, "name": "Highland Homes" } })
        );
        let (code, _) = priya
            .call("adoption/organisation", &[("ods_code", "LOC-00001")])
            .await;
        assert_eq!(code, 404, "the old group's manager no longer sees it");

        // Signing in again (Priya's CIS2 organisations include the old group) keeps it
        // where the RA put it.
        let again = portal.signed_in("manager.group").await;
        let (_, mine) = again.call("organisation/mine", &[]).await;
        let sites: Vec<&str> = mine[0]["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["ods_code"].as_str().unwrap())
            .collect();
        assert_eq!(sites, ["VNC11", "VNC12"], "{mine}");
        let (_, court) = sam
            .call("organisation/get", &[("ods_code", "LOC-00001")])
            .await;
        assert_eq!(court["group_code"], highland);

        // Refused moves, each saying why; nothing changes.
        let before = portal.fingerprint().await;
        for (site, group, message) in [
            ("LOC-00001", highland, "is already in Highland Homes"),
            ("VNC01", highland, "has sites of its own"),
            ("VMB01", "VNC11", "is a site of VNC01"),
            (
                "VMB01",
                "LOC-00077",
                "The portal knows no organisation LOC-00077",
            ),
            ("VMB01", "", "is not in a group"),
            ("VMB01", "VMB01", "cannot be its own group"),
            ("VMB01", "V-1", "Enter the group's code"),
        ] {
            let (code, body) = move_site(&sam, site, group).await;
            assert_eq!(code, 422, "{site} → {group}: {body}");
            assert!(body.to_string().contains(message), "{message} in {body}");
        }
        assert_eq!(move_site(&sam, "ZZZ99", "VNC01").await.0, 404);
        assert!(portal.fingerprint().await.changes_from(&before).is_empty());

        // Out of its group, and back in.
        let (code, out) = move_site(&sam, "LOC-00001", "").await;
        assert_eq!((code, &out["group"]), (200, &Value::Null));
        let (code, back) = move_site(&sam, "LOC-00001", "VNC01").await;
        assert_eq!(
            (code, &back["group"]),
            (200, &json!("Canterbury Care Homes (VNC01)"))
        );
        assert_eq!(
            audited(&portal, "organisation.moved", "LOC-00001")
                .await
                .len(),
            3
        );
    }
);

// Officers adding organisations at once each get a code of their own: the counter row
// queues them on either database.
both!(
    local_codes_given_at_once_are_never_shared,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..8 {
            let sam = sam.clone();
            tasks.spawn(async move {
                let name = format!("Home {n}");
                add(
                    &sam,
                    &[
                        ("name", &name),
                        ("kind", "care_home_site"),
                        ("group", "VNC01"),
                    ],
                )
                .await
            });
        }
        let mut codes: Vec<String> = tasks
            .join_all()
            .await
            .into_iter()
            .map(|(status, body)| {
                assert_eq!(status, 200, "{body}");
                body["ods_code"].as_str().unwrap().to_owned()
            })
            .collect();
        codes.sort();
        let expected: Vec<String> = (2..=9).map(|n| format!("LOC-{n:05}")).collect();
        assert_eq!(codes, expected);
    }
);

//! The demo's rollout (`RA_DEMO_ROLLOUT`) through the portal's own start-up: Canterbury's
//! three homes six weeks in, figures worked out from the story's table by hand, a few
//! hundred synthetic organisations around them, and a restart that adds nothing.

use ra_portal_tests::{Backend, PortalOptions, TestDb, TestPortal, both};
use serde_json::{Value, json};

fn rollout() -> PortalOptions {
    PortalOptions {
        extra_env: vec![("RA_DEMO_ROLLOUT".into(), "true".into())],
        ..PortalOptions::default()
    }
}

/// A site's figures that the story fixes: (requested, registered, open by stage, stale,
/// rejected, personal, business, not started).
fn story(f: &Value) -> Value {
    json!([
        f["requested"],
        f["registered"],
        f["open_by_stage"],
        f["stale"],
        f["rejected"],
        f["personal_phones"],
        f["business_phones"],
        f["not_started"]
    ])
}

both!(
    canterbury_is_six_weeks_into_its_rollout_among_synthetic_organisations,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let portal = TestPortal::start_on(&db, rollout()).await;
        let sam = portal.signed_in("ra.agent").await;
        let (code, group) = sam
            .call("adoption/organisation", &[("ods_code", "VNC01")])
            .await;
        assert_eq!(code, 200, "{group}");
        let sites: Vec<(String, Value)> = group["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["key"].as_str().unwrap().to_owned(), story(&s["figures"])))
            .collect();
        assert_eq!(
            sites,
            vec![
                // By name. Court (Scotland, so a portal code; from week four): 2 enrolled,
                // a meeting booked, 1 at the check, 2 new; 16 staff.
                (
                    "LOC-00001".into(),
                    json!([6, 2, [2, 1, 1, 0], 1, 0, 2, 0, 10])
                ),
                // House: 9 enrolled (6 personal, 3 business), 2 stuck at the identity check
                // for over two weeks (stale), a link out, one new, one rejected; 24 staff.
                ("VNC11".into(), json!([14, 9, [1, 0, 2, 1], 2, 1, 6, 3, 10])),
                // Lodge: 5 enrolled, 1 stuck at the check, 2 approved, 2 new; 18 staff.
                ("VNC12".into(), json!([10, 5, [2, 2, 1, 0], 1, 0, 3, 2, 8])),
            ]
        );
        assert_eq!(group["figures"]["registered"], 16);
        assert_eq!(group["sites"][0]["country"], "Scotland");
        assert_eq!(group["sites"][0]["local_code"], true);

        // The organisations around them are synthetic, and there are a few hundred.
        let (_, all) = sam.call("adoption/overview", &[("q", "(synthetic)")]).await;
        let n = all["matched"].as_u64().unwrap();
        assert!((300..1000).contains(&n), "{n} synthetic organisations");
        // Every synthetic site is under its group.
        let orphans = portal
            .count(
                "SELECT COUNT(*) FROM organisations WHERE kind IN ('care_home_site', 'trust_site') \
                 AND name LIKE '%(synthetic)' AND parent_id IS NULL",
            )
            .await;
        assert_eq!(orphans, 0, "synthetic sites without their group");
        let sites = portal
            .count(
                "SELECT COUNT(*) FROM organisations s JOIN organisations g ON g.id = s.parent_id \
                 WHERE s.name LIKE '%(synthetic)'",
            )
            .await;
        assert!(sites > 200, "{sites} synthetic sites in groups");
        // Each generated request is audited as the portal audits a raised request.
        let audited = portal
            .count("SELECT COUNT(*) FROM audit_events WHERE action = 'registration.submitted'")
            .await;
        assert_eq!(
            audited,
            portal
                .count("SELECT COUNT(*) FROM registration_requests")
                .await
        );
        let before = portal
            .count("SELECT COUNT(*) FROM registration_requests")
            .await;
        assert!(before > 2_000, "{before} requests");

        // A restart on the same database writes nothing twice.
        let again = TestPortal::start_on(&db, rollout()).await;
        assert_eq!(
            again
                .count("SELECT COUNT(*) FROM registration_requests")
                .await,
            before
        );
    }
);

//! The adoption roll-ups by group follow a site when an RA officer moves it: its
//! requests count under its new group from the move on, on every view and in the CSV.

use super::*;

/// The `view=groups` row keyed `key`: (requested, in progress, organisations).
fn group_row(page: &Value, key: &str) -> Option<(u64, u64, String)> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .map(|r| {
            (
                r["figures"]["requested"].as_u64().unwrap(),
                r["figures"]["in_progress"].as_u64().unwrap(),
                r["detail"].as_str().unwrap().to_owned(),
            )
        })
}

both!(
    a_site_moved_between_groups_counts_under_its_new_group,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let highland = portal.organisation("Highland Homes").create().await;
        let highland = highland.as_str().to_owned();
        // Three open requests at Canterbury Court (LOC-00001), one at Canterbury House.
        for _ in 0..3 {
            portal.request("LOC-00001").create().await;
        }
        portal.request("VNC11").create().await;
        let groups = || {
            sam.call(
                "adoption/overview",
                &[("view", "groups"), ("q", "canterbury")],
            )
        };

        let (code, before) = groups().await;
        assert_eq!(code, 200, "{before}");
        assert_eq!(
            group_row(&before, "VNC01"),
            Some((4, 4, "4 organisations".into())),
            "the group, its two English homes and the Scottish one: {before}"
        );

        let (code, body) = sam
            .call(
                "organisation/move",
                &[("ods_code", "LOC-00001"), ("group", &highland)],
            )
            .await;
        assert_eq!(code, 200, "{body}");

        let (_, after) = groups().await;
        assert_eq!(
            group_row(&after, "VNC01"),
            Some((1, 1, "3 organisations".into()))
        );
        let (_, mine) = sam
            .call(
                "adoption/overview",
                &[("view", "groups"), ("group", &highland)],
            )
            .await;
        let row = group_row(&mine, &highland).expect("the new group's row");
        assert_eq!(row, (3, 3, "2 organisations".into()), "{mine}");
        assert_eq!(
            mine["rows"][0]["local_code"], true,
            "a group with a portal code"
        );

        // The new group's page holds the site side by side; the old one's no longer does.
        let (_, page) = sam
            .call("adoption/organisation", &[("ods_code", &highland)])
            .await;
        let sites: Vec<&str> = page["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["key"].as_str().unwrap())
            .collect();
        assert_eq!(sites, ["LOC-00001"]);
        assert_eq!(page["figures"]["requested"], 3);
        let (_, old) = sam
            .call("adoption/organisation", &[("ods_code", "VNC01")])
            .await;
        assert_eq!(old["figures"]["requested"], 1);
        let (_, court) = sam
            .call("adoption/organisation", &[("ods_code", "LOC-00001")])
            .await;
        assert_eq!(court["group"], "Highland Homes (LOC-00002, portal code)");

        // The CSV rolls up the same way, and says which codes are the portal's own.
        let res = sam
            .get_raw(&sam.url(&format!(
                "/api/adoption/export.csv?view=groups&group={highland}"
            )))
            .await;
        let csv = res.text().await.unwrap();
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{highland},")))
            .expect(&csv);
        assert!(
            line.starts_with(&format!(
                "{highland},Highland Homes,2 organisations,,,,no,yes,,3,0,3,"
            )),
            "{line}"
        );
        assert!(
            csv.lines()
                .next()
                .unwrap()
                .contains(",closed,portal_code,headcount,")
        );
    }
);

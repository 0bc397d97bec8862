//! Access reviews (issue 12), on SQLite and PostgreSQL: an overdue review is flagged on
//! RA officers' home; only an RA manager starts one (once, however many try at once) and
//! decides; withdrawing ends the manager's access and sessions in the same change; the
//! last decision completes the review; auditors read every decision; all of it is audited.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::{Backend, Browser, TestPortal, both, builders::ORG_E};
use serde_json::Value;

async fn review(b: &Browser) -> Value {
    let (code, page) = b.call("access-review/get", &[]).await;
    assert_eq!(code, 200, "{page}");
    page
}

/// What waits on the RA home for the overdue review.
async fn to_certify(officer: &Browser) -> i64 {
    let (code, work) = officer.call("work/ra", &[]).await;
    assert_eq!(code, 200, "{work}");
    work.as_array()
        .unwrap()
        .iter()
        .find(|w| w[0] == "AccessReviewOverdue")
        .map(|w| w[1].as_i64().unwrap())
        .expect("the access review is on the RA home")
}

/// Actions recorded after chain position `after`, oldest first, but refusals.
async fn actions_after(portal: &TestPortal, after: i64) -> Vec<String> {
    let q = ra_db::repo::audit::search::AuditQuery {
        limit: 1000,
        ..Default::default()
    };
    let page = ra_db::repo::audit::search::search(portal.db(), &q)
        .await
        .unwrap();
    let mut out: Vec<String> = page
        .entries
        .into_iter()
        .filter(|e| e.position > after && e.action != "access.refused")
        .map(|e| e.action)
        .collect();
    out.reverse();
    out
}

both!(
    an_ra_manager_certifies_each_access_and_auditors_see_it,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let stays = portal
            .email_link_manager(ORG_E, "oaklodge-care.org.uk")
            .await;
        let leaves = portal
            .email_link_manager(ORG_E, "oaklodge-care.org.uk")
            .await;
        let rachel = portal.signed_in("ra.manager").await;
        let sam = portal.signed_in("ra.agent").await;
        let grace = portal.signed_in("auditor").await;
        // Approved long ago and never reviewed: overdue, and the RA home says so.
        portal
            .exec_at(
                "UPDATE manager_access SET decided_at = $1",
                chrono::Utc::now() - chrono::Duration::days(100),
            )
            .await;
        assert_eq!(to_certify(&sam).await, 2);
        let page = review(&sam).await;
        assert_eq!(page["overdue"], true);
        assert_eq!(page["can_decide"], false, "an RA agent does not certify");

        let before = ra_db::repo::audit::head(portal.db()).await.unwrap().0;
        // Only an RA manager starts it, and two starts at once make one review.
        assert_eq!(sam.call("access-review/start", &[]).await.0, 403);
        assert_eq!(grace.call("access-review/start", &[]).await.0, 403);
        let (a, b) = tokio::join!(
            rachel.call("access-review/start", &[]),
            rachel.call("access-review/start", &[])
        );
        assert_eq!((a.0, b.0), (200, 200), "{a:?} {b:?}");
        assert_eq!(portal.count("SELECT COUNT(*) FROM access_reviews").await, 1);
        let page = review(&rachel).await;
        let open = &page["open"];
        let items = open["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        for item in items {
            let hints: Vec<&str> = item["hints"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_str().unwrap())
                .collect();
            assert!(hints.contains(&"Approved 100 days ago"), "{hints:?}");
        }
        let review_id = open["id"].as_str().unwrap().to_owned();
        let (first, second) = (
            items[0]["access_id"].as_str().unwrap(),
            items[1]["access_id"].as_str().unwrap(),
        );

        // A decision needs a reason; an agent may not decide.
        let (code, body) = rachel
            .call(
                "access-review/decide",
                &[
                    ("review", &review_id),
                    ("access", first),
                    ("decision", "confirm"),
                    ("reason", " "),
                ],
            )
            .await;
        assert_eq!(code, 422);
        assert_eq!(body["Invalid"][0]["field"], "reason", "{body}");
        let decide = |access: &str, decision: &str, reason: &str| {
            let fields = [
                ("review", review_id.as_str()),
                ("access", access),
                ("decision", decision),
                ("reason", reason),
            ]
            .map(|(k, v)| (k, v.to_owned()));
            let rachel = &rachel;
            async move {
                let pairs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                rachel.call("access-review/decide", &pairs).await
            }
        };
        assert_eq!(
            sam.call(
                "access-review/decide",
                &[
                    ("review", &review_id),
                    ("access", first),
                    ("decision", "confirm"),
                    ("reason", "x")
                ]
            )
            .await
            .0,
            403
        );
        let (code, body) = decide(first, "confirm", "Still the home's manager").await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(
            decide(first, "revoke", "Changed my mind").await.0,
            409,
            "decided once"
        );
        assert_eq!(to_certify(&sam).await, 1, "one left to certify");
        let (code, body) = decide(second, "revoke", "Left Oak Lodge in November").await;
        assert_eq!(code, 200, "{body}");

        // The withdrawn manager is signed out and their access is over; the other stays.
        let withdrawn = portal
            .count("SELECT COUNT(*) FROM manager_access WHERE status = 'revoked'")
            .await;
        assert_eq!(withdrawn, 1);
        let signed_in = |b: &Browser| {
            let b = b.clone();
            async move {
                let (_, me) = b.call("session/whoami", &[]).await;
                !me.is_null()
            }
        };
        assert_ne!(
            signed_in(&stays).await,
            signed_in(&leaves).await,
            "exactly one was signed out"
        );

        let page = review(&grace).await;
        assert_eq!(page["open"], Value::Null, "the last decision completed it");
        assert_eq!(page["past"][0]["confirmed"], 1);
        assert_eq!(page["past"][0]["revoked"], 1);
        assert_eq!(page["overdue"], false);
        assert_eq!(to_certify(&sam).await, 0, "the next one is 90 days away");
        assert_eq!(
            actions_after(&portal, before).await,
            [
                "access_review.started",
                "access_review.confirmed",
                "manager_access.revoke",
                "access_review.revoked",
                "access_review.completed",
            ]
        );
        // Auditors read the page; they cannot act on it.
        assert_eq!(grace.get(&portal.url("/access-review")).await.status, 200);
        assert_eq!(
            grace
                .get(&portal.url(&format!("/access-review/{first}")))
                .await
                .status,
            403
        );
    }
);

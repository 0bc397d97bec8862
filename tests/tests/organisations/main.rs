//! Organisations (issue 11), on SQLite and PostgreSQL. Their known headcount: who may
//! give it, what a bad one is told, that each change is audited with what it replaced
//! (also when several arrive at once), and that signing in never erases it. Their CSV
//! import: all rows or none, also when imports are committed at once.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::{Backend, Browser, TestPortal, both};
use serde_json::{Value, json};

mod groups;
mod import;

async fn give(b: &Browser, code: &str, staff: &str, (d, m, y): (&str, &str, &str)) -> (u16, Value) {
    b.call(
        "organisation/headcount",
        &[
            ("ods_code", code),
            ("headcount", staff),
            ("as_of_day", d),
            ("as_of_month", m),
            ("as_of_year", y),
        ],
    )
    .await
}

/// The audit events of `action` about `code`, oldest first.
async fn audited(portal: &TestPortal, action: &str, code: &str) -> Vec<Value> {
    let mut events: Vec<Value> = ra_db::repo::audit::recent(portal.db(), 500)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action && e.subject_id.as_deref() == Some(code))
        .map(|e| e.details.0)
        .collect();
    events.reverse();
    events
}

/// The headcount changes audited for `code`, oldest first.
async fn changes(portal: &TestPortal, code: &str) -> Vec<Value> {
    audited(portal, "organisation.headcount_set", code).await
}

const NOV_1: (&str, &str, &str) = ("1", "11", "2026");

both!(
    managers_and_ra_officers_give_headcounts_and_each_change_is_audited,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let tom = portal.signed_in("manager.meadowbank").await;
        let sam = portal.signed_in("ra.agent").await;

        let (code, org) = give(&tom, "VMB01", "40", NOV_1).await;
        assert_eq!(code, 200, "{org}");
        assert_eq!(
            org["headcount"],
            json!({ "staff": 40, "as_of": "1 November 2026", "given_by": "a manager" })
        );
        let (code, org) = give(&sam, "vmb01", "1,045", ("2", "11", "2026")).await;
        assert_eq!(
            (code, &org["headcount"]["given_by"]),
            (200, &json!("an RA officer"))
        );
        let audited = changes(&portal, "VMB01").await;
        assert_eq!(audited.len(), 2);
        assert_eq!(audited[0]["before"], Value::Null);
        assert_eq!(
            audited[0]["after"],
            json!({ "staff": 40, "as_of": "2026-11-01" })
        );
        assert_eq!(audited[0]["given_as"], "manager");
        assert_eq!(
            audited[1]["before"],
            json!({ "staff": 40, "as_of": "2026-11-01" })
        );
        assert_eq!(audited[1]["after"]["staff"], 1045);

        // A bad headcount changes nothing and says what is wrong with each box.
        let (code, body) = give(&tom, "VMB01", "lots", ("31", "2", "2026")).await;
        assert_eq!(code, 422, "{body}");
        let messages = body.to_string();
        for m in ["must be a whole number", "Date must be a real date"] {
            assert!(messages.contains(m), "{m} in {messages}");
        }
        let (_, future) = give(&tom, "VMB01", "41", ("1", "1", "2099")).await;
        assert!(
            future.to_string().contains("today or in the past"),
            "{future}"
        );
        assert_eq!(changes(&portal, "VMB01").await.len(), 2);

        // A manager of a group gives its sites' headcounts; not another organisation's.
        let priya = portal.signed_in("manager.group").await;
        assert_eq!(give(&priya, "VNC12", "18", NOV_1).await.0, 200);
        assert_eq!(give(&tom, "VNC12", "18", NOV_1).await.0, 404);
        let auditor = portal.signed_in("auditor").await;
        assert_eq!(give(&auditor, "VMB01", "18", NOV_1).await.0, 403);
        let (code, seen) = auditor
            .call("organisation/get", &[("ods_code", "VMB01")])
            .await;
        assert_eq!((code, &seen["headcount"]["staff"]), (200, &json!(1045)));
        assert_eq!(
            give(&sam, "ZZZ99", "18", NOV_1).await.0,
            404,
            "unknown to the portal"
        );

        // Signing in again refreshes the organisation's name, and keeps its headcount.
        let again = portal.signed_in("manager.meadowbank").await;
        let (_, org) = again
            .call("organisation/get", &[("ods_code", "VMB01")])
            .await;
        assert_eq!(org["headcount"]["staff"], 1045);
        let (_, mine) = again.call("organisation/mine", &[]).await;
        assert_eq!(mine[0]["headcount"]["staff"], 1045, "{mine}");
    }
);

// Ten changes at once: each audit entry's "before" is the change committed just before
// it, so no change is lost from the record.
both!(
    changes_at_once_each_record_what_they_replaced,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let tom = portal.signed_in("manager.meadowbank").await;
        assert_eq!(give(&tom, "VMB01", "100", NOV_1).await.0, 200);
        let mut tasks = tokio::task::JoinSet::new();
        for n in 101..=110 {
            let tom = tom.clone();
            tasks.spawn(async move { give(&tom, "VMB01", &n.to_string(), NOV_1).await.0 });
        }
        let codes = tasks.join_all().await;
        let refused: Vec<&u16> = codes.iter().filter(|c| **c != 200).collect();
        assert!(refused.is_empty(), "{codes:?}");
        let audited = changes(&portal, "VMB01").await;
        assert_eq!(audited.len(), 11);
        let staff = |v: &Value| v["staff"].as_i64();
        let mut befores: Vec<i64> = audited[1..]
            .iter()
            .filter_map(|e| staff(&e["before"]))
            .collect();
        let mut afters: Vec<i64> = audited.iter().filter_map(|e| staff(&e["after"])).collect();
        let (_, org) = tom.call("organisation/get", &[("ods_code", "VMB01")]).await;
        let last = org["headcount"]["staff"].as_i64().unwrap();
        afters.retain(|a| *a != last);
        befores.sort_unstable();
        afters.sort_unstable();
        assert_eq!(
            befores, afters,
            "every value but the last was replaced exactly once"
        );
    }
);

//! Adoption figures (issue 11) on SQLite and PostgreSQL: requests and devices in every
//! shape an organisation meets (enrolled on each kind of phone, a device removed, stale,
//! rejected, a second request for one person), and the figures the pages and the CSV
//! export give, worked out here by hand; who may see which.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod dates;
mod demo;
mod groups;
mod kept;
mod kept_together;

use chrono::{DateTime, Duration, Utc};
use ra_portal_tests::{Backend, TestPortal, both};
use serde_json::{Value, json};
use uuid::Uuid;

struct Req {
    email: &'static str,
    state: &'static str,
    phone: &'static str,
    requested_days_ago: i64,
    last_step_days_ago: i64,
    /// (days ago registered, removed)
    device: Option<(i64, bool)>,
}

const MEADOWBANK: [Req; 7] = [
    Req {
        email: "a@meadowbank.example",
        state: "enrolled",
        phone: "personal",
        requested_days_ago: 10,
        last_step_days_ago: 3,
        device: Some((3, false)),
    },
    Req {
        email: "b@meadowbank.example",
        state: "enrolled",
        phone: "business",
        requested_days_ago: 40,
        last_step_days_ago: 35,
        device: Some((35, false)),
    },
    Req {
        email: "c@meadowbank.example",
        state: "device_removed",
        phone: "personal",
        requested_days_ago: 20,
        last_step_days_ago: 2,
        device: Some((15, true)),
    },
    Req {
        email: "d@meadowbank.example",
        state: "identity_verified",
        phone: "personal",
        requested_days_ago: 25,
        last_step_days_ago: 20,
        device: None,
    },
    Req {
        email: "e@meadowbank.example",
        state: "submitted",
        phone: "business",
        requested_days_ago: 0,
        last_step_days_ago: 0,
        device: None,
    },
    Req {
        email: "f@meadowbank.example",
        state: "rejected",
        phone: "personal",
        requested_days_ago: 30,
        last_step_days_ago: 29,
        device: None,
    },
    // A's earlier request, cancelled: A is still one person requested.
    Req {
        email: "A@meadowbank.example",
        state: "cancelled",
        phone: "personal",
        requested_days_ago: 60,
        last_step_days_ago: 58,
        device: None,
    },
];

async fn insert(portal: &TestPortal, code: &str, reqs: &[Req]) {
    let now = Utc::now();
    // An hour past each whole day, so "whole days taken" is not on a boundary.
    let at = |days: i64| -> DateTime<Utc> { now - Duration::days(days) + Duration::hours(1) };
    let db = portal.db();
    let requester: Uuid =
        ra_db::on_pool!(db, |p| sqlx::query_scalar("SELECT id FROM people LIMIT 1")
            .fetch_one(p)
            .await
            .unwrap());
    for r in reqs {
        let id = Uuid::new_v4();
        ra_db::on_pool!(db, |p| sqlx::query(
            "INSERT INTO registration_requests (id, person_name, email, email_key, email_domain, \
             job_role, ods_code, phone, phone_kind, state, source, requested_by, requested_at, \
             last_step_at) VALUES ($1, 'Synthetic Person', $2, $3, 'meadowbank.example', 'Carer', \
             $4, '07700900123', $5, $6, 'single', $7, $8, $9)"
        )
        .bind(id)
        .bind(r.email)
        .bind(r.email.to_lowercase())
        .bind(code)
        .bind(r.phone)
        .bind(r.state)
        .bind(requester)
        .bind(at(r.requested_days_ago))
        .bind(at(r.last_step_days_ago))
        .execute(p)
        .await
        .unwrap()
        .rows_affected());
        if let Some((days, removed)) = r.device {
            let removed_at = removed.then(|| at(days) + Duration::days(1));
            ra_db::on_pool!(db, |p| {
                sqlx::query(
                "INSERT INTO devices (id, request_id, person_email, kind, registered_at, removed_at) \
                 VALUES ($1, $2, $3, 'microsoft_authenticator', $4, $5)"
            )
            .bind(Uuid::new_v4())
            .bind(id)
            .bind(r.email.to_lowercase())
            .bind(at(days))
            .bind(removed_at)
            .execute(p)
            .await
            .unwrap()
            .rows_affected()
            });
        }
    }
    // Written around the repository, as the data generator does: the kept counts are
    // worked out afresh, as it does too.
    ra_db::repo::adoption::rebuild(db).await.unwrap();
    ra_db::on_pool!(db, |p| sqlx::query(
        "UPDATE organisations SET headcount = 10 WHERE ods_code = $1"
    )
    .bind(code)
    .execute(p)
    .await
    .unwrap()
    .rows_affected());
}

/// Meadowbank's figures, worked out from the rows above.
fn expected() -> Value {
    let today = Utc::now().date_naive();
    // 8 of the 10 still to register at 2 enrolments in the last 28 days (a, and c
    // before its device was removed): 8 × 28 / 2 days.
    let projected = today + Duration::days(8 * 28 / 2);
    json!({
        "headcount": 10,
        "partial_headcount": false,
        "requested": 6,
        "registered": 2,
        "in_progress": 2,
        "open_by_stage": [1, 0, 1, 0],
        "not_started": 4,
        "percent_registered": 20.0,
        // Days taken: 7 (a), 5 (b), 5 (c, since removed).
        "median_days": 5,
        "p90_days": 7,
        "stale": 1,
        "rejected": 1,
        "personal_phones": 1,
        "business_phones": 1,
        "projection": { "On": projected.to_string() },
        "dated": false,
    })
}

fn without_last_activity(mut f: Value) -> Value {
    assert!(f["last_activity"].is_string(), "{f}");
    f.as_object_mut().unwrap().remove("last_activity");
    f
}

both!(
    figures_match_the_rows_on_every_view_and_in_the_csv,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let tom = portal.signed_in("manager.meadowbank").await;
        let sam = portal.signed_in("ra.agent").await;
        let auditor = portal.signed_in("auditor").await;
        insert(&portal, "VMB01", &MEADOWBANK).await;

        let (code, org) = sam
            .call("adoption/organisation", &[("ods_code", "VMB01")])
            .await;
        assert_eq!(code, 200, "{org}");
        assert_eq!(without_last_activity(org["figures"].clone()), expected());
        // One person enrolled in each of two days: the cumulative line ends at 3.
        assert_eq!(org["cumulative"].as_array().unwrap().last().unwrap()[1], 3);
        // Still to do: the two open requests, the one without a step longest first.
        let to_do: Vec<Value> = org["to_do"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| json!([r["email"], r["state"], r["stale"]]))
            .collect();
        assert_eq!(
            to_do,
            [
                json!(["d@meadowbank.example", "identity_verified", true]),
                json!(["e@meadowbank.example", "submitted", false]),
            ]
        );

        let (code, page) = auditor.call("adoption/overview", &[("q", "vmb01")]).await;
        assert_eq!(code, 200, "{page}");
        assert_eq!(page["matched"], 1);
        assert_eq!(page["rows"][0]["key"], "VMB01");
        assert_eq!(
            without_last_activity(page["rows"][0]["figures"].clone()),
            expected()
        );

        let res = auditor
            .get_raw(&auditor.url("/api/adoption/export.csv?q=VMB01"))
            .await;
        assert_eq!(res.status().as_u16(), 200);
        let csv = res.text().await.unwrap();
        let line = csv.lines().find(|l| l.starts_with("VMB01,")).expect(&csv);
        assert!(
            line.starts_with("VMB01,Meadowbank Care Home,")
                && line.contains(",10,6,2,2,1,0,1,0,4,20.0,5,7,1,1,1,1,"),
            "{line}"
        );

        // Managers follow their own organisation, not the overview nor anyone else's.
        let (code, _) = tom.call("adoption/overview", &[]).await;
        assert_eq!(code, 403);
        let (code, mine) = tom
            .call("adoption/organisation", &[("ods_code", "VMB01")])
            .await;
        assert_eq!(
            (code, mine["figures"]["registered"].clone()),
            (200, json!(2))
        );
        let (code, _) = tom
            .call("adoption/organisation", &[("ods_code", "VNC01")])
            .await;
        assert_eq!(code, 404);
    }
);

both!(
    a_filter_out_of_range_is_told_not_guessed,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let (code, body) = sam.call("adoption/overview", &[("stuck", "0")]).await;
        assert_eq!(code, 422, "{body}");
        assert!(
            body.to_string()
                .contains("Enter a number of days from 1 to 365"),
            "{body}"
        );
        let (code, body) = sam.call("adoption/overview", &[("sort", "password")]).await;
        assert_eq!(code, 422, "{body}");
    }
);

//! The RA home's waiting work (issue 11) on SQLite and PostgreSQL: each count rises by
//! exactly what was added, and equals the length of the filtered list its link opens.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use chrono::{Duration, NaiveDate, Utc};
use ra_portal_tests::{Backend, Browser, TestPortal, both};
use serde_json::Value;
use uuid::Uuid;

/// The counts by kind, from `work/ra`.
async fn counts(b: &Browser) -> Vec<(String, i64)> {
    let (code, body) = b.call("work/ra", &[]).await;
    assert_eq!(code, 200, "{body}");
    body.as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_owned(),
                pair[1].as_i64().unwrap(),
            )
        })
        .collect()
}

fn count_of(all: &[(String, i64)], kind: &str) -> i64 {
    all.iter().find(|(k, _)| k == kind).expect(kind).1
}

/// Rows the list at `href` holds (a query string onto its server function), every page.
async fn listed(b: &Browser, endpoint: &str, rows: &str, filters: &[(&str, &str)]) -> i64 {
    let mut after: Option<String> = None;
    let mut n = 0;
    loop {
        let mut args = filters.to_vec();
        if let Some(a) = &after {
            args.push(("after", a));
        }
        let (code, page) = b.call(endpoint, &args).await;
        assert_eq!(code, 200, "{endpoint}: {page}");
        let items: &Value = if rows.is_empty() { &page } else { &page[rows] };
        n += items.as_array().unwrap().len() as i64;
        match page.get("next").and_then(Value::as_str) {
            Some(next) => after = Some(next.to_owned()),
            None => return n,
        }
    }
}

async fn add_request(portal: &TestPortal, email: &str, state: &str, last_step_days_ago: i64) {
    let now = Utc::now();
    let requester: Uuid = ra_db::on_pool!(portal.db(), |p| sqlx::query_scalar(
        "SELECT id FROM people LIMIT 1"
    )
    .fetch_one(p)
    .await
    .unwrap());
    ra_db::on_pool!(portal.db(), |p| sqlx::query(
        "INSERT INTO registration_requests (id, person_name, email, email_key, email_domain, \
         job_role, ods_code, phone, phone_kind, state, source, requested_by, requested_at, \
         last_step_at) VALUES ($1, 'Synthetic Person', $2, $2, 'meadowbank.example', 'Carer', \
         'VMB01', '07700900123', 'personal', $3, 'single', $4, $5, $5)"
    )
    .bind(Uuid::new_v4())
    .bind(email)
    .bind(state)
    .bind(requester)
    .bind(now - Duration::days(last_step_days_ago))
    .execute(p)
    .await
    .unwrap()
    .rows_affected());
}

async fn add_domain(portal: &TestPortal, domain: &str, status: &str, submitted: Option<NaiveDate>) {
    let now = Utc::now();
    ra_db::on_pool!(portal.db(), |p| sqlx::query(
        "INSERT INTO allow_list_entries (id, domain, covers_subdomains, ods_code, status, source, \
         reason, created_at, status_changed_at, submitted_on) \
         VALUES ($1, $2, false, 'VMB01', $3, 'request', 'Care staff', $4, $4, $5)"
    )
    .bind(Uuid::new_v4())
    .bind(domain)
    .bind(status)
    .bind(now)
    .bind(submitted)
    .execute(p)
    .await
    .unwrap()
    .rows_affected());
}

both!(
    each_count_rises_by_what_waits_and_matches_its_list,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let before = counts(&sam).await;

        // Two new requests to review (one of them stale), one stale approved request, and
        // one stale but closed (not waiting).
        add_request(&portal, "w1@meadowbank.example", "submitted", 0).await;
        add_request(&portal, "w2@meadowbank.example", "submitted", 12).await;
        add_request(&portal, "w3@meadowbank.example", "approved", 12).await;
        add_request(&portal, "w4@meadowbank.example", "cancelled", 30).await;
        // Two domains to decide; one submitted 30 days ago (overdue), one yesterday.
        let today = Utc::now().date_naive();
        add_domain(&portal, "wait-one.example", "requested", None).await;
        add_domain(&portal, "wait-two.example", "requested", None).await;
        add_domain(
            &portal,
            "late.example",
            "submitted",
            Some(today - Duration::days(30)),
        )
        .await;
        add_domain(
            &portal,
            "fresh.example",
            "submitted",
            Some(today - Duration::days(1)),
        )
        .await;
        // An email the outbox gave up on, and a manager waiting for approval.
        let person: Uuid = ra_db::on_pool!(portal.db(), |p| sqlx::query_scalar(
            "SELECT id FROM people LIMIT 1"
        )
        .fetch_one(p)
        .await
        .unwrap());
        ra_db::on_pool!(portal.db(), |p| {
            sqlx::query(
                "INSERT INTO mail_outbox (id, created_at, to_address, subject, body_text, \
                 body_html, status, attempts, next_attempt_at, last_error) VALUES \
                 ($1, $2, 'x@meadowbank.example', 'Hello', 'Hi', '<p>Hi</p>', 'failed', 8, $2, \
                 'mailbox unavailable')",
            )
            .bind(Uuid::new_v4())
            .bind(Utc::now())
            .execute(p)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO manager_access (id, person_id, email, full_name, ods_code, status, \
                 requested_at) VALUES ($1, $2, 'waiting@meadowbank.example', 'Wren Waiting', \
                 'VMB01', 'pending', $3)",
            )
            .bind(Uuid::new_v4())
            .bind(person)
            .bind(Utc::now())
            .execute(p)
            .await
            .unwrap()
            .rows_affected()
        });

        let after = counts(&sam).await;
        let rose = |kind: &str| count_of(&after, kind) - count_of(&before, kind);
        assert_eq!(
            [
                rose("Review"),
                rose("Stale"),
                rose("DomainsToDecide"),
                rose("DomainsOverdue"),
                rose("Undelivered"),
                rose("ManagersToApprove"),
            ],
            [2, 2, 2, 1, 1, 1],
            "{after:?}"
        );

        // Each count is the length of the list its link opens.
        let lists = [
            (
                "Review",
                "registration/list",
                "requests",
                vec![("state", "submitted")],
            ),
            (
                "Stale",
                "registration/list",
                "requests",
                vec![("stale", "yes")],
            ),
            (
                "DomainsToDecide",
                "allow-list/list",
                "entries",
                vec![("status", "requested")],
            ),
            (
                "DomainsOverdue",
                "allow-list/list",
                "entries",
                vec![("overdue", "yes")],
            ),
            ("Undelivered", "mail/undelivered", "", vec![]),
        ];
        for (kind, endpoint, rows, filters) in lists {
            assert_eq!(
                listed(&sam, endpoint, rows, &filters).await,
                count_of(&after, kind),
                "{kind}"
            );
        }
        let (_, managers) = sam.call("ra/managers/list", &[("status", "pending")]).await;
        assert_eq!(
            managers["total"].as_i64(),
            Some(count_of(&after, "ManagersToApprove")),
            "{managers}"
        );
        assert!(
            managers["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["email"] == "waiting@meadowbank.example"),
            "{managers}"
        );

        // The overdue list holds the late submission, not the fresh one.
        let (_, overdue) = sam.call("allow-list/list", &[("overdue", "yes")]).await;
        let domains: Vec<&str> = overdue["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["domain"].as_str().unwrap())
            .collect();
        assert!(
            domains.contains(&"late.example") && !domains.contains(&"fresh.example"),
            "{domains:?}"
        );

        // A value the filters do not know is refused with the field's message.
        let (code, body) = sam.call("registration/list", &[("stale", "maybe")]).await;
        assert_eq!(code, 422, "{body}");
        let (code, body) = sam.call("allow-list/list", &[("overdue", "maybe")]).await;
        assert_eq!(code, 422, "{body}");
    }
);

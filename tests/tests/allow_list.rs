//! The email-domain allow list through the real portal: workflow, permissions, bad
//! input, listing, export and CSV import, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::{Backend, Browser, TestPortal, both};
use serde_json::Value;

/// The field a 422 answer refused, and its message.
fn field_error(body: &Value) -> (String, String) {
    let e = &body["Invalid"][0];
    (
        e["field"].as_str().unwrap_or_default().to_owned(),
        e["message"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn check(b: &Browser, address: &str) -> (bool, String) {
    let (status, body) = b.call("allow-list/check", &[("address", address)]).await;
    assert_eq!(status, 200, "{body}");
    (
        body["allowed"].as_bool().unwrap(),
        body["message"].as_str().unwrap().to_owned(),
    )
}

async fn step(b: &Browser, id: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let mut all = vec![("id", id)];
    all.extend_from_slice(fields);
    b.call("allow-list/step", &all).await
}

async fn status_of(b: &Browser, id: &str) -> String {
    let (code, body) = b.call("allow-list/entry", &[("id", id)]).await;
    assert_eq!(code, 200, "{body}");
    body["summary"]["status"].as_str().unwrap().to_owned()
}

// A manager's request goes through review, NHS England and back, is checked, then
// suspended and removed after the impact preview; every step is in the history.
both!(
    request_to_active_to_removed,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let manager = portal.signed_in("manager.meadowbank").await;
        let officer = portal.signed_in("ra.agent").await;

        let request = [
            ("domain", " Meadowbank-Care.ORG.uk. "),
            ("ods_code", "vmb01"),
            ("reason", "Carers' work addresses"),
            ("evidence_url", "https://meadowbank-care.org.uk"),
        ];
        let (code, body) = manager.call("allow-list/request", &request).await;
        assert_eq!(code, 200, "{body}");
        let id = body.as_str().unwrap().to_owned();
        assert_eq!(status_of(&manager, &id).await, "requested");

        // The same domain cannot be listed twice: a field error, not a crash.
        let (code, body) = manager.call("allow-list/request", &request).await;
        assert_eq!(code, 422, "{body}");
        assert_eq!(
            field_error(&body),
            (
                "domain".into(),
                "meadowbank-care.org.uk is already on the allow list".into()
            )
        );

        let (allowed, why) = check(&officer, "carer@meadowbank-care.org.uk").await;
        assert!(!allowed);
        assert!(why.contains("requested"), "{why}");

        assert_eq!(step(&officer, &id, &[("action", "accept")]).await.0, 200);
        let today = chrono::Utc::now().date_naive().to_string();
        let (code, body) = step(
            &officer,
            &id,
            &[
                ("action", "submit"),
                ("submitted_on", &today),
                ("reference", "NHSE-4471"),
            ],
        )
        .await;
        assert_eq!(code, 200, "{body}");
        let (_, list) = manager
            .call("allow-list/list", &[("status", "submitted")])
            .await;
        assert_eq!(list["entries"][0]["days_waiting"], 0, "{list}");
        assert_eq!(list["entries"][0]["overdue"], false);
        // Fifteen days on, past the 14-day default, it is flagged overdue.
        let earlier = (chrono::Utc::now().date_naive() - chrono::Duration::days(15)).to_string();
        let set_date = match backend {
            Backend::Sqlite => "UPDATE allow_list_entries SET submitted_on = $1",
            Backend::Postgres => "UPDATE allow_list_entries SET submitted_on = CAST($1 AS DATE)",
        };
        portal.exec(set_date, &earlier).await;
        let (_, detail) = manager.call("allow-list/entry", &[("id", &id)]).await;
        assert_eq!(detail["summary"]["days_waiting"], 15, "{detail}");
        assert_eq!(detail["summary"]["overdue"], true);
        let page = manager.get(&portal.url(&format!("/allow-list/{id}"))).await;
        assert!(page.has_text("Waiting 15 days (overdue)"), "{}", page.body);
        assert_eq!(step(&officer, &id, &[("action", "activate")]).await.0, 200);
        assert_eq!(status_of(&manager, &id).await, "active");

        let (allowed, why) = check(&manager, "Carer@MEADOWBANK-care.org.uk").await;
        assert!(allowed, "{why}");
        let (allowed, why) = check(&manager, "carer@rota.meadowbank-care.org.uk").await;
        assert!(!allowed);
        assert!(why.contains("only for itself"), "{why}");

        // Impact preview: people known to the portal under the domain.
        portal
            .exec(
                "UPDATE people SET email = $1 WHERE display_name = 'Tom Bell'",
                "tom.bell@meadowbank-care.org.uk",
            )
            .await;
        let (code, impact) = officer.call("allow-list/impact", &[("id", &id)]).await;
        assert_eq!(code, 200, "{impact}");
        assert_eq!(impact["people"], 1);

        let (code, body) = step(&officer, &id, &[("action", "suspend"), ("reason", " ")]).await;
        assert_eq!(code, 422);
        assert_eq!(field_error(&body).0, "reason");
        let (code, _) = step(
            &officer,
            &id,
            &[("action", "suspend"), ("reason", "Domain sold")],
        )
        .await;
        assert_eq!(code, 200);
        let (allowed, why) = check(&manager, "carer@meadowbank-care.org.uk").await;
        assert!(!allowed && why.contains("suspended"), "{why}");
        let (code, _) = step(
            &officer,
            &id,
            &[("action", "remove"), ("reason", "Gone for good")],
        )
        .await;
        assert_eq!(code, 200);
        let (allowed, why) = check(&manager, "carer@meadowbank-care.org.uk").await;
        assert!(!allowed && why.contains("not on the allow list"), "{why}");

        // Nothing is deleted; the history names who did what and why.
        let (_, detail) = manager.call("allow-list/entry", &[("id", &id)]).await;
        let history: Vec<String> = detail["records"]["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                format!(
                    "{} | {}",
                    h["who"].as_str().unwrap(),
                    h["what"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(
            history,
            [
                "Tom Bell | Requested. Reason: Carers' work addresses",
                "Sam Okafor | Accepted",
                &format!(
                    "Sam Okafor | Submitted to NHS England. NHS England reference: NHSE-4471. Submitted on: {today}"
                ),
                "Sam Okafor | Marked active on CIS2",
                "Sam Okafor | Suspended. Reason: Domain sold",
                "Sam Okafor | Removed. Reason: Gone for good",
            ]
        );
        assert_eq!(detail["summary"]["status"], "removed");
        assert_eq!(detail["records"]["nhse_reference"], "NHSE-4471");

        // A removed domain can be requested again: a new entry, the old one kept.
        let (code, body) = manager.call("allow-list/request", &request).await;
        assert_eq!(code, 200, "{body}");
        assert_ne!(body.as_str().unwrap(), id);
    }
);

// Refusals happen on the server whatever the page shows.
both!(
    permissions_are_checked_on_the_server,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.manager").await;
        let manager = portal.signed_in("manager.meadowbank").await;
        let other_manager = portal.signed_in("manager.group").await;
        let auditor = portal.signed_in("auditor").await;
        let anonymous = portal.browser();

        let (code, body) = officer
            .call(
                "allow-list/add",
                &[
                    ("domain", "meadowbank-care.org.uk"),
                    ("ods_code", "VMB01"),
                    ("note", "Known domain"),
                    ("initial", "to_submit"),
                ],
            )
            .await;
        assert_eq!(code, 200, "{body}");
        let id = body.as_str().unwrap().to_owned();
        let add = [
            ("domain", "other.org.uk"),
            ("ods_code", "VMB01"),
            ("note", ""),
            ("initial", "active"),
        ];
        let request_for = |org: &'static str| {
            [
                ("domain", "canterbury-care.org.uk"),
                ("ods_code", org),
                ("reason", "Staff addresses"),
                ("evidence_url", ""),
            ]
        };

        // Organisation managers cannot accept, submit, activate, remove or add.
        for action in ["accept", "submit", "activate", "remove", "reject"] {
            let (code, _) = step(&manager, &id, &[("action", action), ("reason", "x")]).await;
            assert_eq!(code, 403, "manager {action}");
        }
        assert_eq!(manager.call("allow-list/add", &add).await.0, 403);
        assert_eq!(
            manager.call("allow-list/impact", &[("id", &id)]).await.0,
            403
        );
        // ...nor request for another organisation.
        let (code, body) = other_manager
            .call("allow-list/request", &request_for("VMB01"))
            .await;
        assert_eq!(code, 403, "{body}");
        assert_eq!(
            other_manager
                .call("allow-list/request", &request_for("VNC01"))
                .await
                .0,
            200
        );

        // Auditors change nothing, and read everything including history.
        assert_eq!(step(&auditor, &id, &[("action", "submit")]).await.0, 403);
        assert_eq!(auditor.call("allow-list/add", &add).await.0, 403);
        assert_eq!(
            auditor
                .call("allow-list/request", &request_for("Y99"))
                .await
                .0,
            403
        );
        let (code, detail) = auditor.call("allow-list/entry", &[("id", &id)]).await;
        assert_eq!(code, 200);
        assert_eq!(detail["records"]["history"].as_array().unwrap().len(), 1);
        assert_eq!(detail["actions"], serde_json::json!([]));
        // Another organisation's manager sees the entry but not its reasons and history.
        let (_, detail) = other_manager.call("allow-list/entry", &[("id", &id)]).await;
        assert_eq!(detail["records"], Value::Null);
        // RA officers see what they can do next.
        let (_, detail) = officer.call("allow-list/entry", &[("id", &id)]).await;
        assert_eq!(detail["actions"], serde_json::json!(["submit", "reject"]));

        // Import is for RA officers only.
        let csv = b"domain,ods_code,covers_subdomains\na.org.uk,VMB01,no\n".to_vec();
        let (code, _) = manager
            .upload("/allow-list/import/upload", "a.csv", csv)
            .await;
        assert_eq!(code, 403);
        assert_eq!(
            manager
                .call("allow-list/import/commit", &[("id", &id)])
                .await
                .0,
            403
        );

        // Without a session: 401 for every function, sign-in for the pages.
        for endpoint in [
            "allow-list/list",
            "allow-list/check",
            "allow-list/entry",
            "allow-list/step",
        ] {
            assert_eq!(
                anonymous.call(endpoint, &[("id", &id)]).await.0,
                401,
                "{endpoint}"
            );
        }
        assert_eq!(
            anonymous
                .get_raw(&portal.url("/api/allow-list/export.csv"))
                .await
                .status(),
            401
        );
        assert_eq!(
            anonymous.get_raw(&portal.url("/allow-list")).await.status(),
            303
        );
        // Pages for one role refuse others with 403.
        assert_eq!(
            manager.get(&portal.url("/allow-list/add")).await.status,
            403
        );
        let agent = portal.signed_in("ra.agent").await;
        assert_eq!(
            agent.get(&portal.url("/allow-list/request")).await.status,
            403
        );
        let page = manager.get(&portal.url("/allow-list")).await;
        assert_eq!(page.status, 200);
        assert!(page.has_text("Request a domain for your organisation"));
        assert!(!page.has_text("Add a domain"));

        // No change was made by any refused call.
        let actions = portal.audit_actions().await;
        let changes = actions
            .iter()
            .filter(|a| a.starts_with("allow_list."))
            .count();
        assert_eq!(changes, 2, "{actions:?}");
    }
);

// Bad input gets a message, never a 500.
both!(
    bad_input_is_refused_clearly,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.manager").await;
        let add = |domain: &'static str, ods: &'static str, initial: &'static str| {
            [
                ("domain", domain),
                ("ods_code", ods),
                ("note", ""),
                ("initial", initial),
            ]
        };
        let cases = [
            (add("nhs.uk", "RX1", "active"), "domain", "public suffix"),
            (add("*.care.org.uk", "RX1", "active"), "domain", "Wildcards"),
            (add("10.1.1.1", "RX1", "active"), "domain", "IP address"),
            (add("care.org.uk", "R!", "active"), "ods_code", "ODS code"),
            (
                add("care.org.uk", "RX1", "maybe"),
                "initial",
                "CIS2 allow list",
            ),
        ];
        for (fields, field, fragment) in cases {
            let (code, body) = officer.call("allow-list/add", &fields).await;
            assert_eq!(code, 422, "{fields:?}: {body}");
            let (f, message) = field_error(&body);
            assert_eq!(f, field, "{body}");
            assert!(message.contains(fragment), "{message}");
        }
        // IDN: the Unicode and ASCII spellings are the same domain.
        let (code, body) = officer
            .call("allow-list/add", &add("bücher.example", "RX1", "active"))
            .await;
        assert_eq!(code, 200, "{body}");
        let id = body.as_str().unwrap().to_owned();
        let (code, body) = officer
            .call(
                "allow-list/add",
                &add("XN--BCHER-KVA.example", "RX1", "active"),
            )
            .await;
        assert_eq!(code, 422, "{body}");
        assert!(field_error(&body).1.contains("bücher.example"));
        let (allowed, _) = check(&officer, "leser@BÜCHER.example").await;
        assert!(allowed);

        // Steps the workflow does not allow say what is possible instead.
        let (code, body) = step(&officer, &id, &[("action", "accept")]).await;
        assert_eq!(code, 409, "{body}");
        assert_eq!(
            body["Conflict"],
            "You cannot accept an entry that is active; from here you can: suspend, remove."
        );
        assert_eq!(step(&officer, &id, &[("action", "explode")]).await.0, 422);
        let (code, body) = step(
            &officer,
            &id,
            &[("action", "suspend"), ("reason", &"x".repeat(1001))],
        )
        .await;
        assert_eq!(code, 422);
        assert_eq!(field_error(&body).0, "reason");
        // Unknown or malformed ids are "not found".
        for bad in ["not-a-uuid", "00000000-0000-0000-0000-000000000000", ""] {
            assert_eq!(
                officer.call("allow-list/entry", &[("id", bad)]).await.0,
                404,
                "{bad:?}"
            );
        }
        // Unknown filters are field errors; a junk cursor starts from the top.
        assert_eq!(
            officer
                .call("allow-list/list", &[("status", "gone")])
                .await
                .0,
            422
        );
        let (code, page) = officer
            .call("allow-list/list", &[("after", "garbage")])
            .await;
        assert_eq!(code, 200);
        assert_eq!(page["entries"].as_array().unwrap().len(), 1);
        let (allowed, why) = check(&officer, "no-at-sign.org.uk").await;
        assert!(!allowed && why.contains("with an @"), "{why}");
    }
);

fn import_csv(domains: impl Iterator<Item = String>) -> Vec<u8> {
    let mut csv = String::from("domain,ods_code,covers_subdomains,note\n");
    for d in domains {
        csv.push_str(&format!("{d},VNC01,no,Imported\n"));
    }
    csv.into_bytes()
}

/// Uploads and returns the import id from the preview redirect.
async fn upload_ok(b: &Browser, csv: Vec<u8>) -> String {
    let (code, location) = b
        .upload("/allow-list/import/upload", "domains.csv", csv)
        .await;
    assert_eq!(code, 303, "{location}");
    location
        .strip_prefix("/allow-list/import/")
        .unwrap_or_else(|| panic!("preview redirect, got {location}"))
        .to_owned()
}

// CSV import: a preview with per-row verdicts, then all rows or none.
both!(
    csv_import_is_all_or_nothing,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.agent").await;

        // Files that are not usable CSV go back to the form with a reason.
        let cases: [(&[u8], &str); 4] = [
            (b"\x89PNG\r\n\x1a\n\0\0", "not_csv"),
            (
                b"domain,ods_code,covers_subdomains\ncaf\xe9.org.uk,RX1,no\n",
                "not_utf8",
            ),
            (b"name,email\nx,y\n", "missing_columns"),
            (b"", "no_file"),
        ];
        for (bytes, code) in cases {
            let (status, location) = officer
                .upload("/allow-list/import/upload", "x.csv", bytes.to_vec())
                .await;
            assert_eq!(status, 303);
            assert_eq!(location, format!("/allow-list/import?error={code}"));
        }
        let big = vec![b'a'; 5 * 1024 * 1024 + 10];
        let (_, location) = officer
            .upload("/allow-list/import/upload", "big.csv", big)
            .await;
        assert_eq!(location, "/allow-list/import?error=too_big");
        let page = officer
            .get(&portal.url("/allow-list/import?error=too_big"))
            .await;
        assert!(page.has_text("larger than 5 MB"), "{}", page.body);

        // One bad row: the preview says which, and the commit adds nothing.
        let mut rows: Vec<String> = (0..30).map(|i| format!("home{i:02}.care.org.uk")).collect();
        rows.push("co.uk".into());
        rows.push("home01.care.org.uk".into());
        let bad = upload_ok(&officer, import_csv(rows.into_iter())).await;
        let (code, preview) = officer
            .call("allow-list/import/preview", &[("id", &bad)])
            .await;
        assert_eq!(code, 200, "{preview}");
        assert_eq!(preview["new_count"], 30);
        let verdicts: Vec<&str> = preview["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["verdict"].as_str().unwrap())
            .collect();
        assert_eq!(&verdicts[29..], ["New", "Invalid", "Repeated in file"]);
        let (code, body) = officer
            .call("allow-list/import/commit", &[("id", &bad)])
            .await;
        assert_eq!(code, 409, "{body}");
        assert!(
            body["Conflict"].as_str().unwrap().contains("line 32"),
            "{body}"
        );
        let (_, list) = officer.call("allow-list/list", &[]).await;
        assert_eq!(list["entries"].as_array().unwrap().len(), 0);

        // A clean file commits every row once; a second commit is refused.
        let good = upload_ok(
            &officer,
            import_csv((0..120).map(|i| format!("home{i:03}.care.org.uk"))),
        )
        .await;
        // Only the officer who uploaded a file previews or sends it; managers neither.
        let other = portal.signed_in("ra.manager").await;
        let manager = portal.signed_in("manager.meadowbank").await;
        for (who, b, status) in [("other officer", &other, 404), ("manager", &manager, 403)] {
            for f in ["allow-list/import/preview", "allow-list/import/commit"] {
                assert_eq!(b.call(f, &[("id", &good)]).await.0, status, "{who} {f}");
            }
        }
        let (code, body) = officer
            .call("allow-list/import/commit", &[("id", &good)])
            .await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(body, 120);
        assert_eq!(
            officer
                .call("allow-list/import/commit", &[("id", &good)])
                .await
                .0,
            409
        );

        // Keyset pages: 50 + 50 + 20, in order, no repeats.
        let mut seen = Vec::new();
        let mut after = String::new();
        let mut pages = 0;
        loop {
            let (code, page) = officer
                .call("allow-list/list", &[("after", &after), ("q", "care.org")])
                .await;
            assert_eq!(code, 200, "{page}");
            pages += 1;
            for e in page["entries"].as_array().unwrap() {
                seen.push(e["domain"].as_str().unwrap().to_owned());
            }
            match page["next"].as_str() {
                Some(c) => after = c.to_owned(),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(seen, sorted);
        assert_eq!(seen.len(), 120);
        // Descending order and filters by organisation and status.
        let (_, desc) = officer
            .call("allow-list/list", &[("sort", "domain_desc")])
            .await;
        assert_eq!(desc["entries"][0]["domain"], "home119.care.org.uk");
        let (_, none) = officer.call("allow-list/list", &[("org", "VMB01")]).await;
        assert_eq!(none["entries"].as_array().unwrap().len(), 0);
        let (_, by_name) = officer
            .call("allow-list/list", &[("q", "canterbury care")])
            .await;
        assert_eq!(by_name["entries"].as_array().unwrap().len(), 50);

        // Export: the filtered list, every row, as CSV.
        let res = officer
            .get_raw(&portal.url("/api/allow-list/export.csv?q=home11"))
            .await;
        assert_eq!(res.status(), 200);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let text = res.text().await.unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 11, "{text}");
        assert!(lines[0].starts_with("domain,domain_unicode,ods_code,organisation"));
        assert!(lines[1].starts_with(
            "home110.care.org.uk,home110.care.org.uk,VNC01,Canterbury Care Homes,no,active"
        ));
        let all = officer
            .get_raw(&portal.url("/api/allow-list/export.csv"))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(all.lines().count(), 121);

        let imported = portal
            .count("SELECT COUNT(*) FROM audit_events WHERE action = 'allow_list.imported'")
            .await;
        assert_eq!(imported, 120);
    }
);

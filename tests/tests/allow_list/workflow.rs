use super::*;

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
        portal.give_email("Tom Bell").await;
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

// Someone signed in with no portal role is refused the list but may still check an
// address, on the no-access page (decided in docs/authorisation.md).
both!(
    no_role_checks_an_address_but_reads_no_list,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        portal
            .entry("oakfield-care.org.uk")
            .ods("VMB01")
            .create()
            .await;
        let chris = portal.principal(ra_portal_tests::Who::NoRole).await;
        let list = chris.get(&portal.url("/allow-list")).await;
        assert_eq!(list.status, 403);
        assert!(!list.has_text("oakfield-care.org.uk"));
        let page = chris
            .get(&portal.url("/no-access?check=carer%40oakfield-care.org.uk"))
            .await;
        assert_eq!(page.status, 200);
        assert!(page.has_text("Allowed"), "{}", page.body);
        assert!(
            page.has_text("oakfield-care.org.uk is on the allow list and active"),
            "{}",
            page.body
        );
        let (code, body) = chris.call("allow-list/list", &[]).await;
        assert_eq!(code, 403, "{body}");
    }
);

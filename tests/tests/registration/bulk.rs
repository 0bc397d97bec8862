use super::*;

// A manager's staff CSV: every row judged, then all requests raised or none.
both!(
    bulk_requests_are_all_or_nothing,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let rachel = portal.signed_in("ra.manager").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        rachel.allow_domain("meadowbank-care.org.uk", "VMB01").await;
        let (_, body) = tom
            .call(
                "registration/raise",
                &request_fields("Open Already", "open@meadowbank-care.org.uk", "VMB01"),
            )
            .await;
        assert!(body.is_string(), "{body}");

        let header = "full_name,email,job_role,ods_code,phone,phone_kind\n";
        let mut bad = String::from(header);
        for i in 0..20 {
            bad.push_str(&format!(
                "Carer {i},carer{i}@meadowbank-care.org.uk,Carer,VMB01,0770090{i:04},personal\n"
            ));
        }
        bad.push_str("Open Already,open@meadowbank-care.org.uk,Carer,VMB01,07700900999,personal\n");
        bad.push_str("Gmail User,someone@gmail.com,Carer,VMB01,07700900998,business\n");
        let (code, location) = tom
            .upload("/requests/bulk/upload", "staff.csv", bad.into_bytes())
            .await;
        assert_eq!(code, 303, "{location}");
        let id = location.strip_prefix("/requests/bulk/").unwrap().to_owned();
        let (code, preview) = tom.call("registration/bulk/preview", &[("id", &id)]).await;
        assert_eq!(code, 200, "{preview}");
        assert_eq!(preview["new_count"], 20);
        let verdicts: Vec<&str> = preview["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["verdict"].as_str().unwrap())
            .collect();
        assert_eq!(
            &verdicts[20..],
            ["Open request exists", "Domain not allowed"]
        );
        let (code, body) = tom.call("registration/bulk/commit", &[("id", &id)]).await;
        assert_eq!(code, 409, "{body}");
        let (_, list) = rachel.call("registration/list", &[]).await;
        assert_eq!(
            list["requests"].as_array().unwrap().len(),
            1,
            "nothing added"
        );

        let mut good = String::from(header);
        for i in 0..120 {
            good.push_str(&format!(
                "Carer {i},carer{i}@meadowbank-care.org.uk,Carer,VMB01,0770090{i:04},personal\n"
            ));
        }
        // The hydrated form's script gets the preview's path as text, to open it itself.
        let (code, location) = tom
            .upload_by_script("/requests/bulk/upload", "staff.csv", good.into_bytes())
            .await;
        assert_eq!(code, 200, "{location}");
        let id = location.strip_prefix("/requests/bulk/").unwrap().to_owned();
        let (code, refused) = tom
            .upload_by_script("/requests/bulk/upload", "staff.csv", b"\xff\xfe".to_vec())
            .await;
        assert_eq!(
            (code, refused.starts_with("/requests/bulk?error=")),
            (200, true),
            "{refused}"
        );
        // Only its uploader sees or sends it.
        assert_eq!(
            rachel
                .call("registration/bulk/preview", &[("id", &id)])
                .await
                .0,
            404
        );
        assert_eq!(
            rachel
                .call("registration/bulk/commit", &[("id", &id)])
                .await
                .0,
            404
        );
        // Uploading needs a sign-in (the guard sends the browser to it) and an
        // organisation to manage.
        let csv = || b"full_name,email,job_role,ods_code,phone,phone_kind\n".to_vec();
        let (code, location) = portal
            .browser()
            .upload("/requests/bulk/upload", "staff.csv", csv())
            .await;
        assert_eq!(
            (code, location.starts_with("/auth/login")),
            (303, true),
            "{location}"
        );
        let (code, location) = portal
            .signed_in("auditor")
            .await
            .upload("/requests/bulk/upload", "staff.csv", csv())
            .await;
        assert_eq!(code, 403, "{location}");
        let (code, body) = tom.call("registration/bulk/commit", &[("id", &id)]).await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(body, 120);
        assert_eq!(
            tom.call("registration/bulk/commit", &[("id", &id)]).await.0,
            409
        );
        let (_, list) = rachel
            .call("registration/list", &[("source", "bulk")])
            .await;
        assert_eq!(list["counts"], serde_json::json!([["submitted", 121]]));
        assert_eq!(list["requests"].as_array().unwrap().len(), 50);
        assert!(list["next"].is_string());
        let audited = portal
            .count("SELECT COUNT(*) FROM audit_events WHERE action = 'registration.submitted'")
            .await;
        assert_eq!(audited, 121);
        let impact = impact_of(&rachel, "meadowbank-care.org.uk").await;
        assert_eq!(
            (impact["open_requests"].as_i64(), impact["devices"].as_i64()),
            (Some(121), Some(0))
        );
        // Suspending the domain flags its open requests for review and refuses new ones.
        let entry = entry_id(&rachel, "meadowbank-care.org.uk").await;
        let (code, body) = rachel
            .call(
                "allow-list/step",
                &[
                    ("id", &entry),
                    ("action", "suspend"),
                    ("reason", "Domain sold"),
                ],
            )
            .await;
        assert_eq!(code, 200, "{body}");
        let (_, list) = rachel
            .call("registration/list", &[("source", "bulk")])
            .await;
        assert_eq!(
            list["requests"][0]["flag"],
            "Email domain meadowbank-care.org.uk was suspended: Domain sold"
        );
        let (code, body) = tom
            .call(
                "registration/raise",
                &request_fields("New Person", "new@meadowbank-care.org.uk", "VMB01"),
            )
            .await;
        assert_eq!(code, 422, "{body}");
        assert!(
            body["Invalid"][0]["message"]
                .as_str()
                .unwrap()
                .contains("suspended")
        );
        // Files that are not CSV go back to the form with a reason.
        let (_, location) = tom
            .upload(
                "/requests/bulk/upload",
                "x.csv",
                b"name,email\nx,y\n".to_vec(),
            )
            .await;
        assert_eq!(location, "/requests/bulk?error=missing_columns");
        // Undelivered mail is visible to RA officers only.
        let (code, mail) = rachel.call("mail/undelivered", &[]).await;
        assert_eq!(code, 200);
        assert!(mail.as_array().unwrap().iter().any(|m| {
            m["subject"]
                .as_str()
                .unwrap()
                .contains("120 new registration requests")
        }));
        assert_eq!(tom.call("mail/undelivered", &[]).await.0, 403);
    }
);

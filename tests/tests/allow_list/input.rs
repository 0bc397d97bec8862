use super::*;

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

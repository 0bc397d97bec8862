use super::*;

// The person opens the emailed link, confirms the emailed code, reads the secret and
// proves it with the app's first code: the device is registered, the link is spent and
// the requester is told.
both!(
    enrolment_registers_a_device,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        let tom_email = portal.give_email("Tom Bell").await;
        let email = format!(
            "amira.{}@meadowbank-care.org.uk",
            uuid::Uuid::new_v4().simple()
        );
        let name = format!("Amira Khan {}", uuid::Uuid::new_v4().simple());
        let id = portal.verified_request(&sam, &tom, &email, &name).await;
        let (c, b) = step(&sam, &id, &[("action", "send_link")]).await;
        assert_eq!(c, 200, "{b}");
        portal.deliver_mail().await;

        let mail = latest_mail(&email, "Set up Microsoft Authenticator").await;
        let text = mail["text"].as_str().unwrap();
        let token = word_after(&mail, "/enrol/");
        assert!(!text.contains("secret"), "no secret in the email");
        let person = portal.browser();
        let (code, view) = person.call("enrolment/open", &[("token", &token)]).await;
        assert_eq!(code, 200, "{view}");
        assert_eq!(view["person_name"], name.as_str());
        assert_eq!(view["problem"], Value::Null);
        // A guessed token learns nothing.
        let (code, _) = person.call("enrolment/open", &[("token", "guess")]).await;
        assert_eq!(code, 422);
        for endpoint in [
            "enrolment/send-code",
            "enrolment/confirm-code",
            "enrolment/finish",
        ] {
            let (code, body) = person
                .call(endpoint, &[("token", "guess"), ("code", "123456")])
                .await;
            assert_eq!(code, 422, "{endpoint}: {body}");
        }

        assert_eq!(
            person
                .call("enrolment/send-code", &[("token", &token)])
                .await
                .0,
            200
        );
        portal.deliver_mail().await;
        let code_mail = latest_mail(&email, "security code").await;
        let emailed = word_after(&code_mail, "security code is ");
        let (status, body) = person
            .call(
                "enrolment/confirm-code",
                &[("token", &token), ("code", "000000")],
            )
            .await;
        if emailed != "000000" {
            assert_eq!(status, 422, "{body}");
            assert!(
                body["Invalid"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("4 more times")
            );
        }
        let (status, secret) = person
            .call(
                "enrolment/confirm-code",
                &[("token", &token), ("code", &emailed)],
            )
            .await;
        assert_eq!(status, 200, "{secret}");
        let base32 = secret["secret"].as_str().unwrap().to_owned();
        assert!(secret["qr_svg"].as_str().unwrap().starts_with("<?xml"));
        // The secret is stored encrypted, never in the clear.
        let stored = portal
            .count("SELECT COUNT(*) FROM enrolment_links WHERE secret_enc IS NOT NULL")
            .await;
        assert_eq!(stored, 1);

        let (status, body) = person
            .call("enrolment/finish", &[("token", &token), ("code", "12345")])
            .await;
        assert_eq!(status, 422, "{body}");
        let (status, body) = person
            .call(
                "enrolment/finish",
                &[("token", &token), ("code", &totp_now(&base32))],
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(state_of(&tom, &id).await, "enrolled");
        let (_, detail) = tom.call("registration/get", &[("id", &id)]).await;
        assert_eq!(detail["devices"].as_array().unwrap().len(), 1);
        assert_eq!(detail["devices"][0]["kind"], "Microsoft Authenticator");
        // The link works once.
        let (_, view) = person.call("enrolment/open", &[("token", &token)]).await;
        assert!(
            view["problem"]
                .as_str()
                .unwrap()
                .contains("already been used")
        );
        let (status, _) = person
            .call(
                "enrolment/finish",
                &[("token", &token), ("code", &totp_now(&base32))],
            )
            .await;
        assert_eq!(status, 409);
        portal.deliver_mail().await;
        latest_mail(&tom_email, &format!("Enrolled: {name}")).await;

        let impact = impact_of(&sam, "meadowbank-care.org.uk").await;
        assert_eq!(
            (impact["open_requests"].as_i64(), impact["devices"].as_i64()),
            (Some(0), Some(1))
        );

        // An RA officer removes the device with a reason; it stays on the record.
        let (status, body) = step(
            &sam,
            &id,
            &[("action", "remove_device"), ("reason", "Phone lost")],
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let (_, detail) = tom.call("registration/get", &[("id", &id)]).await;
        assert_eq!(detail["summary"]["state"], "device_removed");
        assert!(
            detail["devices"][0]["removed"]
                .as_str()
                .unwrap()
                .ends_with("by Sam Okafor: Phone lost")
        );
    }
);

// Five wrong codes lock the link until an RA officer sends a new one; an unused link
// expires after seven days and can be re-sent.
both!(
    wrong_codes_lock_and_links_expire,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        let email = format!(
            "lee.{}@meadowbank-care.org.uk",
            uuid::Uuid::new_v4().simple()
        );
        let id = portal
            .verified_request(&sam, &tom, &email, "Amira Khan")
            .await;
        assert_eq!(step(&sam, &id, &[("action", "send_link")]).await.0, 200);
        portal.deliver_mail().await;
        let token_of = |m: Value| word_after(&m, "/enrol/");
        let token = token_of(latest_mail(&email, "Set up Microsoft Authenticator").await);
        let person = portal.browser();
        person
            .call("enrolment/send-code", &[("token", &token)])
            .await;
        for _ in 0..5 {
            person
                .call(
                    "enrolment/confirm-code",
                    &[("token", &token), ("code", "99999x")],
                )
                .await;
        }
        let (_, view) = person.call("enrolment/open", &[("token", &token)]).await;
        assert!(
            view["problem"]
                .as_str()
                .unwrap()
                .contains("Too many wrong codes"),
            "{view}"
        );

        // A new link replaces the old one.
        assert_eq!(step(&sam, &id, &[("action", "resend_link")]).await.0, 200);
        portal.deliver_mail().await;
        let fresh = token_of(latest_mail(&email, "Set up Microsoft Authenticator").await);
        assert_ne!(fresh, token);
        let (_, view) = person.call("enrolment/open", &[("token", &token)]).await;
        assert!(view["problem"].as_str().unwrap().contains("newer link"));
        let (_, view) = person.call("enrolment/open", &[("token", &fresh)]).await;
        assert_eq!(view["problem"], Value::Null);

        // Eight days on, the portal expires it; the RA can send another.
        let later = chrono::Utc::now() + chrono::Duration::days(8);
        let expired = app::api::enrolment::expire_links(portal.db(), later)
            .await
            .unwrap();
        assert_eq!(expired, 1);
        assert_eq!(state_of(&tom, &id).await, "link_expired");
        assert_eq!(step(&sam, &id, &[("action", "resend_link")]).await.0, 200);
        assert_eq!(state_of(&tom, &id).await, "link_sent");
    }
);

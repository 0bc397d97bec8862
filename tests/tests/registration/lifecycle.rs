use super::*;

// A manager's request is reviewed (locked to one officer), approved, the meeting booked
// and the identity check recorded; the right people are emailed at each step.
both!(
    request_to_identity_verified,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let rachel = portal.signed_in("ra.manager").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        let tom_email = portal.give_email("Tom Bell").await;
        rachel.allow_domain("meadowbank-care.org.uk", "VMB01").await;
        let name = format!("Amira Khan {}", uuid::Uuid::new_v4().simple());

        // Not on the allow list: refused with the reason, on the email field.
        let (code, body) = tom
            .call(
                "registration/raise",
                &request_fields(&name, "amira@gmail.com", "VMB01"),
            )
            .await;
        assert_eq!(code, 422, "{body}");
        assert_eq!(body["Invalid"][0]["field"], "email");
        assert!(
            body["Invalid"][0]["message"]
                .as_str()
                .unwrap()
                .contains("not on the allow list")
        );

        let (code, body) = tom
            .call(
                "registration/raise",
                &request_fields(&name, "Amira@Meadowbank-Care.org.uk", "vmb01"),
            )
            .await;
        assert_eq!(code, 200, "{body}");
        let id = body.as_str().unwrap().to_owned();
        // One open request per person.
        let (code, body) = tom
            .call(
                "registration/raise",
                &request_fields(&name, "amira@meadowbank-care.org.uk", "VMB01"),
            )
            .await;
        assert_eq!(code, 422, "{body}");
        assert!(
            body["Invalid"][0]["message"]
                .as_str()
                .unwrap()
                .contains("already has an open")
        );

        // Sam takes it for review; Rachel must wait.
        assert_eq!(step(&sam, &id, &[("action", "start_review")]).await.0, 200);
        let (code, body) = step(&rachel, &id, &[("action", "approve")]).await;
        assert_eq!(code, 409, "{body}");
        assert!(
            body["Conflict"]
                .as_str()
                .unwrap()
                .starts_with("Sam Okafor is reviewing this request until")
        );
        let (_, detail) = rachel.call("registration/get", &[("id", &id)]).await;
        assert!(
            detail["locked_by_other"]
                .as_str()
                .unwrap()
                .contains("Sam Okafor")
        );
        assert_eq!(step(&sam, &id, &[("action", "approve")]).await.0, 200);

        // Steps out of order say what is possible.
        let (code, body) = step(&sam, &id, &[("action", "record_identity")]).await;
        assert_eq!(code, 409, "{body}");
        assert!(
            body["Conflict"]
                .as_str()
                .unwrap()
                .contains("from here it can: book the meeting")
        );

        let (code, body) = step(
            &sam,
            &id,
            &[
                ("action", "book_meeting"),
                ("meeting_at", "2020-01-01T10:00"),
                ("meeting_mode", "video"),
            ],
        )
        .await;
        assert_eq!(code, 422, "{body}");
        assert_eq!(body["Invalid"][0]["field"], "meeting_at");
        let when = (chrono::Utc::now() + chrono::Duration::days(3))
            .format("%Y-%m-%dT10:00")
            .to_string();
        let (code, body) = step(
            &sam,
            &id,
            &[
                ("action", "book_meeting"),
                ("meeting_at", &when),
                ("meeting_mode", "video"),
            ],
        )
        .await;
        assert_eq!(code, 200, "{body}");

        // The identity check needs photo ID and proof of address, by type.
        let docs = |a: &'static str, b: &'static str, c: &'static str| {
            [
                ("action", "record_identity"),
                ("document_1", a),
                ("document_2", b),
                ("document_3", c),
            ]
        };
        let (code, body) = step(&sam, &id, &docs("passport", "p60", "birth_certificate")).await;
        assert_eq!(code, 422, "{body}");
        assert!(
            body["Invalid"][0]["message"]
                .as_str()
                .unwrap()
                .contains("prove the address")
        );
        let (code, body) = step(
            &sam,
            &id,
            &docs("passport", "utility_bill", "birth_certificate"),
        )
        .await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(state_of(&tom, &id).await, "identity_verified");
        // The kept counts follow every step.
        let (_, queue) = sam.call("registration/list", &[]).await;
        assert_eq!(
            queue["counts"],
            serde_json::json!([["identity_verified", 1]])
        );

        let (_, detail) = tom.call("registration/get", &[("id", &id)]).await;
        let timeline: Vec<String> = detail["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                format!(
                    "{} | {}",
                    t["who"].as_str().unwrap(),
                    t["what"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(timeline.len(), 5, "{timeline:?}");
        assert_eq!(timeline[0], "Tom Bell | Submitted");
        assert_eq!(timeline[1], "Sam Okafor | In review");
        assert_eq!(timeline[2], "Sam Okafor | Approved");
        assert!(
            timeline[3].starts_with("Sam Okafor | Meeting booked. Meeting: "),
            "{}",
            timeline[3]
        );
        assert_eq!(
            timeline[4],
            "Sam Okafor | Identity verified. Documents: Passport, Utility bill (last 3 months), Birth certificate"
        );
        assert_eq!(
            detail["identity_documents"],
            serde_json::json!([
                "Passport",
                "Utility bill (last 3 months)",
                "Birth certificate"
            ])
        );

        // The mail went out through the outbox to the RA team, the requester and the person.
        portal.deliver_mail().await;
        let mails = caught_mail(&name).await;
        let to_subject: Vec<(String, String)> = mails
            .iter()
            .map(|m| {
                (
                    m["to"][0]["address"].as_str().unwrap().to_owned(),
                    m["subject"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert!(
            to_subject.contains(&(
                "ra-team@localhost".into(),
                format!("New registration request: {name} (VMB01)")
            )),
            "{to_subject:?}"
        );
        assert!(
            to_subject.contains(&(
                tom_email.clone(),
                format!("Approved: registration for {name}")
            )),
            "{to_subject:?}"
        );
        let meeting: Vec<Value> = caught_mail("registration meeting")
            .await
            .into_iter()
            .filter(|m| m["text"].as_str().unwrap_or_default().contains(&name))
            .collect();
        assert_eq!(meeting.len(), 1);
        assert_eq!(
            meeting[0]["to"][0]["address"],
            "Amira@meadowbank-care.org.uk"
        );
        assert!(
            meeting[0]["text"]
                .as_str()
                .unwrap()
                .contains("by video call")
        );
    }
);

// Managers see and touch only their organisations' requests, even with a guessed id;
// auditors read but change nothing; the requester may cancel.
both!(
    requests_are_kept_to_their_organisation,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let rachel = portal.signed_in("ra.manager").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        let priya = portal.signed_in("manager.group").await;
        let auditor = portal.signed_in("auditor").await;
        rachel.allow_domain("meadowbank-care.org.uk", "VMB01").await;
        rachel.allow_domain("canterbury-care.org.uk", "VNC01").await;

        // Tom cannot raise for Canterbury; Priya can for her group's sites.
        let (code, _) = tom
            .call(
                "registration/raise",
                &request_fields("Lee Park", "lee@canterbury-care.org.uk", "VNC12"),
            )
            .await;
        assert_eq!(code, 403);
        let (code, body) = priya
            .call(
                "registration/raise",
                &request_fields("Lee Park", "lee@canterbury-care.org.uk", "VNC12"),
            )
            .await;
        assert_eq!(code, 200, "{body}");
        let canterbury = body.as_str().unwrap().to_owned();
        let (_, body) = tom
            .call(
                "registration/raise",
                &request_fields("Amira Khan", "amira@meadowbank-care.org.uk", "VMB01"),
            )
            .await;
        let meadowbank = body.as_str().unwrap().to_owned();

        // Another organisation's request does not exist for Tom.
        assert_eq!(
            tom.call("registration/get", &[("id", &canterbury)]).await.0,
            404
        );
        let (code, _) = tom
            .call(
                "registration/step",
                &[("id", &canterbury), ("action", "cancel")],
            )
            .await;
        assert_eq!(code, 404);
        let (_, list) = tom.call("registration/list", &[]).await;
        let names: Vec<&str> = list["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["person_name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Amira Khan"]);
        // The RA queue has both, with counts.
        let (_, queue) = rachel.call("registration/list", &[]).await;
        assert_eq!(queue["requests"].as_array().unwrap().len(), 2);
        assert_eq!(queue["counts"], serde_json::json!([["submitted", 2]]));
        let (_, filtered) = rachel.call("registration/list", &[("org", "VNC12")]).await;
        assert_eq!(filtered["requests"].as_array().unwrap().len(), 1);

        // Managers cannot run RA steps; auditors read but cannot change.
        let (code, body) = tom
            .call(
                "registration/step",
                &[("id", &meadowbank), ("action", "start_review")],
            )
            .await;
        assert_eq!(code, 403, "{body}");
        assert_eq!(
            auditor
                .call("registration/get", &[("id", &meadowbank)])
                .await
                .0,
            200
        );
        let (code, _) = auditor
            .call(
                "registration/step",
                &[("id", &meadowbank), ("action", "cancel")],
            )
            .await;
        assert_eq!(code, 403);
        // The requester cancels; nothing more can happen to it.
        let (code, body) = tom
            .call(
                "registration/step",
                &[
                    ("id", &meadowbank),
                    ("action", "cancel"),
                    ("reason", "Left the home"),
                ],
            )
            .await;
        assert_eq!(code, 200, "{body}");
        let (code, body) = rachel
            .call(
                "registration/step",
                &[("id", &meadowbank), ("action", "start_review")],
            )
            .await;
        assert_eq!(code, 409, "{body}");
        assert!(
            body["Conflict"]
                .as_str()
                .unwrap()
                .ends_with("nothing more can happen to it.")
        );

        // Without a session: 401.
        let anonymous = portal.browser();
        assert_eq!(anonymous.call("registration/list", &[]).await.0, 401);
        // Signed in without a portal role: 403.
        let nobody = portal.signed_in("no.roles").await;
        assert_eq!(nobody.call("registration/list", &[]).await.0, 403);
        for bad in ["nope", "00000000-0000-0000-0000-000000000000"] {
            assert_eq!(rachel.call("registration/get", &[("id", bad)]).await.0, 404);
        }
    }
);

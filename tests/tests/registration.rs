//! Registration requests through the real portal, with emails caught by a real SMTP
//! catcher, on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::{
    Backend, Browser, TestPortal, both, caught_mail, caught_mail_to, request_fields, totp_now,
};
use serde_json::Value;

/// The id of the allow-list entry for `domain`.
async fn entry_id(officer: &Browser, domain: &str) -> String {
    let (_, list) = officer.call("allow-list/list", &[("q", domain)]).await;
    list["entries"][0]["id"].as_str().unwrap().to_owned()
}

/// What suspending or removing the domain's entry would affect.
async fn impact_of(officer: &Browser, domain: &str) -> Value {
    let id = entry_id(officer, domain).await;
    let (code, impact) = officer.call("allow-list/impact", &[("id", &id)]).await;
    assert_eq!(code, 200, "{impact}");
    impact
}

async fn state_of(b: &Browser, id: &str) -> String {
    let (code, body) = b.call("registration/get", &[("id", id)]).await;
    assert_eq!(code, 200, "{body}");
    body["summary"]["state"].as_str().unwrap().to_owned()
}

async fn step(b: &Browser, id: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let mut all = vec![("id", id)];
    all.extend_from_slice(fields);
    b.call("registration/step", &all).await
}

// A manager's request is reviewed (locked to one officer), approved, the meeting booked
// and the identity check recorded; the right people are emailed at each step.
both!(
    request_to_identity_verified,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let rachel = portal.signed_in("ra.manager").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        portal
            .exec(
                "UPDATE people SET email = $1 WHERE display_name = 'Tom Bell'",
                "tom.bell@meadowbank-care.org.uk",
            )
            .await;
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
                "tom.bell@meadowbank-care.org.uk".into(),
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

/// The newest message caught for `to` whose subject contains `subject`.
async fn latest_mail(to: &str, subject: &str) -> Value {
    caught_mail_to(to, subject)
        .await
        .pop()
        .unwrap_or_else(|| panic!("no mail to {to} about {subject:?}"))
}

/// Takes a request to "identity verified" and returns its id.
async fn verified_request(
    portal: &TestPortal,
    officer: &Browser,
    manager: &Browser,
    email: &str,
) -> String {
    officer
        .allow_domain("meadowbank-care.org.uk", "VMB01")
        .await;
    let (code, body) = manager
        .call(
            "registration/raise",
            &request_fields("Amira Khan", email, "VMB01"),
        )
        .await;
    assert_eq!(code, 200, "{body}");
    let id = body.as_str().unwrap().to_owned();
    let when = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%dT10:00")
        .to_string();
    for fields in [
        vec![("action", "start_review")],
        vec![("action", "approve")],
        vec![
            ("action", "book_meeting"),
            ("meeting_at", when.as_str()),
            ("meeting_mode", "face_to_face"),
        ],
        vec![
            ("action", "record_identity"),
            ("document_1", "photocard_driving_licence"),
            ("document_2", "bank_statement"),
            ("document_3", "p60"),
        ],
    ] {
        let (code, body) = step(officer, &id, &fields).await;
        assert_eq!(code, 200, "{fields:?}: {body}");
    }
    let _ = portal;
    id
}

// The person opens the emailed link, confirms the emailed code, reads the secret and
// proves it with the app's first code: the device is registered, the link is spent and
// the requester is told.
both!(
    enrolment_registers_a_device,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        portal
            .exec(
                "UPDATE people SET email = $1 WHERE display_name = 'Tom Bell'",
                "tom.bell@meadowbank-care.org.uk",
            )
            .await;
        let email = format!(
            "amira.{}@meadowbank-care.org.uk",
            uuid::Uuid::new_v4().simple()
        );
        let id = verified_request(&portal, &sam, &tom, &email).await;
        let (c, b) = step(&sam, &id, &[("action", "send_link")]).await;
        assert_eq!(c, 200, "{b}");
        portal.deliver_mail().await;

        let mail = latest_mail(&email, "Set up Microsoft Authenticator").await;
        let text = mail["text"].as_str().unwrap();
        let token = text
            .split("/enrol/")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned();
        assert!(!text.contains("secret"), "no secret in the email");
        let person = portal.browser();
        let (code, view) = person.call("enrolment/open", &[("token", &token)]).await;
        assert_eq!(code, 200, "{view}");
        assert_eq!(view["person_name"], "Amira Khan");
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
        let emailed: String = code_mail["text"]
            .as_str()
            .unwrap()
            .split("security code is ")
            .nth(1)
            .unwrap()[..6]
            .to_owned();
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
        latest_mail("tom.bell@meadowbank-care.org.uk", "Enrolled: Amira Khan").await;

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
        let id = verified_request(&portal, &sam, &tom, &email).await;
        assert_eq!(step(&sam, &id, &[("action", "send_link")]).await.0, 200);
        portal.deliver_mail().await;
        let token_of = |m: Value| {
            m["text"]
                .as_str()
                .unwrap()
                .split("/enrol/")
                .nth(1)
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
                .to_owned()
        };
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

/// The ids of the queue's requests for these filters, in the order shown.
async fn queue_ids(b: &Browser, filters: &[(&str, &str)]) -> Vec<String> {
    let (code, page) = b.call("registration/list", filters).await;
    assert_eq!(code, 200, "{filters:?}: {page}");
    page["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

// The queue filters like CIM's request reports: who raised a request, which officer
// completed it, newest or oldest first.
both!(
    queue_filters_by_requester_completer_and_order,
    |backend| async move {
        let portal = TestPortal::start(backend).await;
        let rachel = portal.signed_in("ra.manager").await;
        let sam = portal.signed_in("ra.agent").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        let priya = portal.signed_in("manager.group").await;
        rachel.allow_domain("meadowbank-care.org.uk", "VMB01").await;
        rachel.allow_domain("canterbury-care.org.uk", "VNC01").await;
        let mut ids = Vec::new();
        for (who, name, email, org) in [
            (&tom, "Ann Ames", "ann@meadowbank-care.org.uk", "VMB01"),
            (&priya, "Bo Bell", "bo@canterbury-care.org.uk", "VNC01"),
            (&tom, "Cy Cole", "cy@meadowbank-care.org.uk", "VMB01"),
        ] {
            let (code, body) = who
                .call("registration/raise", &request_fields(name, email, org))
                .await;
            assert_eq!(code, 200, "{body}");
            ids.push(body.as_str().unwrap().to_owned());
        }
        let (a, b, c) = (ids[0].clone(), ids[1].clone(), ids[2].clone());
        for fields in [
            vec![("action", "start_review")],
            vec![("action", "reject"), ("reason", "Not staff")],
        ] {
            assert_eq!(step(&sam, &a, &fields).await.0, 200);
        }
        for fields in [
            vec![("action", "start_review")],
            vec![("action", "approve")],
        ] {
            assert_eq!(step(&rachel, &c, &fields).await.0, 200);
        }

        assert_eq!(
            queue_ids(&rachel, &[("requested_by", "tom")]).await,
            [c.as_str(), a.as_str()]
        );
        assert_eq!(
            queue_ids(&rachel, &[("requested_by", "Tom Bell"), ("sort", "oldest")]).await,
            [a.as_str(), c.as_str()]
        );
        assert_eq!(
            queue_ids(&rachel, &[("requested_by", "PRIYA")]).await,
            [b.as_str()]
        );
        assert_eq!(
            queue_ids(&rachel, &[("completed_by", "okafor")]).await,
            [a.as_str()]
        );
        assert!(
            queue_ids(&rachel, &[("completed_by", "Rachel")])
                .await
                .is_empty(),
            "approving does not complete a request"
        );
        assert!(
            queue_ids(&rachel, &[("requested_by", "nobody")])
                .await
                .is_empty()
        );
        assert!(
            queue_ids(&rachel, &[("requested_by", "%")])
                .await
                .is_empty(),
            "wildcards are taken literally"
        );
        assert_eq!(
            queue_ids(&rachel, &[("sort", "oldest")]).await,
            [a.as_str(), b.as_str(), c.as_str()]
        );
        let (code, body) = rachel
            .call("registration/list", &[("sort", "sideways")])
            .await;
        assert_eq!(code, 422, "{body}");
        // Keyset pages follow the order chosen, ties (one bulk upload) included.
        let mut csv = String::from("full_name,email,job_role,ods_code,phone,phone_kind\n");
        for i in 0..60 {
            csv.push_str(&format!(
                "Carer {i},carer{i}@meadowbank-care.org.uk,Carer,VMB01,0770090{i:04},personal\n"
            ));
        }
        let (_, location) = tom
            .upload("/requests/bulk/upload", "staff.csv", csv.into_bytes())
            .await;
        let import = location.strip_prefix("/requests/bulk/").unwrap().to_owned();
        assert_eq!(
            tom.call("registration/bulk/commit", &[("id", &import)])
                .await
                .0,
            200
        );
        for sort in ["oldest", "newest"] {
            let mut seen = Vec::new();
            let mut after = String::new();
            for pages in 1.. {
                // Two pages hold 63 requests; a cursor that repeats rows never ends.
                assert!(pages <= 3, "{sort}: the pages do not end");
                let (_, page) = rachel
                    .call("registration/list", &[("sort", sort), ("after", &after)])
                    .await;
                for r in page["requests"].as_array().unwrap() {
                    seen.push(r["id"].as_str().unwrap().to_owned());
                }
                match page["next"].as_str() {
                    Some(next) => after = next.to_owned(),
                    None => break,
                }
            }
            assert_eq!(seen.len(), 63, "{sort}: every request once");
            let unique: std::collections::HashSet<&String> = seen.iter().collect();
            assert_eq!(unique.len(), 63, "{sort}: no repeats across pages");
            // Ann's request was raised first of all.
            let ann_at = if sort == "oldest" { 0 } else { 62 };
            assert_eq!(seen[ann_at], a, "{sort}");
        }
    }
);

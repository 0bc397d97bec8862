use super::*;

// The link proves the email once; the RA officer approves; the manager then reaches
// their organisation's requests, and nothing else; withdrawing access signs them out.
both!(
    approved_manager_reaches_only_their_organisation,
    |backend| async move {
        let portal = TestPortal::start(backend).await;
        let rachel = portal.signed_in("ra.manager").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        let auditor = portal.signed_in("auditor").await;
        rachel.allow_domain(DOMAIN, ODS).await;
        rachel.allow_domain("meadowbank-care.org.uk", "VMB01").await;
        let email = unique_email("ada", DOMAIN);

        // First link: the email is proved and the access waits; no session.
        let ada = portal.browser();
        let token = fresh_link(&portal, &email).await;
        let page = use_link(&portal, &ada, &token).await;
        assert_eq!(page.path(), "/manager-access/pending", "{}", page.body);
        assert_eq!(ada.call("registration/list", &[]).await.0, 401);
        let again = use_link(&portal, &ada, &token).await;
        assert_eq!(again.path(), "/sign-in-problem");
        assert!(again.has_text("already been used or has expired"));
        portal.deliver_mail().await;
        assert!(
            caught_mail("Manager access to approve: Ada Obi")
                .await
                .iter()
                .any(|m| m["text"].as_str().unwrap().contains(&email)),
            "the RA team is told"
        );

        // Only RA officers see and decide.
        let id = pending_id(&rachel, &email).await;
        assert_eq!(tom.call("ra/managers/list", &[]).await.0, 403);
        assert_eq!(auditor.call("ra/managers/list", &[]).await.0, 403);
        assert_eq!(portal.browser().call("ra/managers/list", &[]).await.0, 401);
        let approve = [("decision", "approve")];
        assert_eq!(decide(&tom, &id, &approve).await.0, 403);
        let (code, access) = rachel.call("ra/managers/get", &[("id", &id)]).await;
        assert_eq!(code, 200, "{access}");
        assert_eq!(access["email"], email.as_str());
        assert_eq!(access["domain_allowed"], true);
        assert_eq!(access["domain_note"], Value::Null, "listed for {ODS}");
        assert_eq!(tom.call("ra/managers/get", &[("id", &id)]).await.0, 403);
        assert_eq!(
            portal
                .browser()
                .call("ra/managers/get", &[("id", &id)])
                .await
                .0,
            401
        );
        assert_eq!(
            rachel.call("ra/managers/get", &[("id", "nope")]).await.0,
            404
        );
        let (code, body) = decide(&rachel, &id, &approve).await;
        assert_eq!(code, 422, "the organisation is new to the portal: {body}");
        assert!(
            body.to_string()
                .contains("Enter the name of the organisation")
        );
        let (code, body) = decide(
            &rachel,
            &id,
            &[("decision", "approve"), ("org_name", "Oak Lodge Care Home")],
        )
        .await;
        assert_eq!(code, 200, "{body}");
        let (code, body) = decide(&rachel, &id, &approve).await;
        assert_eq!(code, 422, "approved already: {body}");
        assert!(body.to_string().contains("you can only revoke it"));
        portal.deliver_mail().await;
        assert_eq!(
            caught_mail_to(&email, "You can now use RA Portal")
                .await
                .len(),
            1
        );

        // An address whose domain is listed for another organisation: the officer is
        // asked to check, on the page too.
        let eve = unique_email("eve", "meadowbank-care.org.uk");
        let token = fresh_link(&portal, &eve).await;
        use_link(&portal, &portal.browser(), &token).await;
        let eve_id = pending_id(&rachel, &eve).await;
        let (_, access) = rachel.call("ra/managers/get", &[("id", &eve_id)]).await;
        assert_eq!(
            access["domain_note"],
            format!(
                "meadowbank-care.org.uk is on the allow list for VMB01, not {ODS}. Check that this manager works for {ODS} before approving."
            )
        );
        let page = rachel
            .get(&portal.url(&format!("/ra/managers/{eve_id}")))
            .await;
        assert!(page.has_text("Check the organisation"), "{}", page.body);

        // A new link now signs her in, as manager of that one organisation.
        let (code, _) = ask(&portal.browser(), "Someone Else", &email, ODS).await;
        assert_eq!(code, 200);
        let token = fresh_link(&portal, &email).await;
        let home = use_link(&portal, &ada, &token).await;
        assert_eq!(home.path(), "/organisation", "{}", home.body);
        let (_, me) = ada.call("session/whoami", &[]).await;
        assert_eq!(me["signed_in_with"], "email_link");
        assert_eq!(me["roles"].as_array().unwrap().len(), 1);
        assert_eq!(me["organisations"][0]["name"], "Oak Lodge Care Home");
        assert_eq!(
            me["display_name"], "Ada Obi",
            "the approved name, not the last typed"
        );

        let staff = unique_email("ben", DOMAIN);
        let (code, body) = ada
            .call(
                "registration/raise",
                &request_fields("Ben Ode", &staff, ODS),
            )
            .await;
        assert_eq!(code, 200, "{body}");
        let own = body.as_str().unwrap().to_owned();
        let (_, detail) = ada.call("registration/get", &[("id", &own)]).await;
        assert_eq!(detail["summary"]["source"], "self_service");
        let (code, _) = ada
            .call(
                "registration/raise",
                &request_fields(
                    "Cy Dee",
                    &unique_email("cy", "meadowbank-care.org.uk"),
                    "VMB01",
                ),
            )
            .await;
        assert_eq!(code, 403, "not her organisation");

        let (code, body) = tom
            .call(
                "registration/raise",
                &request_fields(
                    "Di Eze",
                    &unique_email("di", "meadowbank-care.org.uk"),
                    "VMB01",
                ),
            )
            .await;
        assert_eq!(code, 200, "{body}");
        let other = body.as_str().unwrap().to_owned();
        assert_eq!(ada.call("registration/get", &[("id", &other)]).await.0, 404);
        let (_, list) = ada.call("registration/list", &[]).await;
        let ids: Vec<&str> = list["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [own.as_str()]);
        assert_eq!(ada.get(&portal.url("/ra")).await.status, 403);
        assert_eq!(ada.call("ra/managers/list", &[]).await.0, 403);

        // Withdrawn: a reason is required, and her session ends at once.
        let revoke = [("decision", "revoke")];
        assert_eq!(decide(&rachel, &id, &revoke).await.0, 422);
        let (code, body) = decide(
            &rachel,
            &id,
            &[("decision", "revoke"), ("reason", "Left the home")],
        )
        .await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(ada.call("registration/list", &[]).await.0, 401);
        let token = fresh_link(&portal, &email).await;
        let page = use_link(&portal, &ada, &token).await;
        assert_eq!(
            page.path(),
            "/manager-access/pending",
            "withdrawn access starts again from a new application"
        );

        let actions = portal.audit_actions().await;
        for action in [
            "manager_access.requested",
            "manager_access.approve",
            "manager_access.revoke",
        ] {
            assert!(actions.iter().any(|a| a == action), "{action} audited");
        }
    }
);

// An email-link manager of a group reaches neither its sites nor the allow list, and
// their bulk uploads are marked self-service too.
both!(
    email_link_manager_stays_within_one_organisation,
    |backend| async move {
        let portal = TestPortal::start(backend).await;
        let rachel = portal.signed_in("ra.manager").await;
        let domain = "canterbury-care.org.uk";
        rachel.allow_domain(domain, "VNC01").await;
        let email = unique_email("lee", domain);
        let lee = portal.browser();
        let token = link_for(&portal, &email, "VNC01").await;
        assert_eq!(
            use_link(&portal, &lee, &token).await.path(),
            "/manager-access/pending"
        );
        let id = pending_id(&rachel, &email).await;
        let (code, body) = decide(&rachel, &id, &[("decision", "approve")]).await;
        assert_eq!(code, 200, "a known organisation needs no name: {body}");
        let token = link_for(&portal, &email, "VNC01").await;
        assert_eq!(
            use_link(&portal, &lee, &token).await.path(),
            "/organisation"
        );

        // One organisation: no sites of the group.
        let (_, orgs) = lee.call("organisation/mine", &[]).await;
        assert_eq!(orgs[0]["ods_code"], "VNC01");
        assert_eq!(orgs[0]["sites"].as_array().unwrap().len(), 0);
        let site_request = request_fields("Mo Ali", "mo@canterbury-care.org.uk", "VNC11");
        assert_eq!(lee.call("registration/raise", &site_request).await.0, 403);
        let priya = portal.signed_in("manager.group").await;
        let (code, body) = priya.call("registration/raise", &site_request).await;
        assert_eq!(code, 200, "the CIS2 sponsor of the group may: {body}");
        let site_id = body.as_str().unwrap().to_owned();
        assert_eq!(
            lee.call("registration/get", &[("id", &site_id)]).await.0,
            404
        );

        // The allow list is for CIS2 sign-ins; checking an address stays open for the form.
        let (_, list) = rachel.call("allow-list/list", &[("q", domain)]).await;
        let entry = list["entries"][0]["id"].as_str().unwrap().to_owned();
        assert_eq!(lee.call("allow-list/list", &[]).await.0, 403);
        assert_eq!(lee.call("allow-list/entry", &[("id", &entry)]).await.0, 403);
        let domain_request = [
            ("domain", "gmail.com"),
            ("ods_code", "VNC01"),
            ("reason", "Staff use it"),
            ("evidence_url", ""),
        ];
        assert_eq!(lee.call("allow-list/request", &domain_request).await.0, 403);
        assert_eq!(lee.get(&portal.url("/allow-list")).await.status, 403);
        assert_eq!(
            lee.get_raw(&portal.url("/api/allow-list/export.csv"))
                .await
                .status(),
            403
        );
        let (code, answer) = lee
            .call(
                "allow-list/check",
                &[("address", "x@canterbury-care.org.uk")],
            )
            .await;
        assert_eq!(code, 200, "{answer}");
        assert_eq!(answer["allowed"], true);

        // Bulk: marked self-service, like their single requests.
        let csv = format!(
            "full_name,email,job_role,ods_code,phone,phone_kind\n\
             Ana Bo,{},Carer,VNC01,07700900111,personal\n",
            unique_email("ana", domain)
        );
        let (code, location) = lee
            .upload("/requests/bulk/upload", "staff.csv", csv.into_bytes())
            .await;
        assert_eq!(code, 303, "{location}");
        let import = location.strip_prefix("/requests/bulk/").unwrap().to_owned();
        let (code, body) = lee
            .call("registration/bulk/commit", &[("id", &import)])
            .await;
        assert_eq!(code, 200, "{body}");
        let (_, list) = lee.call("registration/list", &[]).await;
        let sources: Vec<&str> = list["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["source"].as_str().unwrap())
            .collect();
        assert_eq!(sources, ["self_service"]);
    }
);

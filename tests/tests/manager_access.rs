//! Managers without a CIS2 identity, through the real portal with the real SMTP catcher,
//! on SQLite and PostgreSQL: the neutral answer, the one-time sign-in link, the RA
//! officer's approval, and a session that reaches only the approved organisation.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::{
    Browser, Hop, Page, TestPortal, both, caught_mail, caught_mail_to, request_fields,
};
use serde_json::Value;

const DOMAIN: &str = "oaklodge-care.org.uk";
const ODS: &str = "VOK01";

fn unique_email(name: &str, domain: &str) -> String {
    format!("{name}.{}@{domain}", uuid::Uuid::new_v4().simple())
}

async fn ask(b: &Browser, name: &str, email: &str, ods: &str) -> (u16, Value) {
    b.call(
        "manager-access/ask",
        &[("full_name", name), ("email", email), ("ods_code", ods)],
    )
    .await
}

/// Asks for a link, delivers the outbox and returns the token from the newest email.
async fn fresh_link(portal: &TestPortal, email: &str) -> String {
    link_for(portal, email, ODS).await
}

/// Asks for a link to manage `ods` and returns the token from the newest email.
async fn link_for(portal: &TestPortal, email: &str, ods: &str) -> String {
    let (code, body) = ask(&portal.browser(), "Ada Obi", email, ods).await;
    assert_eq!(code, 200, "{body}");
    portal.deliver_mail().await;
    let mails = caught_mail_to(email, "sign-in link").await;
    let text = mails.last().expect("a sign-in link was emailed")["text"]
        .as_str()
        .unwrap()
        .to_owned();
    text.split("/manager-access/sign-in/")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// Presses the button on the link's page, as the person does.
async fn use_link(portal: &TestPortal, b: &Browser, token: &str) -> Page {
    let page = b
        .get(&portal.url(&format!("/manager-access/sign-in/{token}")))
        .await;
    assert_eq!(page.status, 200);
    let action = page.form_action("/auth/email-link");
    match b.post_form(&action, &[("token", token)], false).await {
        Hop::Page(p) => p,
        Hop::Callback(_) => unreachable!(),
    }
}

async fn pending_id(officer: &Browser, email: &str) -> String {
    let (code, list) = officer.call("ra/managers/list", &[]).await;
    assert_eq!(code, 200, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == email)
        .unwrap_or_else(|| panic!("{email} is not waiting: {list}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn decide(officer: &Browser, id: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let mut all = vec![("id", id)];
    all.extend_from_slice(fields);
    officer.call("ra/managers/decide", &all).await
}

// Every well-formed request gets the same answer; only an allowed address gets a link,
// stored as a hash, and asking again and again does not flood the inbox.
both!(
    neutral_answer_and_links_only_for_allowed_domains,
    |backend| async move {
        let portal = TestPortal::start(backend).await;
        let rachel = portal.signed_in("ra.manager").await;
        rachel.allow_domain(DOMAIN, ODS).await;
        let anonymous = portal.browser();
        let known = unique_email("ada", DOMAIN);
        let unknown = unique_email("eve", "gmail.com");

        let (code_known, answer_known) = ask(&anonymous, "Ada Obi", &known, ODS).await;
        let (code_unknown, answer_unknown) = ask(&anonymous, "Eve", &unknown, ODS).await;
        assert_eq!((code_known, code_unknown), (200, 200));
        assert_eq!(answer_known, answer_unknown, "no account discovery");

        let (code, body) = ask(&anonymous, " ", "not-an-email", "!!").await;
        assert_eq!(code, 422, "{body}");
        let text = body.to_string();
        for message in ["Enter your full name", "with an @", "ODS"] {
            assert!(text.contains(message), "{message} in {text}");
        }

        portal.deliver_mail().await;
        let mails = caught_mail_to(&known, "sign-in link").await;
        assert_eq!(mails.len(), 1);
        assert!(
            !mails[0]["text"].as_str().unwrap().contains("Ada Obi"),
            "the typed name is not sent to the inbox"
        );
        assert!(
            mails[0]["html"]
                .as_str()
                .unwrap()
                .contains("Sign in to RA Portal")
        );
        assert!(caught_mail_to(&unknown, "sign-in link").await.is_empty());

        // Only the hash is kept: the token from the email is nowhere in the table.
        let token = fresh_link(&portal, &known).await;
        let stored = format!(
            "SELECT COUNT(*) FROM email_sign_in_links WHERE token_hash = '{token}' \
         OR email LIKE '%{token}%' OR full_name LIKE '%{token}%'"
        );
        assert_eq!(portal.count(&stored).await, 0);
        let hashed = format!(
            "SELECT COUNT(*) FROM email_sign_in_links WHERE token_hash = '{}'",
            app::api::secrets::token_hash(&token)
        );
        assert_eq!(
            portal.count(&hashed).await,
            1,
            "its SHA-256 is what is kept"
        );
        assert_eq!(
            portal
                .count("SELECT COUNT(*) FROM email_sign_in_links")
                .await,
            2
        );

        for _ in 0..3 {
            assert_eq!(ask(&anonymous, "Ada Obi", &known, ODS).await.0, 200);
        }
        let live = format!("SELECT COUNT(*) FROM email_sign_in_links WHERE email = '{known}'");
        assert_eq!(portal.count(&live).await, 3, "at most three live links");
    }
);

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

// Links expire after 15 minutes; an approved manager whose domain left the allow list
// cannot sign in; bad ids and tokens get clear answers, not errors.
both!(
    expired_links_and_removed_domains_are_refused,
    |backend| async move {
        let portal = TestPortal::start(backend).await;
        let rachel = portal.signed_in("ra.manager").await;
        rachel.allow_domain(DOMAIN, ODS).await;
        let email = unique_email("ada", DOMAIN);
        let b = portal.browser();

        // The same link pressed twice at once: exactly one press gets through.
        let token = fresh_link(&portal, &email).await;
        let (first, second) = (portal.browser(), portal.browser());
        let (p1, p2) = tokio::join!(
            use_link(&portal, &first, &token),
            use_link(&portal, &second, &token)
        );
        let mut landed = [p1.path().to_owned(), p2.path().to_owned()];
        landed.sort();
        assert_eq!(landed, ["/manager-access/pending", "/sign-in-problem"]);
        let refusals = "SELECT COUNT(*) FROM audit_events WHERE action = 'sign_in_refused'";
        assert_eq!(
            portal.count(refusals).await,
            1,
            "the refused press is audited"
        );
        let applications = "SELECT COUNT(*) FROM manager_access";
        assert_eq!(portal.count(applications).await, 1);

        let token = fresh_link(&portal, &email).await;
        portal
            .exec_at(
                "UPDATE email_sign_in_links SET expires_at = $1",
                chrono::Utc::now() - chrono::Duration::seconds(1),
            )
            .await;
        let page = use_link(&portal, &b, &token).await;
        assert_eq!(page.path(), "/sign-in-problem");
        assert!(page.has_text("already been used or has expired"));
        assert!(
            page.has_text("href=\"/manager-access\""),
            "start again asks for a link"
        );
        let page = use_link(&portal, &b, "made-up-token").await;
        assert_eq!(page.path(), "/sign-in-problem");

        let token = fresh_link(&portal, &email).await;
        assert_eq!(
            use_link(&portal, &b, &token).await.path(),
            "/manager-access/pending"
        );
        assert_eq!(portal.count(applications).await, 1, "still one application");
        let id = pending_id(&rachel, &email).await;
        let (code, body) = decide(&rachel, &id, &[("decision", "reject"), ("reason", "")]).await;
        assert_eq!(code, 422, "{body}");
        for bad in ["nope", "00000000-0000-0000-0000-000000000000"] {
            assert_eq!(
                decide(&rachel, bad, &[("decision", "approve")]).await.0,
                404
            );
        }
        assert_eq!(
            decide(&rachel, &id, &[("decision", "promote")]).await.0,
            422
        );
        let (code, body) = decide(
            &rachel,
            &id,
            &[("decision", "approve"), ("org_name", "Oak Lodge Care Home")],
        )
        .await;
        assert_eq!(code, 200, "{body}");

        // The domain is removed from the allow list: a link sent before is refused when
        // used, and no new link is sent, behind the same neutral answer.
        let early = fresh_link(&portal, &email).await;
        let (_, list) = rachel.call("allow-list/list", &[("q", DOMAIN)]).await;
        let entry = list["entries"][0]["id"].as_str().unwrap().to_owned();
        let (code, body) = rachel
            .call(
                "allow-list/step",
                &[
                    ("id", &entry),
                    ("action", "remove"),
                    ("reason", "Home closed"),
                ],
            )
            .await;
        assert_eq!(code, 200, "{body}");
        let page = use_link(&portal, &b, &early).await;
        assert_eq!(page.path(), "/sign-in-problem");
        assert!(page.has_text("no longer on the allow list"));
        assert_eq!(b.call("registration/list", &[]).await.0, 401);
        let unused = "SELECT COUNT(*) FROM email_sign_in_links WHERE used_at IS NULL";
        let before = portal.count(unused).await;
        assert_eq!(
            ask(&b, "Ada Obi", &email, ODS).await.0,
            200,
            "same neutral answer"
        );
        assert_eq!(
            portal.count(unused).await,
            before,
            "no link for a removed domain"
        );
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

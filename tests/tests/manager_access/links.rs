use super::*;

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

// Links expire after 10 minutes; an approved manager whose domain left the allow list
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

//! Each entry says who acted, as what and from where: the person's name, roles and
//! organisation as they were, their CIS2 identity, the request's id (the one the
//! response carried) and the client's address. A refusal and an export are entries too.

use super::*;

both!(
    an_entry_names_who_acted_as_what_and_from_where,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.manager").await;
        let before = head(&portal).await;
        let domain = format!("prov-{}.org.uk", uuid::Uuid::new_v4().simple());
        let res = officer
            .client()
            .post(portal.url("/api/allow-list/add"))
            .header("origin", portal.url(""))
            .header("accept", "application/json")
            // A client's own id is not what the trail records.
            .header("x-request-id", "chosen-by-the-client")
            .form(&[
                ("domain", domain.as_str()),
                ("ods_code", "VMB01"),
                ("note", ""),
                ("initial", "active"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let request_id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_ne!(request_id, "chosen-by-the-client");
        let entries = entries_after(&portal, before).await;
        assert_eq!(entries.len(), 1);
        let e = &entries[0];
        assert_eq!(e.action, "allow_list.added");
        assert_eq!(e.actor_name.as_deref(), Some("Rachel Adeyemi"));
        assert_eq!(
            e.actor_role.as_deref(),
            Some("RA manager at RX1; Organisation manager at RX1")
        );
        assert_eq!(e.actor_org.as_deref(), Some("RX1"));
        assert_eq!(e.actor_subject.as_deref(), Some("555000000101"));
        assert_eq!(
            e.actor_issuer.as_deref(),
            Some(ra_portal_tests::issuer().as_str())
        );
        assert_eq!(e.subject_org.as_deref(), Some("VMB01"));
        assert_eq!(e.request_id.as_deref(), Some(request_id.as_str()));
        assert_eq!(e.client_addr.as_deref(), Some("127.0.0.1"));
        assert_eq!(e.details.0["domain"], domain.as_str());
    }
);

// Someone signed in who is refused is recorded, once, with what they tried; someone not
// signed in is not (there is nobody to name).
both!(a_refusal_is_an_entry, |backend: Backend| async move {
    let portal = TestPortal::start(backend).await;
    let manager = portal.signed_in("manager.meadowbank").await;
    let before = head(&portal).await;
    let (code, _) = manager
        .call(
            "allow-list/add",
            &[
                ("domain", "x.org.uk"),
                ("ods_code", "VMB01"),
                ("note", ""),
                ("initial", "active"),
            ],
        )
        .await;
    assert_eq!(code, 403);
    assert_eq!(manager.get(&portal.url("/audit")).await.status, 403);
    assert_eq!(portal.browser().call("allow-list/add", &[]).await.0, 401);
    let entries = entries_after(&portal, before).await;
    let seen: Vec<(&str, Option<&str>, &str)> = entries
        .iter()
        .map(|e| {
            (
                e.action.as_str(),
                e.actor_name.as_deref(),
                e.subject_id.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("access.refused", Some("Tom Bell"), "/api/allow-list/add"),
            ("access.refused", Some("Tom Bell"), "/audit"),
        ]
    );
    assert_eq!(entries[0].details.0["method"], "POST");
});

// An export is an entry naming the file, its filters and how many rows left the portal;
// the trail's own export ends with the latest signed checkpoint.
both!(
    exports_are_entries_and_carry_the_checkpoint,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.manager").await;
        officer
            .allow_domain(
                &format!("export-{}.org.uk", uuid::Uuid::new_v4().simple()),
                "VMB01",
            )
            .await;
        let signed = ra_db::repo::audit::checkpoints::sign_head(
            portal.db(),
            &portal.state.audit_key,
            chrono::Utc::now(),
        )
        .await
        .unwrap()
        .unwrap();
        let auditor = portal.signed_in("auditor").await;
        let before = head(&portal).await;
        let res = auditor
            .get_raw(&portal.url("/api/audit/export.csv?action=allow_list.added"))
            .await;
        assert_eq!(res.status(), 200);
        let csv = res.text().await.unwrap();
        let mut parts = csv.split("\n\n");
        let rows: Vec<&str> = parts.next().unwrap().lines().collect();
        assert!(rows[0].starts_with("position,occurred_at,actor"), "{csv}");
        assert_eq!(rows.len(), 2, "the one domain added: {csv}");
        assert!(rows[1].contains("Rachel Adeyemi"), "{csv}");
        let checkpoint: Vec<&str> = parts.next().unwrap().lines().collect();
        assert!(checkpoint[0].starts_with("checkpoint_position,checkpoint_entry_hash"));
        assert!(
            checkpoint[1].starts_with(&format!("{},{}", signed.position, signed.entry_hash)),
            "{csv}"
        );
        let entries = entries_after(&portal, before).await;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].action, "export.csv");
        assert_eq!(entries[0].actor_name.as_deref(), Some("Grace Lin"));
        assert_eq!(entries[0].details.0["file"], "audit-trail.csv");
        assert_eq!(entries[0].details.0["rows"], 1);
        assert_eq!(entries[0].details.0["filters"], "action=allow_list.added");
        // An officer may not take the trail away.
        assert_eq!(
            officer
                .get_raw(&portal.url("/api/audit/export.csv"))
                .await
                .status(),
            403
        );
    }
);

//! One chain: it verifies after real work, two instances writing at once leave one
//! unbroken chain, the database refuses to change or remove entries, and whoever gets
//! round the refusal (a database administrator) is found at the entry they touched.

use super::*;

// An RA officer's and a manager's day leaves entries 1..N, each linked to the one before,
// and the auditors' verification says so; a signed checkpoint is checked with them.
both!(
    real_work_leaves_a_chain_that_verifies,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.manager").await;
        for i in 0..3 {
            officer
                .allow_domain(
                    &format!("chain-{i}-{}.org.uk", uuid::Uuid::new_v4().simple()),
                    "VMB01",
                )
                .await;
        }
        let signed = ra_db::repo::audit::checkpoints::sign_head(
            portal.db(),
            &portal.state.audit_key,
            chrono::Utc::now(),
        )
        .await
        .unwrap()
        .expect("the head moved, so it is signed");
        let n = portal.count("SELECT COUNT(*) FROM audit_events").await;
        assert_eq!(signed.position, n, "every entry is in the chain");
        let report = verify(&portal).await;
        assert!(report.verified, "{}", report.message);
        assert_eq!(
            report.message,
            format!("All {n} entries verify (0 redacted), with 1 signed checkpoint.")
        );
        // The auditors' function says the same, and is the auditors' only.
        let auditor = portal.signed_in("auditor").await;
        let (code, body) = auditor.call("audit/verify", &[]).await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(body["verified"], true, "{body}");
        assert_eq!(officer.call("audit/verify", &[]).await.0, 403);
    }
);

// The signing key is replaced: checkpoints the old key signed still verify while its
// public key is listed among the earlier ones, and a trail checked with the new key
// alone names the first checkpoint it cannot trust.
both!(
    a_replaced_signing_key_keeps_its_checkpoints_trusted_when_listed,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.manager").await;
        officer.allow_domain("rotation-one.org.uk", "VMB01").await;
        let old = portal.state.audit_key.clone();
        let sign = |key: std::sync::Arc<ra_domain::audit::CheckpointKey>| {
            let db = portal.db().clone();
            async move {
                ra_db::repo::audit::checkpoints::sign_head(&db, &key, chrono::Utc::now())
                    .await
                    .unwrap()
                    .expect("the head moved, so it is signed")
            }
        };
        let first = sign(old.clone()).await;
        let new = std::sync::Arc::new(
            ra_domain::audit::CheckpointKey::from_base64(
                "HxwdHhscGRoXGBUWExQREg8QDQ4LDAkKBwgFBgMEAQI=",
            )
            .unwrap(),
        );
        officer.allow_domain("rotation-two.org.uk", "VMB01").await;
        sign(new.clone()).await;
        let check = |keys: Vec<ra_domain::audit::PublicKey>| {
            let db = portal.db().clone();
            async move { app::api::audit::check_trail(&db, &keys).await.unwrap() }
        };
        let both = check(vec![new.public(), old.public()]).await;
        assert!(both.verified, "{}", both.message);
        assert!(
            both.message.ends_with("with 2 signed checkpoints."),
            "{}",
            both.message
        );
        let new_only = check(vec![new.public()]).await;
        assert!(!new_only.verified);
        assert!(
            new_only.message.contains(&format!(
                "the checkpoint at entry {} is not signed by a trusted audit key",
                first.position
            )),
            "{}",
            new_only.message
        );
    }
);

// The database itself refuses to change or remove an entry, or a checkpoint.
both!(
    entries_cannot_be_changed_or_removed,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        portal.signed_in("ra.manager").await;
        for sql in [
            "UPDATE audit_events SET action = 'signed_out'",
            "UPDATE audit_events SET details = '{\"redacted\":true}', payload_salt = NULL",
            "UPDATE audit_events SET position = position + 1000",
            "DELETE FROM audit_events",
            "DELETE FROM audit_chain_head",
        ] {
            let refused = try_exec(&portal, sql).await.unwrap_err();
            assert!(refused.contains("append-only"), "{sql}: {refused}");
        }
        assert!(verify(&portal).await.verified);
    }
);

// Someone who removes the database's guard and edits the trail is found: an edited
// payload, an edited column, a deleted entry each name their position.
both!(
    tampering_is_found_at_its_entry,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.manager").await;
        for i in 0..4 {
            officer
                .allow_domain(
                    &format!("tamper-{i}-{}.org.uk", uuid::Uuid::new_v4().simple()),
                    "VMB01",
                )
                .await;
        }
        let drop_guards: &[&str] = match backend {
            Backend::Sqlite => &[
                "DROP TRIGGER audit_events_no_update",
                "DROP TRIGGER audit_events_no_delete",
            ],
            Backend::Postgres => &["DROP TRIGGER audit_events_append_only ON audit_events"],
        };
        for sql in drop_guards {
            try_exec(&portal, sql).await.unwrap();
        }
        let target = head(&portal).await - 2;
        let original = entries_after(&portal, target - 1).await[0]
            .details
            .0
            .clone();
        let set_details = match backend {
            Backend::Sqlite => {
                format!("UPDATE audit_events SET details = $1 WHERE position = {target}")
            }
            Backend::Postgres => format!(
                "UPDATE audit_events SET details = CAST($1 AS JSONB) WHERE position = {target}"
            ),
        };
        let mut edited = original.clone();
        edited["summary"] = serde_json::json!("Nothing to see here");
        portal.exec(&set_details, &edited.to_string()).await;
        let report = verify(&portal).await;
        assert!(!report.verified);
        assert!(
            report
                .message
                .contains(&format!("entry {target}'s details were altered")),
            "{}",
            report.message
        );
        portal.exec(&set_details, &original.to_string()).await;
        assert!(
            verify(&portal).await.verified,
            "put back, it verifies again"
        );

        try_exec(
            &portal,
            &format!("UPDATE audit_events SET action = 'signed_out' WHERE position = {target}"),
        )
        .await
        .unwrap();
        let report = verify(&portal).await;
        assert!(
            report
                .message
                .contains(&format!("entry {target} was altered")),
            "{}",
            report.message
        );

        try_exec(
            &portal,
            &format!("DELETE FROM audit_events WHERE position = {}", target - 1),
        )
        .await
        .unwrap();
        let report = verify(&portal).await;
        assert!(
            report
                .message
                .contains(&format!("entry {} is missing", target - 1)),
            "{}",
            report.message
        );
    }
);

// Two instances on one PostgreSQL, each writing from two tasks at once: positions are
// 1..N with no gap or repeat, every link holds, and the trail verifies.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_writing_at_once_leave_one_chain() {
    let (a, b) =
        TestPortal::start_pair(Backend::Postgres, ra_portal_tests::PortalOptions::default()).await;
    let on_a = a.signed_in("ra.manager").await;
    let on_b = on_a.on(&b.url(""));
    let before = a.count("SELECT COUNT(*) FROM audit_events").await;
    let mut tasks = Vec::new();
    for (i, browser) in [on_a.clone(), on_b.clone(), on_a, on_b]
        .into_iter()
        .enumerate()
    {
        tasks.push(tokio::spawn(async move {
            for j in 0..15 {
                browser
                    .allow_domain(
                        &format!("pair-{i}-{j}-{}.org.uk", uuid::Uuid::new_v4().simple()),
                        "VMB01",
                    )
                    .await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let n = a.count("SELECT COUNT(*) FROM audit_events").await;
    assert_eq!(n, before + 60, "one entry per domain added");
    assert_eq!(
        a.count("SELECT COUNT(DISTINCT position) FROM audit_events WHERE position BETWEEN 1 AND (SELECT position FROM audit_chain_head)").await,
        n,
        "positions 1..N, each once"
    );
    let report = verify(&a).await;
    assert!(report.verified, "{}", report.message);
}

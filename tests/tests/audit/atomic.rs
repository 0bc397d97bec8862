//! A change and its audit entry commit together or not at all: with the entry made to
//! fail (a trigger in the test database), the change it records leaves nothing behind.

use super::*;
use ra_portal_tests::request_fields;

/// Makes every insert of an entry with `action` fail, as a full disk or a broken
/// constraint would.
async fn fail_audit_of(portal: &TestPortal, backend: Backend, action: &str) {
    let sql: Vec<String> = match backend {
        Backend::Sqlite => vec![format!(
            "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events WHEN NEW.action = '{action}' \
             BEGIN SELECT RAISE(ABORT, 'audit insert failed (test)'); END"
        )],
        Backend::Postgres => vec![
            "CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'audit insert failed (test)'; END $$"
                .into(),
            format!(
                "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events FOR EACH ROW \
                 WHEN (NEW.action = '{action}') EXECUTE FUNCTION fail_audit()"
            ),
        ],
    };
    for s in sql {
        try_exec(portal, &s).await.unwrap();
    }
}

both!(
    a_change_whose_entry_fails_leaves_nothing,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.manager").await;
        let manager = portal.signed_in("manager.meadowbank").await;
        officer
            .allow_domain("meadowbank-care.org.uk", "VMB01")
            .await;
        fail_audit_of(&portal, backend, "registration.submitted").await;
        let head_before = head(&portal).await;

        let email = format!(
            "atomic.{}@meadowbank-care.org.uk",
            uuid::Uuid::new_v4().simple()
        );
        let (code, body) = manager
            .call(
                "registration/raise",
                &request_fields("Ana Tomic", &email, "VMB01"),
            )
            .await;
        assert_eq!(code, 500, "{body}");
        assert_eq!(
            portal
                .count(&format!(
                    "SELECT COUNT(*) FROM registration_requests WHERE email = '{email}'"
                ))
                .await,
            0,
            "no request without its entry"
        );
        assert_eq!(
            portal
                .count("SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%Ana Tomic%'")
                .await,
            0,
            "and no email about it"
        );
        assert_eq!(
            portal
                .count("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM registration_state_counts")
                .await,
            portal
                .count("SELECT COUNT(*) FROM registration_requests")
                .await,
            "the kept counts did not move"
        );
        // A bulk upload's commit: every row, or (as here) none.
        let csv = ra_portal_tests::journey::staff_csv(20, "meadowbank-care.org.uk", "VMB01");
        let import = ra_portal_tests::journey::upload_import(&manager, "/requests/bulk", csv).await;
        let (code, body) = manager
            .call("registration/bulk/commit", &[("id", &import)])
            .await;
        assert_eq!(code, 500, "{body}");
        assert_eq!(
            portal
                .count("SELECT COUNT(*) FROM registration_requests")
                .await,
            0
        );
        let entries = entries_after(&portal, head_before).await;
        let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            ["registration.bulk_uploaded"],
            "only the upload was recorded"
        );
        assert!(verify(&portal).await.verified, "the chain has no hole");

        try_exec(&portal, "DROP TRIGGER fail_audit").await.ok();
        try_exec(&portal, "DROP TRIGGER fail_audit ON audit_events")
            .await
            .ok();
        let (code, body) = manager
            .call(
                "registration/raise",
                &request_fields("Ana Tomic", &email, "VMB01"),
            )
            .await;
        assert_eq!(
            code, 200,
            "with the trail working again it is raised: {body}"
        );
    }
);

//! Retention: the entries of a request closed longer ago than the retention period lose
//! their personal data; the redaction is itself an entry; the chain still verifies and
//! says how many entries were redacted. Open and recently closed requests keep theirs.

use super::*;
use ra_portal_tests::{journey::step, request_fields};

async fn raise(portal: &TestPortal, manager: &ra_portal_tests::Browser, name: &str) -> String {
    let email = format!(
        "{}.{}@meadowbank-care.org.uk",
        name.to_lowercase().replace(' ', "."),
        uuid::Uuid::new_v4().simple()
    );
    let (code, body) = manager
        .call("registration/raise", &request_fields(name, &email, "VMB01"))
        .await;
    assert_eq!(code, 200, "{body}");
    let _ = portal;
    body.as_str().unwrap().to_owned()
}

async fn reject(officer: &ra_portal_tests::Browser, id: &str) {
    for fields in [
        vec![("action", "start_review")],
        vec![("action", "reject"), ("reason", "Not one of our staff")],
    ] {
        let (code, body) = step(officer, id, &fields).await;
        assert_eq!(code, 200, "{body}");
    }
}

both!(
    closed_requests_are_redacted_after_the_retention_period,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.manager").await;
        let manager = portal.signed_in("manager.meadowbank").await;
        officer
            .allow_domain("meadowbank-care.org.uk", "VMB01")
            .await;
        let old = raise(&portal, &manager, "Olwen Old").await;
        let recent = raise(&portal, &manager, "Rhys Recent").await;
        let open = raise(&portal, &manager, "Osian Open").await;
        reject(&officer, &old).await;
        reject(&officer, &recent).await;
        portal
            .exec_at(
                "UPDATE registration_requests SET last_step_at = $1 WHERE person_name = 'Olwen Old'",
                chrono::Utc::now() - chrono::Duration::days(31),
            )
            .await;
        let entries_of = |id: String| {
            let portal = &portal;
            async move {
                search::of_subjects(portal.db(), "registration_request", &[id])
                    .await
                    .unwrap()
            }
        };
        let old_entries = entries_of(old.clone()).await;
        assert_eq!(old_entries.len(), 3, "raised, review started, rejected");
        assert!(old_entries[0].details.0.to_string().contains("Olwen Old"));

        let before = head(&portal).await;
        server::startup::redact_closed_requests(&portal.state, chrono::Utc::now()).await;
        let redacted = entries_of(old.clone()).await;
        for e in &redacted {
            assert!(e.redacted_at.is_some(), "{}", e.action);
            assert_eq!(e.details.0, serde_json::json!({ "redacted": true }));
            assert_eq!(
                e.entry_hash,
                old_entries
                    .iter()
                    .find(|o| o.position == e.position)
                    .unwrap()
                    .entry_hash
            );
        }
        for id in [recent, open] {
            assert!(entries_of(id).await.iter().all(|e| e.redacted_at.is_none()));
        }
        let record = entries_after(&portal, before).await;
        assert_eq!(record.len(), 1);
        assert_eq!(record[0].action, "audit.redacted");
        let positions: Vec<i64> = redacted.iter().map(|e| e.position).collect();
        assert_eq!(
            record[0].details.0["positions"],
            serde_json::json!(positions)
        );
        assert!(!record[0].details.0.to_string().contains("Olwen"));

        let report = verify(&portal).await;
        assert!(report.verified, "{}", report.message);
        assert!(
            report.message.contains("(3 redacted)"),
            "{}",
            report.message
        );
        // Done once: the next pass finds nothing more to do.
        server::startup::redact_closed_requests(&portal.state, chrono::Utc::now()).await;
        assert_eq!(head(&portal).await, before + 1);
        // Auditors see that it was redacted, not what it held.
        let auditor = portal.signed_in("auditor").await;
        let (code, entry) = auditor
            .call("audit/entry", &[("position", &positions[0].to_string())])
            .await;
        assert_eq!(code, 200, "{entry}");
        assert_eq!(entry["redacted"], true);
        assert_eq!(entry["details"], serde_json::Value::Null);
    }
);

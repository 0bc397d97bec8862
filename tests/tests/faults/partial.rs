use ra_portal_tests::{
    Browser,
    journey::{domains_csv, staff_csv, step, upload_import},
};

use super::*;

/// One all-or-nothing import: its page, its commit, the table its rows go to.
struct Import {
    page: &'static str,
    endpoint: &'static str,
    table: &'static str,
}

const IMPORTS: [Import; 2] = [
    Import {
        page: "/allow-list/import",
        endpoint: "allow-list/import",
        table: "allow_list_entries",
    },
    Import {
        page: "/requests/bulk",
        endpoint: "registration/bulk",
        table: "registration_requests",
    },
];

const ROWS: usize = 300;
/// Past the first batches of 50 rows, in the middle of one.
const FAILING_INSERT: i64 = 137;

// The 137th insert of 300 fails, into the import's own table or into the audit trail:
// nothing is kept, the import is not marked done, and once mended the same import
// commits every row.
both!(
    an_import_failing_part_way_keeps_nothing,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        portal
            .ensure_allowed("meadowbank-care.org.uk", "VMB01")
            .await;
        for import in IMPORTS {
            let (who, csv): (&Browser, _) = match import.table {
                "allow_list_entries" => (&sam, domains_csv(ROWS, "VNC01")),
                _ => (&tom, staff_csv(ROWS, "meadowbank-care.org.uk", "VMB01")),
            };
            let id = upload_import(who, import.page, csv).await;
            let tables = [import.table, "audit_events"];
            let before = counts(&portal, &tables).await;
            for faulty in tables {
                portal.break_inserts_from(faulty, FAILING_INSERT).await;
                let commit = format!("{}/commit", import.endpoint);
                let (code, body) = who.call(&commit, &[("id", &id)]).await;
                assert_eq!((code, internal(&body)), (500, true), "{faulty}: {body}");
                assert_eq!(
                    counts(&portal, &tables).await,
                    before,
                    "{faulty}: nothing kept"
                );
                let preview = format!("{}/preview", import.endpoint);
                let (_, shown) = who.call(&preview, &[("id", &id)]).await;
                assert_eq!(shown["committed"], false, "{faulty}: not marked done");
                portal.mend_inserts(faulty).await;
            }
            let (code, body) = who
                .call(&format!("{}/commit", import.endpoint), &[("id", &id)])
                .await;
            assert_eq!(code, 200, "{body}");
            let after = counts(&portal, &tables).await;
            assert_eq!(
                after[0],
                before[0] + ROWS as i64,
                "{}: every row",
                import.table
            );
            assert!(after[1] >= before[1] + ROWS as i64, "each row audited");
        }
    }
);

// A registration step whose audit entry cannot be written does not happen.
both!(
    a_step_is_not_taken_without_its_audit_entry,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let id = portal
            .request("VMB01")
            .at(ra_domain::registration::RequestState::Submitted)
            .create()
            .await
            .to_string();
        portal.break_inserts("audit_events").await;
        let (code, body) = step(&sam, &id, &[("action", "start_review")]).await;
        assert_eq!((code, internal(&body)), (500, true), "{body}");
        let (_, detail) = sam.call("registration/get", &[("id", &id)]).await;
        assert_eq!(detail["summary"]["state"], "submitted");
        portal.mend_inserts("audit_events").await;
        let (code, body) = step(&sam, &id, &[("action", "start_review")]).await;
        assert_eq!(code, 200, "{body}");
        let (_, detail) = sam.call("registration/get", &[("id", &id)]).await;
        assert_eq!(detail["summary"]["state"], "in_review");
    }
);

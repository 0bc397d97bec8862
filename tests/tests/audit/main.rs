//! The audit trail (issue 12), on SQLite and PostgreSQL: one chain that verifies, also
//! when two instances write at once; the database refuses to change or remove entries;
//! tampering is found at its entry; a change whose audit entry fails leaves nothing;
//! entries carry who acted, as what, and from where; refusals and exports are entries;
//! closed requests' personal data is redacted and the chain still verifies; and every
//! action of the portal leaves exactly the entries it should (`actions`).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod actions;
mod atomic;
mod chain;
mod provenance;
mod redaction;

use ra_db::repo::audit::search::{self, AuditQuery, Entry};
use ra_portal_tests::{Backend, TestPortal, both};

/// Every chained entry after `position`, oldest first.
async fn entries_after(portal: &TestPortal, position: i64) -> Vec<Entry> {
    let page = search::search(
        portal.db(),
        &AuditQuery {
            limit: 10_000,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut entries: Vec<Entry> = page
        .entries
        .into_iter()
        .filter(|e| e.position > position)
        .collect();
    entries.reverse();
    entries
}

/// The chain's head position now.
async fn head(portal: &TestPortal) -> i64 {
    ra_db::repo::audit::head(portal.db()).await.unwrap().0
}

/// What verifying the whole trail finds, in the words the auditors' page shows.
async fn verify(portal: &TestPortal) -> app::api::audit::verify::VerifyReport {
    let key = ra_domain::audit::CheckpointKey::from_base64(
        &std::fs::read_to_string(ra_portal_tests::fixture("audit-signing-test.key")).unwrap(),
    )
    .unwrap();
    app::api::audit::check_trail(portal.db(), &[key.public()])
        .await
        .unwrap()
}

/// Runs `sql` against the portal's database, answering the error instead of panicking.
async fn try_exec(portal: &TestPortal, sql: &str) -> Result<u64, String> {
    ra_db::on_pool!(portal.db(), |p| sqlx::query(sql)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
        .map_err(|e| e.to_string()))
}

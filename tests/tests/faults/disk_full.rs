use app::error::DATABASE_FULL;
use ra_portal_tests::journey::{staff_csv, upload_import};

use super::*;

// SQLite's database runs out of space (a size cap) during a 10,000-row commit: a clear
// answer, nothing kept, the file sound; with space again the same commit keeps all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_out_of_space_refuses_clearly_and_stays_sound() {
    let portal = TestPortal::start(Backend::Sqlite).await;
    let tom = portal.signed_in("manager.meadowbank").await;
    portal
        .ensure_allowed("meadowbank-care.org.uk", "VMB01")
        .await;
    let import = upload_import(
        &tom,
        "/requests/bulk",
        staff_csv(10_000, "meadowbank-care.org.uk", "VMB01"),
    )
    .await;
    let tables = ["registration_requests", "audit_events"];
    let before = counts(&portal, &tables).await;

    portal.cap_sqlite_pages(Some(16)).await;
    let (code, body) = tom
        .call("registration/bulk/commit", &[("id", &import)])
        .await;
    assert_eq!(code, 503, "{body}");
    assert_eq!(body["Unavailable"], DATABASE_FULL);
    assert_eq!(counts(&portal, &tables).await, before, "nothing kept");
    assert_eq!(integrity(&portal).await, "ok");

    portal.cap_sqlite_pages(None).await;
    let (code, body) = tom
        .call("registration/bulk/commit", &[("id", &import)])
        .await;
    assert_eq!((code, body.as_u64()), (200, Some(10_000)), "{body}");
    assert_eq!(counts(&portal, &tables).await[0], before[0] + 10_000);
    assert_eq!(integrity(&portal).await, "ok");
}

async fn integrity(portal: &TestPortal) -> String {
    ra_db::on_pool!(portal.db(), |p| sqlx::query_scalar(
        "PRAGMA integrity_check"
    )
    .fetch_one(p)
    .await)
    .unwrap()
}

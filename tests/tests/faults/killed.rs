use std::time::Duration;

use ra_portal_tests::{
    Browser, TestDb,
    faults::ChildPortal,
    journey::{staff_csv, upload_import},
};

use super::*;

const ROWS: usize = 10_000;

// The portal is killed (SIGKILL) while it inserts a 10,000-row bulk import; after a
// restart on the same database either all the rows are there or none, with their audit
// entries, and a portal on it works: the import commits whole.
both!(
    killed_mid_commit_keeps_all_or_none,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let mut first = ChildPortal::spawn("child_portal", &db).await;
        let (tom, import) = ready_import(&first).await;

        let commit = {
            let tom = tom.clone();
            let import = import.clone();
            tokio::spawn(async move { try_commit(&tom, &import).await })
        };
        first
            .wait_for("committing an import", Duration::from_secs(120))
            .await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        first.kill();
        let answer = commit.await.unwrap();
        assert!(
            answer.is_none(),
            "killed before it answered, got {answer:?}"
        );

        let store = db.connect().await;
        let count = |sql: &'static str| {
            let store = store.clone();
            async move {
                ra_db::on_pool!(&store, |p| sqlx::query_scalar::<_, i64>(sql)
                    .fetch_one(p)
                    .await)
                .unwrap()
            }
        };
        let rows = count("SELECT COUNT(*) FROM registration_requests").await;
        let audited =
            count("SELECT COUNT(*) FROM audit_events WHERE action = 'registration.submitted'")
                .await;
        let done =
            count("SELECT COUNT(*) FROM registration_imports WHERE committed_at IS NOT NULL").await;
        eprintln!("after the kill: {rows} rows, {audited} audited, {done} imports done");
        assert!(
            (rows, audited, done) == (0, 0, 0)
                || (rows, audited, done) == (ROWS as i64, ROWS as i64, 1),
            "all or none: {rows} rows, {audited} audited, {done} imports done"
        );
        if backend == Backend::Sqlite {
            let check: String =
                ra_db::on_pool!(&store, |p| sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_one(p)
                    .await)
                .unwrap();
            assert_eq!(check, "ok");
        }

        // A portal restarted on the database finishes the job, once.
        let second = ChildPortal::spawn("child_portal", &db).await;
        let tom = Browser::new(&second.base);
        tom.sign_in("manager.meadowbank", None).await;
        let (code, body) = tom
            .call("registration/bulk/commit", &[("id", &import)])
            .await;
        if done == 1 {
            assert_eq!(code, 409, "committed already: {body}");
        } else {
            assert_eq!((code, body.as_u64()), (200, Some(ROWS as u64)), "{body}");
        }
        assert_eq!(
            count("SELECT COUNT(*) FROM registration_requests").await,
            ROWS as i64
        );
        store.close().await;
    }
);

/// Tom signed in on the child portal, with a previewed 10,000-row import of his staff.
async fn ready_import(portal: &ChildPortal) -> (Browser, String) {
    let rachel = Browser::new(&portal.base);
    rachel.sign_in("ra.manager", None).await;
    rachel.allow_domain("meadowbank-care.org.uk", "VMB01").await;
    let tom = Browser::new(&portal.base);
    tom.sign_in("manager.meadowbank", None).await;
    let csv = staff_csv(ROWS, "meadowbank-care.org.uk", "VMB01");
    let import = upload_import(&tom, "/requests/bulk", csv).await;
    let (code, preview) = tom
        .call("registration/bulk/preview", &[("id", &import)])
        .await;
    assert_eq!(
        (code, preview["new_count"].as_u64()),
        (200, Some(ROWS as u64))
    );
    (tom, import)
}

/// The commit's answer, or `None` when the connection died first.
async fn try_commit(tom: &Browser, import: &str) -> Option<u16> {
    let res = tom
        .client()
        .post(tom.url("/api/registration/bulk/commit"))
        .header("origin", tom.url(""))
        .header("accept", "application/json")
        .form(&[("id", import)])
        .send()
        .await
        .ok()?;
    let status = res.status().as_u16();
    res.bytes().await.ok().map(|_| status)
}

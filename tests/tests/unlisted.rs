//! The rights table's own test: a server function the table does not list is caught
//! (`app::rights::unlisted` names it, so the authorisation test fails) and is served to
//! no one. It runs in a binary of its own, where this one deliberately unlisted function
//! is registered beside the portal's.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use app::AppError;
use leptos::prelude::*;
use ra_portal_tests::{TestPortal, Who, both};

/// Deliberately missing from the rights table.
#[server(endpoint = "test/unlisted")]
pub async fn unlisted_probe() -> Result<String, AppError> {
    app::auth::admit::<UnlistedProbe>()?;
    Ok("served".into())
}

/// docs/authorisation.md is the table, rendered; kept current (and rewritten with
/// `RA_WRITE_DOCS=1`).
#[test]
fn the_authorisation_doc_is_the_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/authorisation.md");
    let rendered = app::rights::markdown();
    if std::env::var("RA_WRITE_DOCS").is_ok() {
        std::fs::write(path, &rendered).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == rendered,
        "docs/authorisation.md is out of date: RA_WRITE_DOCS=1 cargo test -p ra-portal-tests --test unlisted"
    );
}

both!(
    an_unlisted_function_fails_the_table_and_is_served_to_no_one,
    |backend| async move {
        let missing = ra_portal_tests::unlisted();
        assert_eq!(
            missing,
            ["not in the rights table: ServerFn POST /api/test/unlisted"],
            "only the probe is missing"
        );
        let portal = TestPortal::start(backend).await;
        let officer = portal.principal(Who::RaManager).await;
        let (code, body) = officer.call("test/unlisted", &[]).await;
        assert_eq!(
            (code, AppError::from_body(&body.to_string())),
            (404, Some(AppError::NotFound))
        );
    }
);

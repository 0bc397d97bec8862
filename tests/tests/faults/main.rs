//! Faults, on SQLite and PostgreSQL: an insert failing part-way through each
//! all-or-nothing commit, the SMTP catcher stopped during a burst, the portal killed with
//! SIGKILL in the middle of a 10,000-row commit, PostgreSQL restarted under load, and
//! SQLite's database out of space. Each ends with nothing half-done and a clear answer.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod disk_full;
mod killed;
mod partial;
mod restart;
mod smtp;

use ra_portal_tests::{Backend, TestPortal, both};
use serde_json::Value;

/// The entry point of the portal that `killed.rs` runs in a child process and kills.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a portal for killed.rs to kill, run in its own process"]
async fn child_portal() {
    ra_portal_tests::faults::serve_as_child().await;
}

/// Row counts of `tables` in the portal's database, in order.
async fn counts(portal: &TestPortal, tables: &[&str]) -> Vec<i64> {
    let mut out = Vec::new();
    for t in tables {
        out.push(portal.count(&format!("SELECT COUNT(*) FROM {t}")).await);
    }
    out
}

fn internal(body: &Value) -> bool {
    *body == Value::String("Internal".into())
}

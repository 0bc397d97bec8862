//! Test harness: a real portal on an ephemeral port, with its own database (a SQLite
//! file, or a PostgreSQL schema), registered as its own client at the sandbox CIS2
//! provider, and a cookie-keeping browser stand-in that follows redirects hop by hop.
//!
//! Needs the sandbox provider (`tools/test` starts it): `RA_TEST_ISSUER`, and for
//! PostgreSQL `RA_TEST_POSTGRES_URL`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test harness: failures should panic loudly"
)]

pub mod browser;
pub mod builders;
pub mod faults;
pub mod fingerprint;
pub mod journey;
mod mail;
mod portal;
pub mod release;
pub mod sandbox;
mod served;

use std::path::PathBuf;

pub use browser::{Browser, Hop, Page};
pub use builders::{ORG_A, ORG_B, ORG_E, Who};
pub use mail::{caught_mail, caught_mail_to, smtp_url};
pub use portal::{PortalOptions, TestDb, TestPortal, register_client};
pub use served::{served, unlisted};

pub const DEFAULT_ISSUER: &str =
    "http://127.0.0.1:4401/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub fn issuer() -> String {
    std::env::var("RA_TEST_ISSUER").unwrap_or_else(|_| DEFAULT_ISSUER.to_owned())
}

pub fn postgres_url() -> String {
    std::env::var("RA_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/ra_portal_test".to_owned())
}

/// Sam Okafor's RA agent role at the sandbox (he also holds a clinical role).
pub const SAM_RA_AGENT_ROLE: &str = "555000002102";

/// The fields of a registration request as the form sends them.
pub fn request_fields<'a>(name: &'a str, email: &'a str, org: &'a str) -> [(&'a str, &'a str); 6] {
    [
        ("full_name", name),
        ("email", email),
        ("job_role", "Senior carer"),
        ("ods_code", org),
        ("phone", "07700 900123"),
        ("phone_kind", "personal"),
    ]
}

/// The code Microsoft Authenticator shows now for a base32 secret (SHA-1, 6 digits, 30 s).
pub fn totp_now(secret_base32: &str) -> String {
    let secret = totp_rs::Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .unwrap();
    totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, secret)
        .generate_current()
        .unwrap()
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// Runs a test body once per backend: `both!(name, |backend| async move { … })`.
#[macro_export]
macro_rules! both {
    ($(#[$meta:meta])* $name:ident, $body:expr) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)($crate::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                ($body)($crate::Backend::Postgres).await
            }
        }
    };
}

/// Median time of `$runs` runs of `$e` after three warm-ups (benchmarks).
#[macro_export]
macro_rules! median {
    ($runs:expr, $e:expr) => {{
        for _ in 0..3 {
            $e;
        }
        let mut times = vec![std::time::Duration::ZERO; $runs];
        for t in times.iter_mut() {
            let start = std::time::Instant::now();
            $e;
            *t = start.elapsed();
        }
        times.sort();
        times[$runs / 2]
    }};
}

/// Milliseconds with two decimals, for benchmark tables.
pub fn ms(d: std::time::Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

//! A wrong setting stops start-up with one line naming it.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use ra_portal_tests::fixture;
use server::config::Config;

fn vars(extra: &[(&str, String)]) -> Vec<(String, String)> {
    let dir = std::env::temp_dir().join("ra-portal-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let mut v = vec![
        (
            "DATABASE_URL".to_owned(),
            format!(
                "sqlite://{}",
                dir.join(format!("{}.db", uuid::Uuid::new_v4())).display()
            ),
        ),
        ("RA_OIDC_ISSUER".to_owned(), ra_portal_tests::issuer()),
        (
            "RA_OIDC_SIGNING_KEY_FILE".to_owned(),
            fixture("portal-signing.pem").display().to_string(),
        ),
        (
            "RA_TOTP_KEY_FILE".to_owned(),
            fixture("totp-test.key").display().to_string(),
        ),
        (
            "RA_AUDIT_SIGNING_KEY_FILE".to_owned(),
            fixture("audit-signing-test.key").display().to_string(),
        ),
    ];
    v.extend(extra.iter().map(|(k, val)| ((*k).to_owned(), val.clone())));
    v
}

async fn startup_error(extra: &[(&str, String)]) -> String {
    let (config, _) = Config::from_vars(vars(extra)).expect("config itself is valid");
    match server::build(config).await {
        Ok(_) => panic!("start-up should have failed"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn unreachable_issuer_names_the_setting() {
    // Nothing listens on port 9 (discard) on these machines.
    let line = startup_error(&[("RA_OIDC_ISSUER", "http://127.0.0.1:9/openam".to_owned())]).await;
    assert!(
        line.starts_with(
            "configuration error: RA_OIDC_ISSUER: discovery at http://127.0.0.1:9/openam failed"
        ),
        "{line}"
    );
    assert!(!line.contains('\n'));
}

#[tokio::test]
async fn issuer_is_compared_as_an_exact_string() {
    // The same provider, named with a trailing slash: discovery must refuse the mismatch.
    let line =
        startup_error(&[("RA_OIDC_ISSUER", format!("{}/", ra_portal_tests::issuer()))]).await;
    assert!(
        line.starts_with("configuration error: RA_OIDC_ISSUER:"),
        "{line}"
    );
}

#[tokio::test]
async fn unreadable_key_file_names_the_setting() {
    let line = startup_error(&[(
        "RA_OIDC_SIGNING_KEY_FILE",
        "/nonexistent/key.pem".to_owned(),
    )])
    .await;
    assert_eq!(
        line,
        "configuration error: RA_OIDC_SIGNING_KEY_FILE: cannot read /nonexistent/key.pem: No such file or directory (os error 2)"
    );
    let not_a_key = fixture("../Cargo.toml");
    let line =
        startup_error(&[("RA_OIDC_SIGNING_KEY_FILE", not_a_key.display().to_string())]).await;
    assert!(
        line.ends_with("not an RSA private key in PEM (PKCS#8 or PKCS#1)"),
        "{line}"
    );
}

#[tokio::test]
async fn unreachable_database_names_the_setting() {
    let line = startup_error(&[(
        "DATABASE_URL",
        "postgres://nobody@127.0.0.1:9/none".to_owned(),
    )])
    .await;
    assert!(
        line.starts_with(
            "configuration error: DATABASE_URL: cannot open postgres://nobody@127.0.0.1:9/none"
        ),
        "{line}"
    );
}

#[tokio::test]
async fn bad_mail_settings_name_the_setting() {
    let line = startup_error(&[("RA_SMTP_URL", "ftp://mail.example".to_owned())]).await;
    assert!(
        line.starts_with("configuration error: RA_SMTP_URL: not a usable SMTP URL"),
        "{line}"
    );
    let line = startup_error(&[("RA_MAIL_FROM", "RA Portal".to_owned())]).await;
    assert!(
        line.starts_with("configuration error: RA_MAIL_FROM:"),
        "{line}"
    );
    let err =
        Config::from_vars(vars(&[("RA_OUTBOX_POLL_MS", "0".to_owned())])).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "configuration error: RA_OUTBOX_POLL_MS: \"0\" is not a positive whole number"
    );
}

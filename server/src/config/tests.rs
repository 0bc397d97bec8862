use super::*;

fn config(pairs: &[(&str, &str)]) -> Result<(Config, Vec<String>), ConfigError> {
    Config::from_vars(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    )
}

fn error_line(pairs: &[(&str, &str)]) -> String {
    config(pairs)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
}

#[test]
fn defaults_make_the_dev_run_work() {
    let (c, unknown) = config(&[]).expect("defaults are valid");
    assert_eq!(c.bind_addr.to_string(), "127.0.0.1:3000");
    assert_eq!(c.redirect_uri(), "http://127.0.0.1:3000/auth/callback");
    assert_eq!(c.oidc.issuer, DEFAULT_ISSUER);
    assert_eq!(c.oidc.client_auth, ClientAuth::PrivateKeyJwt);
    assert_eq!(c.oidc.acr_values, vec!["AAL2_OR_AAL3_ANY"]);
    assert_eq!(c.session_idle, Duration::from_secs(30 * 60));
    assert_eq!(c.session_absolute, Duration::from_secs(12 * 3600));
    assert!(
        !c.secure_cookies(),
        "plain-http loopback must not demand Secure cookies"
    );
    assert!(unknown.is_empty());
}

#[test]
fn each_bad_setting_gives_one_line_naming_it() {
    assert_eq!(
        error_line(&[("DATABASE_URL", "mysql://db/x")]),
        "configuration error: DATABASE_URL: unknown database scheme \"mysql\": use sqlite://… or postgres://…"
    );
    assert_eq!(
        error_line(&[("RA_OIDC_ISSUER", "not a url")]),
        "configuration error: RA_OIDC_ISSUER: \"not a url\" is not a URL: relative URL without a base"
    );
    assert_eq!(
        error_line(&[("RA_PUBLIC_URL", "ftp://example.org")]),
        "configuration error: RA_PUBLIC_URL: \"ftp://example.org\" must be an http(s) URL with a host"
    );
    assert_eq!(
        error_line(&[("RA_BIND_ADDR", "localhost")]),
        "configuration error: RA_BIND_ADDR: \"localhost\" is not valid: invalid socket address syntax"
    );
    assert_eq!(
        error_line(&[("RA_SESSION_IDLE_MINUTES", "0")]),
        "configuration error: RA_SESSION_IDLE_MINUTES: \"0\" is not a positive whole number"
    );
    assert_eq!(
        error_line(&[("RA_OIDC_CLIENT_AUTH", "client_secret_post")]),
        "configuration error: RA_OIDC_CLIENT_SECRET: required when RA_OIDC_CLIENT_AUTH=client_secret_post"
    );
    assert_eq!(
        error_line(&[("RA_OIDC_CLIENT_SECRET_FILE", "/nonexistent/secret")]),
        "configuration error: RA_OIDC_CLIENT_SECRET_FILE: cannot read /nonexistent/secret: No such file or directory (os error 2)"
    );
    assert!(!error_line(&[("RA_OIDC_SCOPES", "profile email")]).is_empty());
    assert!(
        error_line(&[("RA_DEMO_DATA", "maybe")]).starts_with("configuration error: RA_DEMO_DATA:")
    );
}

#[test]
fn unknown_ra_variables_are_reported() {
    let (_, unknown) =
        config(&[("RA_SESION_IDLE_MINUTES", "5"), ("HOME", "/root")]).expect("valid");
    assert_eq!(unknown, vec!["RA_SESION_IDLE_MINUTES"]);
}

#[test]
fn https_or_remote_public_urls_get_secure_cookies() {
    let (c, _) = config(&[("RA_PUBLIC_URL", "https://ra.example.nhs.uk")]).expect("valid");
    assert!(c.secure_cookies());
    let (c, _) = config(&[("RA_PUBLIC_URL", "http://ra.internal")]).expect("valid");
    assert!(c.secure_cookies());
}

#[test]
fn secrets_are_not_printed_by_debug() {
    let (c, _) = config(&[
        ("RA_OIDC_CLIENT_AUTH", "client_secret_post"),
        ("RA_OIDC_CLIENT_SECRET", "hunter2"),
    ])
    .expect("valid");
    assert!(!format!("{c:?}").contains("hunter2"));
}

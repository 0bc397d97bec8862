//! Configuration from the environment: `RA_*` variables plus `DATABASE_URL`.
//!
//! Every setting has a default that makes the dev run work. A bad value stops start-up
//! with one line naming the setting; unknown `RA_*` variables are warned about, because
//! a typo otherwise silently leaves a default in force. Every variable is in README.

use std::{collections::BTreeMap, net::SocketAddr, path::PathBuf, time::Duration};

use secrecy::SecretString;

pub mod audit;
pub mod metrics;
pub mod network;
mod parse;

pub use audit::AuditConfig;
pub use network::NetworkConfig;
pub(crate) use parse::minutes;
use parse::{parse_bool, parse_url, parse_with};
use url::Url;

pub const DEFAULT_ISSUER: &str =
    "http://127.0.0.1:4400/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    PrivateKeyJwt,
    ClientSecretPost,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub bind_addr: SocketAddr,
    pub public_url: Url,
    pub database_url: String,
    pub site_root: PathBuf,
    pub oidc: OidcConfig,
    pub auditor_role_codes: Vec<String>,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    pub demo_data: bool,
    /// With demo data: the Canterbury rollout and a few hundred synthetic organisations.
    pub demo_rollout: bool,
    /// Days after submission to NHS England before an allow-list entry is flagged overdue.
    pub allow_list_overdue_days: u32,
    pub mail: MailConfig,
    /// Base64 of the 32-byte AES-256-GCM key that encrypts TOTP secrets at rest.
    pub totp_key_file: PathBuf,
    pub audit: AuditConfig,
    pub log_filter: String,
    pub log_format: LogFormat,
    pub network: NetworkConfig,
    /// Where Prometheus scrapes `/metrics`; `None`: not served.
    pub metrics_addr: Option<SocketAddr>,
}

#[derive(Debug, Clone)]
pub struct OidcConfig {
    /// Compared as an exact string with the discovered issuer (CIS2's carries `:443`).
    pub issuer: String,
    pub client_id: String,
    pub client_auth: ClientAuth,
    pub client_secret: Option<SecretString>,
    pub signing_key_file: PathBuf,
    /// Published alongside the current key so the provider can pick it up before rollover.
    pub next_signing_key_file: Option<PathBuf>,
    pub scopes: Vec<String>,
    pub acr_values: Vec<String>,
    pub allowed_acr: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct MailConfig {
    /// lettre SMTP URL: `smtp://host:port`, `smtp://host:587?tls=required`, `smtps://…`.
    pub smtp_url: String,
    pub from: String,
    /// The RA team's mailbox: told when a registration request arrives.
    pub ra_team: String,
    /// How often the outbox worker looks for mail to send.
    pub poll: Duration,
}

/// A bad setting: `Display` is the one line printed before exiting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration error: {name}: {reason}")]
pub struct ConfigError {
    pub name: &'static str,
    pub reason: String,
}

impl ConfigError {
    pub fn new(name: &'static str, reason: impl Into<String>) -> Self {
        Self {
            name,
            reason: reason.into(),
        }
    }
}

/// Every variable this program reads, for the unknown-variable warning.
pub const KNOWN_VARS: &[&str] = &[
    "RA_BIND_ADDR",
    "RA_PUBLIC_URL",
    "RA_SITE_ROOT",
    "RA_OIDC_ISSUER",
    "RA_OIDC_CLIENT_ID",
    "RA_OIDC_CLIENT_AUTH",
    "RA_OIDC_CLIENT_SECRET",
    "RA_OIDC_CLIENT_SECRET_FILE",
    "RA_OIDC_SIGNING_KEY_FILE",
    "RA_OIDC_NEXT_SIGNING_KEY_FILE",
    "RA_OIDC_SCOPES",
    "RA_OIDC_ACR_VALUES",
    "RA_OIDC_ALLOWED_ACR",
    "RA_AUDITOR_ROLE_CODES",
    "RA_SESSION_IDLE_MINUTES",
    "RA_SESSION_ABSOLUTE_HOURS",
    "RA_DEMO_DATA",
    "RA_DEMO_ROLLOUT",
    "RA_ALLOW_LIST_OVERDUE_DAYS",
    "RA_SMTP_URL",
    "RA_MAIL_FROM",
    "RA_RA_TEAM_EMAIL",
    "RA_OUTBOX_POLL_MS",
    "RA_TOTP_KEY_FILE",
    "RA_AUDIT_SIGNING_KEY_FILE",
    "RA_AUDIT_CHECKPOINT_MINUTES",
    "RA_AUDIT_RETENTION_DAYS",
    "RA_ACCESS_REVIEW_DAYS",
    "RA_LOG",
    "RA_LOG_FORMAT",
    "RA_TRUSTED_PROXIES",
    "RA_BCL_ALLOWED_SOURCES",
    "RA_BCL_MAX_AGE_SECONDS",
    "RA_RATE_LIMIT_PER_MINUTE",
    "RA_BCL_RATE_LIMIT_PER_MINUTE",
    "RA_METRICS_ADDR",
];

impl Config {
    pub fn from_env() -> Result<(Self, Vec<String>), ConfigError> {
        Self::from_vars(std::env::vars())
    }

    /// Builds the configuration from variables; also returns the unknown `RA_*` names.
    pub fn from_vars(
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<(Self, Vec<String>), ConfigError> {
        let vars: BTreeMap<String, String> = vars.into_iter().collect();
        let unknown = vars
            .keys()
            .filter(|k| k.starts_with("RA_") && !KNOWN_VARS.contains(&k.as_str()))
            .cloned()
            .collect();
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());

        let bind_addr = parse_with(
            "RA_BIND_ADDR",
            get("RA_BIND_ADDR").unwrap_or("127.0.0.1:3000"),
            |v| v.parse::<SocketAddr>().map_err(|e| e.to_string()),
        )?;
        let public_url = parse_url(
            "RA_PUBLIC_URL",
            get("RA_PUBLIC_URL")
                .map(str::to_owned)
                .unwrap_or_else(|| format!("http://{bind_addr}")),
        )?;
        let database_url = get("DATABASE_URL")
            .unwrap_or("sqlite://data/ra-portal.db")
            .to_owned();
        ra_db::Backend::from_url(&database_url)
            .map_err(|e| ConfigError::new("DATABASE_URL", e.to_string()))?;

        let issuer = get("RA_OIDC_ISSUER").unwrap_or(DEFAULT_ISSUER).to_owned();
        parse_url("RA_OIDC_ISSUER", issuer.clone())?;
        let client_auth = match get("RA_OIDC_CLIENT_AUTH").unwrap_or("private_key_jwt") {
            "private_key_jwt" => ClientAuth::PrivateKeyJwt,
            "client_secret_post" => ClientAuth::ClientSecretPost,
            other => {
                return Err(ConfigError::new(
                    "RA_OIDC_CLIENT_AUTH",
                    format!("{other:?} is not one of private_key_jwt, client_secret_post"),
                ));
            }
        };
        let client_secret = match (
            get("RA_OIDC_CLIENT_SECRET"),
            get("RA_OIDC_CLIENT_SECRET_FILE"),
        ) {
            (Some(s), _) => Some(SecretString::from(s.to_owned())),
            (None, Some(path)) => Some(SecretString::from(
                std::fs::read_to_string(path)
                    .map_err(|e| {
                        ConfigError::new(
                            "RA_OIDC_CLIENT_SECRET_FILE",
                            format!("cannot read {path}: {e}"),
                        )
                    })?
                    .trim()
                    .to_owned(),
            )),
            (None, None) => None,
        };
        if client_auth == ClientAuth::ClientSecretPost && client_secret.is_none() {
            return Err(ConfigError::new(
                "RA_OIDC_CLIENT_SECRET",
                "required when RA_OIDC_CLIENT_AUTH=client_secret_post",
            ));
        }
        let words = |name: &str, default: &str| -> Vec<String> {
            get(name)
                .unwrap_or(default)
                .split_whitespace()
                .map(str::to_owned)
                .collect()
        };
        let scopes = words(
            "RA_OIDC_SCOPES",
            "openid profile email nationalrbacaccess associatedorgs selectedrole",
        );
        if !scopes.iter().any(|s| s == "openid") {
            return Err(ConfigError::new("RA_OIDC_SCOPES", "must include openid"));
        }
        let oidc = OidcConfig {
            issuer,
            client_id: get("RA_OIDC_CLIENT_ID").unwrap_or("ra-portal").to_owned(),
            client_auth,
            client_secret,
            signing_key_file: get("RA_OIDC_SIGNING_KEY_FILE")
                .unwrap_or("data/keys/portal-signing.pem")
                .into(),
            next_signing_key_file: get("RA_OIDC_NEXT_SIGNING_KEY_FILE").map(PathBuf::from),
            scopes,
            acr_values: words("RA_OIDC_ACR_VALUES", "AAL2_OR_AAL3_ANY"),
            allowed_acr: words(
                "RA_OIDC_ALLOWED_ACR",
                "AAL2_OR_AAL3_ANY AAL2_ANY AAL2_TOTP AAL3_ANY",
            ),
        };

        let session_idle = minutes(
            "RA_SESSION_IDLE_MINUTES",
            get("RA_SESSION_IDLE_MINUTES"),
            30,
        )?;
        let session_absolute = minutes(
            "RA_SESSION_ABSOLUTE_HOURS",
            get("RA_SESSION_ABSOLUTE_HOURS"),
            12,
        )? * 60;
        let allow_list_overdue_days = match get("RA_ALLOW_LIST_OVERDUE_DAYS") {
            None => ra_domain::allow_list::DEFAULT_OVERDUE_DAYS,
            Some(v) => v.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                ConfigError::new(
                    "RA_ALLOW_LIST_OVERDUE_DAYS",
                    format!("{v:?} is not a positive whole number"),
                )
            })?,
        };
        let outbox_poll_ms = match get("RA_OUTBOX_POLL_MS") {
            None => 2000,
            Some(v) => v.parse::<u64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                ConfigError::new(
                    "RA_OUTBOX_POLL_MS",
                    format!("{v:?} is not a positive whole number"),
                )
            })?,
        };
        let mail = MailConfig {
            smtp_url: get("RA_SMTP_URL")
                .unwrap_or("smtp://127.0.0.1:1025")
                .to_owned(),
            from: get("RA_MAIL_FROM")
                .unwrap_or("RA Portal <ra-portal@localhost>")
                .to_owned(),
            ra_team: get("RA_RA_TEAM_EMAIL")
                .unwrap_or("ra-team@localhost")
                .to_owned(),
            poll: Duration::from_millis(outbox_poll_ms),
        };
        let log_format = match get("RA_LOG_FORMAT").unwrap_or("text") {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(ConfigError::new(
                    "RA_LOG_FORMAT",
                    format!("{other:?} is not one of text, json"),
                ));
            }
        };

        let config = Config {
            bind_addr,
            public_url,
            database_url,
            site_root: get("RA_SITE_ROOT").unwrap_or("target/site").into(),
            oidc,
            auditor_role_codes: words("RA_AUDITOR_ROLE_CODES", "R0001"),
            session_idle,
            session_absolute,
            demo_data: parse_bool("RA_DEMO_DATA", get("RA_DEMO_DATA"))?,
            demo_rollout: parse_bool("RA_DEMO_ROLLOUT", get("RA_DEMO_ROLLOUT"))?,
            allow_list_overdue_days,
            mail,
            totp_key_file: get("RA_TOTP_KEY_FILE")
                .unwrap_or("data/keys/totp.key")
                .into(),
            audit: audit::parse(get)?,
            log_filter: get("RA_LOG")
                .unwrap_or("info,tower_http=info,sqlx=warn")
                .to_owned(),
            log_format,
            network: network::parse(get)?,
            metrics_addr: metrics::parse(get, bind_addr)?,
        };
        Ok((config, unknown))
    }

    /// The settings server functions read from context (and the email-link route passes
    /// to the manager-access service itself).
    pub fn app_settings(&self) -> app::api::Settings {
        app::api::Settings {
            allow_list_overdue_days: self.allow_list_overdue_days,
            ra_team_email: self.mail.ra_team.clone(),
            public_url: self.public_url.as_str().trim_end_matches('/').to_owned(),
            cis2_origin: url::Url::parse(&self.oidc.issuer)
                .map(|u| u.origin().ascii_serialization())
                .unwrap_or_default(),
            access_review_days: self.audit.review_every_days,
        }
    }

    /// Cookies are `Secure` except when the portal is served over plain http on loopback.
    pub fn secure_cookies(&self) -> bool {
        let loopback = matches!(
            self.public_url.host_str(),
            Some("127.0.0.1" | "localhost" | "[::1]")
        );
        !(self.public_url.scheme() == "http" && loopback)
    }

    pub fn redirect_uri(&self) -> String {
        format!(
            "{}/auth/callback",
            self.public_url.as_str().trim_end_matches('/')
        )
    }

    pub fn post_logout_redirect_uri(&self) -> String {
        format!(
            "{}/signed-out",
            self.public_url.as_str().trim_end_matches('/')
        )
    }
}

#[cfg(test)]
mod tests;

//! Building the portal from its configuration: keys, database, provider, router.

use std::{
    sync::{Arc, OnceLock},
    time::Duration,
};

use axum::{Router, extract::Request, http::HeaderName, middleware};
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use ra_domain::{RoleMapping, session_policy::SessionPolicy};
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};

use crate::{
    config::{Config, ConfigError},
    guard,
    keys::{KeySet, SigningKey},
    oidc::Oidc,
    session,
    state::AppState,
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("internal error: {0}")]
    Internal(String),
}

/// A built portal: the router and the state behind it.
pub struct Portal {
    pub router: Router,
    pub state: AppState,
    /// Sends the email outbox; `main` runs it with [`crate::mail::spawn_worker`].
    pub mailer: crate::mail::Mailer,
}

/// Opens the database (migrating it), loads keys and discovers the provider. Every
/// failure names the setting at fault.
pub async fn build(config: Config) -> Result<Portal, StartupError> {
    build_with_db_schema(config, None).await
}

/// As [`build`], with a PostgreSQL schema of its own (tests run side by side).
pub async fn build_with_db_schema(
    config: Config,
    pg_schema: Option<&str>,
) -> Result<Portal, StartupError> {
    let keys = Arc::new(KeySet {
        current: SigningKey::load("RA_OIDC_SIGNING_KEY_FILE", &config.oidc.signing_key_file)?,
        next: match &config.oidc.next_signing_key_file {
            Some(p) => Some(SigningKey::load("RA_OIDC_NEXT_SIGNING_KEY_FILE", p)?),
            None => None,
        },
    });
    let secrets = std::fs::read_to_string(&config.totp_key_file)
        .map_err(|e| format!("cannot read {}: {e}", config.totp_key_file.display()))
        .and_then(|text| app::api::secrets::SecretBox::from_base64(&text))
        .map_err(|e| ConfigError::new("RA_TOTP_KEY_FILE", e))?;
    let audit_key = load_audit_key(&config.audit.signing_key_file)?;
    let mailer = crate::mail::Mailer::new(&config.mail.smtp_url, &config.mail.from)
        .map_err(|e| ConfigError::new(e.setting(), e.to_string()))?;
    let db = ra_db::connect(&config.database_url, pg_schema)
        .await
        .map_err(|e| {
            ConfigError::new(
                "DATABASE_URL",
                format!("cannot open {}: {e}", redact_url(&config.database_url)),
            )
        })?;
    ra_db::migrate(&db).await.map_err(|e| {
        ConfigError::new(
            "DATABASE_URL",
            format!("cannot migrate {}: {e}", redact_url(&config.database_url)),
        )
    })?;
    // Rows written before the chain existed join it once, in the order they were made.
    let sealing =
        |e: ra_db::DbError| StartupError::Internal(format!("sealing the audit trail: {e}"));
    let (chained_before, _) = ra_db::repo::audit::head(&db).await.map_err(sealing)?;
    let sealed = ra_db::repo::audit::seal_unchained(&db)
        .await
        .map_err(sealing)?;
    if sealed > 0 && chained_before > 0 {
        // The portal never writes an entry outside the chain once it exists: these rows
        // came from elsewhere (a hand-run INSERT, an old binary). They are kept and
        // chained, and said loudly, so an operator can look at what they are.
        tracing::warn!(
            sealed,
            after_position = chained_before,
            "audit entries written outside the chain were found and chained: check where they came from"
        );
    } else if sealed > 0 {
        tracing::info!(sealed, "earlier audit entries joined the chain");
    }
    if config.demo_data {
        let created = crate::demo::seed(&db)
            .await
            .map_err(|e| StartupError::Internal(format!("demo data: {e}")))?;
        tracing::info!(created, "demo organisations ready");
        if config.demo_rollout {
            let report = crate::demo::rollout::seed(&db, chrono::Utc::now())
                .await
                .map_err(|e| StartupError::Internal(format!("demo rollout: {e}")))?;
            match report {
                Some(r) => tracing::info!(%r, "demo rollout written"),
                None => tracing::info!("demo rollout already there"),
            }
        }
    }
    let oidc = Oidc::discover(config.oidc.clone(), keys.clone(), config.redirect_uri())
        .await
        .map_err(|e| ConfigError::new("RA_OIDC_ISSUER", e.to_string()))?;

    let leptos_options = LeptosOptions::builder()
        .output_name("ra-portal")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.bind_addr)
        .hash_files(hashed_build())
        .build();
    let session_policy = SessionPolicy {
        idle: chrono::Duration::from_std(config.session_idle)
            .unwrap_or(chrono::Duration::minutes(30)),
        absolute: chrono::Duration::from_std(config.session_absolute)
            .unwrap_or(chrono::Duration::hours(12)),
    };
    let config_rates = (config.network.people_rate, config.network.logout_rate);
    let logout_keys = Arc::new(crate::oidc::logout_token::ProviderKeys::new(
        oidc.jwks_uri().await,
        oidc.http(),
    ));
    let state = AppState {
        leptos_options,
        db,
        oidc: Arc::new(oidc),
        keys,
        role_mapping: Arc::new(RoleMapping {
            auditor_job_roles: config.auditor_role_codes.clone(),
        }),
        config: Arc::new(config),
        session_policy,
        secrets,
        audit_key,
        logout_keys,
        rate_limiter: Arc::new(crate::rate_limit::RateLimiter::new(
            config_rates.0,
            config_rates.1,
        )),
        metrics: Arc::new(crate::metrics::Metrics::new()),
    };
    Ok(Portal {
        router: router(state.clone()),
        state,
        mailer,
    })
}

/// Whether the site was built with hashed file names: cargo-leptos writes `hash.txt`
/// next to the server binary (Leptos reads the names from there), so the build files
/// can be cached for good.
fn hashed_build() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("hash.txt")))
        .is_some_and(|p| p.exists())
}

/// The app's routes, generated once per process. Generating them runs the whole app
/// with resource loading suppressed by a process-wide flag, so a page rendering on
/// another thread meanwhile would wait forever for its data (leptos-rs/leptos#4773);
/// several portals in one process (the integration tests) must not generate twice.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// Every page's path as the router serves it (`/requests/{id}`): the authorisation test
/// calls each one.
pub fn page_paths() -> Vec<String> {
    route_list().iter().map(|r| r.path().to_owned()).collect()
}

pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let db = state.db.clone();
    let settings = state.config.app_settings();
    let secrets = state.secrets.clone();
    let audit_key = app::api::audit::AuditKey {
        signing: state.audit_key.clone(),
        earlier: state.config.audit.earlier_public_keys.clone().into(),
    };
    let context = move || {
        // A nonce per response: the page's scripts carry it, its CSP names it.
        leptos::nonce::provide_nonce();
        provide_context(db.clone());
        provide_context(settings.clone());
        provide_context(secrets.clone());
        provide_context(audit_key.clone());
    };
    let options = state.leptos_options.clone();
    let request_id = HeaderName::from_static("x-request-id");

    let mut router = Router::new();
    for (_, path, handler) in crate::routes::plain() {
        router = router.route(path, handler);
    }
    router
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(middleware::from_fn(guard::middleware))
        // Outside the guard, so its refusals are seen; inside the session, so the
        // person signed in is known.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::audit_origin::middleware,
        ))
        .layer(middleware::from_fn_with_state(
            crate::rate_limit::Limiting {
                limiter: state.rate_limiter.clone(),
                trusted_proxies: state.config.network.trusted_proxies.clone().into(),
            },
            crate::rate_limit::middleware,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::csrf::middleware,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::middleware,
        ))
        .layer(middleware::from_fn(crate::request_size::middleware))
        // Inside the headers layer, so a panic's 500 carries them too.
        .layer(crate::panics::layer())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::headers::middleware,
        ))
        // HTML, scripts, styles and wasm, compressed for whoever accepts br or gzip.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Precise(4)),
        )
        .layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            crate::metrics::middleware,
        ))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            let route = crate::route_name::route_name(req);
            tracing::info_span!("request", request.id = %id, method = %req.method(), route = %route)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        // Outermost: a client's own request id is dropped before one is set.
        .layer(middleware::from_fn_with_state(
            Arc::<[ipnet::IpNet]>::from(state.config.network.trusted_proxies.clone()),
            crate::request_id::middleware,
        ))
        .with_state(state)
}

/// The checkpoint signing key: base64 of a 32-byte Ed25519 seed.
fn load_audit_key(
    path: &std::path::Path,
) -> Result<Arc<ra_domain::audit::CheckpointKey>, ConfigError> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
        .and_then(|text| ra_domain::audit::CheckpointKey::from_base64(&text))
        .map(Arc::new)
        .map_err(|e| ConfigError::new("RA_AUDIT_SIGNING_KEY_FILE", e))
}

/// Signs the audit chain's head at start and then on the configured interval. Several
/// instances may sign the same head; the first one's checkpoint is kept.
pub fn spawn_checkpoints(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(state.config.audit.checkpoint_every);
        loop {
            tick.tick().await;
            let signed = ra_db::repo::audit::checkpoints::sign_head(
                &state.db,
                &state.audit_key,
                chrono::Utc::now(),
            )
            .await;
            match signed {
                Ok(Some(c)) => tracing::info!(position = c.position, "audit checkpoint signed"),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "audit checkpoint failed"),
            }
        }
    })
}

/// Background housekeeping: expired sessions and abandoned sign-ins.
pub fn spawn_housekeeping(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        loop {
            tick.tick().await;
            let now = chrono::Utc::now();
            match ra_db::repo::sessions::delete_expired(&state.db, now).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session clean-up failed"),
            }
            match app::api::enrolment::expire_links(&state.db, now).await {
                Ok(n) if n > 0 => tracing::info!(expired = n, "unused enrolment links expired"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "enrolment link expiry failed"),
            }
            if let Err(e) = ra_db::repo::logout_tokens::forget_old(&state.db, now).await {
                tracing::warn!(error = %e, "logout-token clean-up failed");
            }
            if let Err(e) = ra_db::repo::manager_access::delete_expired_links(&state.db, now).await
            {
                tracing::warn!(error = %e, "sign-in link clean-up failed");
            }
            let cutoff = now - chrono::Duration::hours(1);
            if let Err(e) = ra_db::repo::login_attempts::delete_older_than(&state.db, cutoff).await
            {
                tracing::warn!(error = %e, "login-attempt clean-up failed");
            }
            redact_closed_requests(&state, now).await;
        }
    })
}

/// Redacts closed requests' audit entries past the retention period, a batch at a time
/// until none is due.
pub async fn redact_closed_requests(state: &AppState, now: chrono::DateTime<chrono::Utc>) {
    let days = i64::from(state.config.audit.retention_days);
    let cutoff = now - chrono::Duration::days(days);
    loop {
        match ra_db::repo::audit::redaction::redact_closed_requests(&state.db, cutoff, 100, now)
            .await
        {
            Ok(r) if r.requests == 0 => break,
            Ok(r) => tracing::info!(
                requests = r.requests,
                entries = r.positions.len(),
                "closed requests' audit entries redacted"
            ),
            Err(e) => {
                tracing::warn!(error = %e, "audit redaction failed");
                break;
            }
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`: no secrets in logs.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://ra:s3cret@db:5432/ra"),
            "postgres://ra:***@db:5432/ra"
        );
        assert_eq!(redact_url("sqlite://data/ra.db"), "sqlite://data/ra.db");
    }
}

//! What every handler can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use ra_db::Db;
use ra_domain::{RoleMapping, session_policy::SessionPolicy};

use crate::{config::Config, keys::KeySet, oidc::Oidc};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub oidc: Arc<Oidc>,
    pub keys: Arc<KeySet>,
    pub config: Arc<Config>,
    pub role_mapping: Arc<RoleMapping>,
    pub session_policy: SessionPolicy,
    /// Encrypts TOTP secrets at rest.
    pub secrets: app::api::secrets::SecretBox,
    /// Signs checkpoints of the audit chain's head.
    pub audit_key: Arc<ra_domain::audit::CheckpointKey>,
    /// Per-address limits on the public endpoints.
    pub rate_limiter: Arc<crate::rate_limit::RateLimiter>,
    /// The provider's keys, for back-channel logout tokens.
    pub logout_keys: Arc<crate::oidc::logout_token::ProviderKeys>,
    /// Counted here, scraped on `RA_METRICS_ADDR`.
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

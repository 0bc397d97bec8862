//! Prometheus metrics: requests and latency by route, the database pool, the email
//! outbox, refused sign-ins and back-channel logouts.
//!
//! Served only on `RA_METRICS_ADDR`, a listener of its own ([`router`]): the portal's
//! public port never answers `/metrics`. Gauges that describe the database (pool,
//! outbox) are read when Prometheus scrapes, so they are never stale and cost nothing
//! between scrapes.

mod http;

use std::sync::{Arc, atomic::AtomicU64};

use axum::{Router, extract::State, http::header, response::IntoResponse, routing::get};
use chrono::Utc;
use prometheus_client::{
    encoding::EncodeLabelSet,
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
    registry::Registry,
};
use ra_db::Db;

pub use http::middleware;

/// Prometheus's default buckets: 5 ms to 10 s.
const LATENCY_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    /// The rights table's pattern (`/requests/{id}`), never the path with its id.
    route: &'static str,
    method: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: &'static str,
    method: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

type F64Gauge = Gauge<f64, AtomicU64>;

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    sign_in_failures: Family<ReasonLabels, Counter>,
    backchannel: Family<OutcomeLabels, Counter>,
    database_up: Gauge,
    pool_open: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    outbox_pending: Gauge,
    outbox_oldest_age: F64Gauge,
    outbox_failed: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut m = Self {
            registry: Registry::with_prefix("ra_portal"),
            requests: Family::default(),
            latency: Family::new_with_constructor(|| Histogram::new(LATENCY_BUCKETS)),
            sign_in_failures: Family::default(),
            backchannel: Family::default(),
            database_up: Gauge::default(),
            pool_open: Gauge::default(),
            pool_idle: Gauge::default(),
            pool_max: Gauge::default(),
            outbox_pending: Gauge::default(),
            outbox_oldest_age: F64Gauge::default(),
            outbox_failed: Gauge::default(),
        };
        let r = &mut m.registry;
        r.register(
            "http_requests",
            "Requests answered, by route pattern, method and status",
            m.requests.clone(),
        );
        r.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its response's headers, by route pattern",
            m.latency.clone(),
        );
        r.register(
            "sign_in_failures",
            "Sign-ins that did not start a session (CIS2 or email link), by reason",
            m.sign_in_failures.clone(),
        );
        r.register(
            "backchannel_logouts",
            "Back-channel logout calls from CIS2, by outcome (ended, refused, forbidden_source)",
            m.backchannel.clone(),
        );
        r.register(
            "database_up",
            "1 when the database answered this scrape's queries",
            m.database_up.clone(),
        );
        r.register(
            "db_pool_open_connections",
            "Connections the pool holds open (in use or idle)",
            m.pool_open.clone(),
        );
        r.register(
            "db_pool_idle_connections",
            "Open connections waiting for work",
            m.pool_idle.clone(),
        );
        r.register(
            "db_pool_max_connections",
            "The most connections the pool opens",
            m.pool_max.clone(),
        );
        r.register(
            "outbox_pending_messages",
            "Email waiting to be sent (due now or backing off after a failure)",
            m.outbox_pending.clone(),
        );
        r.register(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest email still waiting; 0 when none waits",
            m.outbox_oldest_age.clone(),
        );
        r.register(
            "outbox_failed_messages",
            "Email given up on after its attempts, shown to RA officers at /ra/mail",
            m.outbox_failed.clone(),
        );
        m
    }

    fn observe(&self, route: &'static str, method: &'static str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                route,
                method,
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels { route, method })
            .observe(seconds);
    }

    /// A sign-in that ended without a session; `reason` is one of a fixed set of words.
    pub fn sign_in_failed(&self, reason: &'static str) {
        self.sign_in_failures
            .get_or_create(&ReasonLabels { reason })
            .inc();
    }

    /// A back-channel logout call: `ended`, `refused` or `forbidden_source`.
    pub fn backchannel_logout(&self, outcome: &'static str) {
        self.backchannel
            .get_or_create(&OutcomeLabels { outcome })
            .inc();
    }

    /// Reads the pool and the outbox now, then writes every metric in Prometheus's
    /// text format.
    pub async fn render(&self, db: &Db) -> String {
        let pool = db.pool_stats();
        self.pool_open.set(pool.open.into());
        self.pool_idle.set(pool.idle.into());
        self.pool_max.set(pool.max.into());
        match ra_db::repo::outbox::backlog(db).await {
            Ok(b) => {
                self.database_up.set(1);
                self.outbox_pending.set(b.pending);
                self.outbox_failed.set(b.failed);
                let age = b
                    .oldest_pending
                    .map(|t| (Utc::now() - t).num_milliseconds().max(0) as f64 / 1000.0)
                    .unwrap_or(0.0);
                self.outbox_oldest_age.set(age);
            }
            Err(e) => {
                // The outbox figures keep their last values; this gauge says they are old.
                self.database_up.set(0);
                tracing::warn!(error = %e, "metrics: the outbox could not be read");
            }
        }
        let mut out = String::new();
        if let Err(e) =
            prometheus_client::encoding::prometheus_text::encode(&mut out, &self.registry)
        {
            tracing::error!(error = %e, "metrics could not be encoded");
        }
        out
    }
}

/// The metrics listener's only route, `GET /metrics`.
pub fn router(metrics: Arc<Metrics>, db: Db) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state((metrics, db))
}

async fn scrape(State((metrics, db)): State<(Arc<Metrics>, Db)>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        metrics.render(&db).await,
    )
}

//! A real portal on an ephemeral port, with its own database (a SQLite file, or a
//! PostgreSQL schema), registered as its own client at the sandbox CIS2 provider; or two
//! instances sharing one database and one client, as a scaled-out portal is.

use ra_db::Db;
use server::{config::Config, state::AppState};
use tokio::task::JoinHandle;

use crate::{Backend, Browser, SAM_RA_AGENT_ROLE, fixture, issuer, postgres_url, smtp_url};

/// A database of its own for one test.
pub struct TestDb {
    pub url: String,
    pub schema: Option<String>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        let tag = uuid::Uuid::new_v4().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join("ra-portal-tests");
                std::fs::create_dir_all(&dir).unwrap();
                Self {
                    url: format!("sqlite://{}", dir.join(format!("{tag}.db")).display()),
                    schema: None,
                }
            }
            Backend::Postgres => {
                let schema = format!("t_{tag}");
                let admin = ra_db::connect(&postgres_url(), None)
                    .await
                    .expect("PostgreSQL reachable for tests");
                ra_db::on_pool!(&admin, |p| sqlx::query(&format!("CREATE SCHEMA {schema}"))
                    .execute(p)
                    .await
                    .map(|_| ()))
                .expect("create test schema");
                admin.close().await;
                Self {
                    url: postgres_url(),
                    schema: Some(schema),
                }
            }
        }
    }

    pub async fn connect(&self) -> Db {
        let db = ra_db::connect(&self.url, self.schema.as_deref())
            .await
            .expect("connect");
        ra_db::migrate(&db).await.expect("migrate");
        db
    }
}

/// Options for a test portal.
pub struct PortalOptions {
    pub client_auth: &'static str,
    pub next_key: bool,
    pub extra_env: Vec<(String, String)>,
}

impl Default for PortalOptions {
    fn default() -> Self {
        Self {
            client_auth: "private_key_jwt",
            next_key: false,
            extra_env: Vec::new(),
        }
    }
}

pub struct TestPortal {
    pub base: String,
    pub state: AppState,
    pub client_id: String,
    server: JoinHandle<()>,
}

impl TestPortal {
    pub async fn start(backend: Backend) -> Self {
        Self::start_with(backend, PortalOptions::default()).await
    }

    pub async fn start_with(backend: Backend, opts: PortalOptions) -> Self {
        show_logs();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (client_id, secret) = register_client(&[&base], opts.client_auth).await;
        let db = TestDb::new(backend).await;
        Self::serve(listener, &db, client_id, secret, &opts).await
    }

    /// A portal on a database the test made (a private PostgreSQL, a file it inspects).
    pub async fn start_on(db: &TestDb, opts: PortalOptions) -> Self {
        show_logs();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (client_id, secret) = register_client(&[&base], opts.client_auth).await;
        Self::serve(listener, db, client_id, secret, &opts).await
    }

    /// Two instances on one database and one client registration, as several instances
    /// behind a load balancer are one client of CIS2. The provider's back-channel logout
    /// goes to the first.
    pub async fn start_pair(backend: Backend, opts: PortalOptions) -> (Self, Self) {
        show_logs();
        let first = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let second = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let bases = [first.local_addr().unwrap(), second.local_addr().unwrap()]
            .map(|a| format!("http://{a}"));
        let (client_id, secret) = register_client(&[&bases[0], &bases[1]], opts.client_auth).await;
        let db = TestDb::new(backend).await;
        let a = Self::serve(first, &db, client_id.clone(), secret.clone(), &opts).await;
        let b = Self::serve(second, &db, client_id, secret, &opts).await;
        (a, b)
    }

    async fn serve(
        listener: tokio::net::TcpListener,
        db: &TestDb,
        client_id: String,
        secret: Option<String>,
        opts: &PortalOptions,
    ) -> Self {
        let addr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let mut vars: Vec<(String, String)> = vec![
            ("RA_BIND_ADDR".into(), addr.to_string()),
            ("RA_PUBLIC_URL".into(), base.clone()),
            ("DATABASE_URL".into(), db.url.clone()),
            ("RA_OIDC_ISSUER".into(), issuer()),
            ("RA_OIDC_CLIENT_ID".into(), client_id.clone()),
            ("RA_OIDC_CLIENT_AUTH".into(), opts.client_auth.into()),
            (
                "RA_OIDC_SIGNING_KEY_FILE".into(),
                fixture("portal-signing.pem").display().to_string(),
            ),
            ("RA_DEMO_DATA".into(), "true".into()),
            // Tests call the public endpoints far faster than people do; the rate-limit
            // test sets its own.
            ("RA_RATE_LIMIT_PER_MINUTE".into(), "100000".into()),
            (
                "RA_TOTP_KEY_FILE".into(),
                fixture("totp-test.key").display().to_string(),
            ),
            (
                "RA_AUDIT_SIGNING_KEY_FILE".into(),
                fixture("audit-signing-test.key").display().to_string(),
            ),
            (
                "RA_SITE_ROOT".into(),
                std::env::temp_dir().display().to_string(),
            ),
        ];
        if let Some(secret) = secret {
            vars.push(("RA_OIDC_CLIENT_SECRET".into(), secret));
        }
        if opts.next_key {
            vars.push((
                "RA_OIDC_NEXT_SIGNING_KEY_FILE".into(),
                fixture("portal-signing-next.pem").display().to_string(),
            ));
        }
        vars.extend(opts.extra_env.iter().cloned());
        let (config, _) = Config::from_vars(vars).expect("test config is valid");
        let portal = server::startup::build_with_db_schema(config, db.schema.as_deref())
            .await
            .expect("portal builds");
        let router = portal.router;
        let server = tokio::spawn(async move {
            let app = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, app).await.expect("serve");
        });
        Self {
            base,
            state: portal.state,
            client_id,
            server,
        }
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.base)
    }

    /// A browser signed in as a sandbox user; `ra.agent` (Sam) picks his RA agent role.
    pub async fn signed_in(&self, user: &str) -> Browser {
        let b = self.browser();
        b.sign_in(user, (user == "ra.agent").then_some(SAM_RA_AGENT_ROLE))
            .await;
        b
    }

    /// Sends everything due in the outbox to the SMTP catcher now, as the worker would.
    pub async fn deliver_mail(&self) {
        let mailer =
            server::mail::Mailer::new(&smtp_url(), "RA Portal <ra-portal@localhost>").unwrap();
        server::mail::deliver_due(self.db(), &mailer, chrono::Utc::now())
            .await
            .unwrap();
    }

    pub async fn session_count(&self) -> i64 {
        ra_db::repo::sessions::count_all(self.db()).await.unwrap()
    }

    /// Audit actions, newest first.
    pub async fn audit_actions(&self) -> Vec<String> {
        ra_db::repo::audit::recent(self.db(), 100)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect()
    }

    /// Runs a statement with a timestamp argument against the portal's database.
    pub async fn exec_at(&self, sql: &str, time_arg: chrono::DateTime<chrono::Utc>) {
        ra_db::on_pool!(self.db(), |p| sqlx::query(sql)
            .bind(time_arg)
            .execute(p)
            .await
            .map(|_| ()))
        .unwrap();
    }

    /// A single number from the portal's database, e.g. a `COUNT(*)`.
    pub async fn count(&self, sql: &str) -> i64 {
        ra_db::on_pool!(self.db(), |p| sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(p)
            .await)
        .unwrap()
    }

    /// Runs a statement against the portal's database (tests tamper with stored state).
    pub async fn exec(&self, sql: &str, text_arg: &str) {
        ra_db::on_pool!(self.db(), |p| sqlx::query(sql)
            .bind(text_arg)
            .execute(p)
            .await
            .map(|_| ()))
        .unwrap();
    }
}

impl Drop for TestPortal {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Registers a client for this portal at the sandbox (RFC 7591 dynamic registration),
/// as a relying party is registered with CIS2's Connection Manager.
/// RA_TEST_LOG=debug (a tracing filter) shows the portal's logs while a test runs.
fn show_logs() {
    if let Ok(filter) = std::env::var("RA_TEST_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_test_writer()
            .try_init();
    }
}

/// `bases` are the instances' URLs; the first takes the back-channel logout.
pub async fn register_client(bases: &[&str], auth: &str) -> (String, Option<String>) {
    let base = bases[0];
    let token = std::env::var("SANDBOX_REGISTRATION_TOKEN")
        .unwrap_or_else(|_| "sandbox-registration-token".into());
    let mut body = serde_json::json!({
        "redirect_uris": bases.iter().map(|b| format!("{b}/auth/callback")).collect::<Vec<_>>(),
        "post_logout_redirect_uris": bases.iter().map(|b| format!("{b}/signed-out")).collect::<Vec<_>>(),
        "token_endpoint_auth_method": auth,
        "backchannel_logout_uri": format!("{base}/auth/backchannel-logout"),
        "backchannel_logout_session_required": true,
        "grant_types": ["authorization_code"],
        "response_types": ["code"],
    });
    if auth == "private_key_jwt" {
        body["jwks_uri"] = format!("{base}/.well-known/jwks.json").into();
        body["token_endpoint_auth_signing_alg"] = "RS512".into();
    }
    let res = reqwest::Client::new()
        .post(format!("{}/register", issuer()))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("sandbox CIS2 reachable: is it running? (tools/test starts it)");
    assert_eq!(
        res.status(),
        201,
        "client registration: {}",
        res.text().await.unwrap_or_default()
    );
    let reg: serde_json::Value = res.json().await.unwrap();
    (
        reg["client_id"].as_str().unwrap().to_owned(),
        reg["client_secret"].as_str().map(str::to_owned),
    )
}

//! The release package, as a hospital's IT team would run it: unpacked into an empty
//! directory, given keys made as its INSTALL.md says and the settings of its example
//! environment file, started as a child process. The package test and the load test use it.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use crate::{issuer, register_client, smtp_url};

pub fn run(cmd: &mut Command) {
    let status = cmd.status().expect("command runs");
    assert!(status.success(), "{cmd:?} failed");
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `KEY=value` lines of the package's example environment file.
pub fn example_env(root: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(root.join("ra-portal.env.example"))
        .expect("the package has ra-portal.env.example")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The tarball `RA_PACKAGE` names, unpacked into a new directory.
pub struct Unpacked {
    /// The directory it was unpacked into (keys and state go beside the package).
    pub dir: PathBuf,
    /// The package's one top directory.
    pub root: PathBuf,
}

impl Unpacked {
    pub fn from_env() -> Self {
        let tarball = std::env::var("RA_PACKAGE")
            .expect("RA_PACKAGE names the tarball (an absolute path: tests run in tests/)");
        let tarball = std::fs::canonicalize(tarball).expect("the tarball exists");
        let dir = std::env::temp_dir().join(format!("ra-package-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        run(Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&dir));
        let unpacked: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(unpacked.len(), 1, "one top directory: {unpacked:?}");
        let root = unpacked[0].clone();
        Self { dir, root }
    }

    /// Makes keys as INSTALL.md does, registers a client at the sandbox, and starts the
    /// portal with the example environment file's settings and `extra` over them.
    pub async fn start(&self, extra: &[(&str, String)]) -> Running {
        let keys = self.dir.join("keys");
        let state = self.dir.join("state");
        std::fs::create_dir_all(&keys).unwrap();
        std::fs::create_dir_all(&state).unwrap();
        run(Command::new("openssl")
            .args([
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
            ])
            .arg(keys.join("portal-signing.pem"))
            .stderr(Stdio::null()));
        for key in ["totp.key", "audit-signing.key"] {
            let out = Command::new("openssl")
                .args(["rand", "-base64", "32"])
                .output()
                .unwrap();
            std::fs::write(keys.join(key), out.stdout).unwrap();
        }
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let (client_id, _) = register_client(&[&base], "private_key_jwt").await;
        let mut env = example_env(&self.root);
        let key = |name: &str| keys.join(name).display().to_string();
        let mut overrides = vec![
            ("RA_BIND_ADDR", format!("127.0.0.1:{port}")),
            ("RA_PUBLIC_URL", base.clone()),
            (
                "DATABASE_URL",
                format!("sqlite://{}", state.join("ra-portal.db").display()),
            ),
            ("RA_SITE_ROOT", self.root.join("site").display().to_string()),
            ("RA_OIDC_ISSUER", issuer()),
            ("RA_OIDC_CLIENT_ID", client_id),
            ("RA_OIDC_SIGNING_KEY_FILE", key("portal-signing.pem")),
            ("RA_TOTP_KEY_FILE", key("totp.key")),
            ("RA_AUDIT_SIGNING_KEY_FILE", key("audit-signing.key")),
            ("RA_SMTP_URL", smtp_url()),
        ];
        for (name, _) in &overrides {
            assert!(
                env.iter().any(|(k, _)| k == name),
                "the example environment file should set {name}"
            );
        }
        overrides.extend(extra.iter().map(|(k, v)| (*k, v.clone())));
        for (name, value) in overrides {
            env.retain(|(k, _)| k != name);
            env.push((name.to_owned(), value));
        }
        let log = self.dir.join("portal.log");
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(self.root.join("bin/ra-portal"))
            .env_clear()
            .envs(env)
            .current_dir(&state)
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("the packaged binary runs");
        let portal = Running {
            child,
            log,
            base,
            started: Instant::now(),
            ready_after: Duration::ZERO,
        };
        portal.wait_ready().await
    }
}

impl Drop for Unpacked {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The packaged portal, running; killed when dropped.
pub struct Running {
    pub child: Child,
    pub log: PathBuf,
    pub base: String,
    started: Instant,
    /// From start to `/readyz` answering 200.
    pub ready_after: Duration,
}

impl Running {
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    async fn wait_ready(mut self) -> Self {
        let http = reqwest::Client::new();
        loop {
            if let Ok(r) = http.get(format!("{}/readyz", self.base)).send().await
                && r.status() == 200
            {
                self.ready_after = self.started.elapsed();
                return self;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the portal exited with {status}:\n{}", self.log());
            }
            assert!(
                self.started.elapsed() < Duration::from_secs(60),
                "not ready in 60 s:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Resident memory now (VmRSS), in kB.
    pub fn rss_kb(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

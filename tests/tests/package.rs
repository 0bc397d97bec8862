//! The release package works on a machine with nothing else of the portal's: unpacked
//! into an empty directory, given keys made as its INSTALL.md says and the settings of its
//! example environment file (database and CIS2 pointed at SQLite and the sandbox), it
//! starts, serves its site, signs a person in through the sandbox CIS2, shows metrics on
//! its own port and stops cleanly on SIGTERM.
//!
//! Needs the tarball, so `cargo test` skips it; tools/test runs it after `tools/build`:
//! `RA_PACKAGE=$PWD/target/package/ra-portal-latest.tar.gz cargo test -p ra-portal-tests
//! --test package -- --ignored`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use ra_portal_tests::{Browser, issuer, register_client, smtp_url};

fn run(cmd: &mut Command) {
    let status = cmd.status().expect("command runs");
    assert!(status.success(), "{cmd:?} failed");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `KEY=value` lines of the package's example environment file.
fn example_env(root: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(root.join("ra-portal.env.example"))
        .expect("the package has ra-portal.env.example")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

struct Running {
    child: Child,
    log: PathBuf,
}

impl Running {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
#[ignore = "needs the release package: tools/test builds it with tools/build and runs this"]
async fn the_package_unpacks_starts_and_signs_a_person_in() {
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
    let root = &unpacked[0];
    for part in [
        "bin/ra-portal",
        "bin/hash.txt",
        "site/pkg",
        "site/nhsuk/nhsuk-frontend.min.css",
        "site/assets",
        "ra-portal.service",
        "ra-portal.env.example",
        "INSTALL.md",
    ] {
        assert!(root.join(part).exists(), "the package lacks {part}");
    }

    // Keys as INSTALL.md makes them; a working directory of its own (the unit's StateDirectory).
    let keys = dir.join("keys");
    let state = dir.join("state");
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

    let (port, metrics_port) = (free_port(), free_port());
    let base = format!("http://127.0.0.1:{port}");
    let (client_id, _) = register_client(&[&base], "private_key_jwt").await;
    let mut env = example_env(root);
    let key = |name: &str| keys.join(name).display().to_string();
    let overrides = [
        ("RA_BIND_ADDR", format!("127.0.0.1:{port}")),
        ("RA_PUBLIC_URL", base.clone()),
        (
            "DATABASE_URL",
            format!("sqlite://{}", state.join("ra-portal.db").display()),
        ),
        ("RA_SITE_ROOT", root.join("site").display().to_string()),
        ("RA_OIDC_ISSUER", issuer()),
        ("RA_OIDC_CLIENT_ID", client_id),
        ("RA_OIDC_SIGNING_KEY_FILE", key("portal-signing.pem")),
        ("RA_TOTP_KEY_FILE", key("totp.key")),
        ("RA_AUDIT_SIGNING_KEY_FILE", key("audit-signing.key")),
        ("RA_SMTP_URL", smtp_url()),
        ("RA_METRICS_ADDR", format!("127.0.0.1:{metrics_port}")),
    ];
    for (name, value) in overrides {
        assert!(
            env.iter().any(|(k, _)| k == name),
            "the example environment file should set {name}"
        );
        env.retain(|(k, _)| k != name);
        env.push((name.to_owned(), value));
    }

    let log = dir.join("portal.log");
    let out = std::fs::File::create(&log).unwrap();
    let child = Command::new(root.join("bin/ra-portal"))
        .env_clear()
        .envs(env)
        .current_dir(&state)
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .expect("the packaged binary runs");
    let mut portal = Running { child, log };
    let http = reqwest::Client::new();
    let started = Instant::now();
    loop {
        if let Ok(r) = http.get(format!("{base}/readyz")).send().await
            && r.status() == 200
        {
            break;
        }
        if let Ok(Some(status)) = portal.child.try_wait() {
            panic!("the portal exited with {status}:\n{}", portal.log());
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "not ready in 60 s:\n{}",
            portal.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("ready {} ms after start", started.elapsed().as_millis());

    // The site: the start page names its hashed script, wasm and styles, and they are served.
    let start = http
        .get(format!("{base}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let built: Vec<&str> = start
        .split(['"', '\''])
        .filter(|s| s.starts_with("/pkg/ra-portal."))
        .collect();
    for ext in [".js", ".wasm", ".css"] {
        let file = built
            .iter()
            .find(|f| f.ends_with(ext))
            .unwrap_or_else(|| panic!("the start page names no {ext}: {built:?}"));
        let r = http.get(format!("{base}{file}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{file}");
    }
    let css = http
        .get(format!("{base}/nhsuk/nhsuk-frontend.min.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200, "the NHS.UK styles are in the package");

    // A real sign-in through the sandbox CIS2: private_key_jwt with the key made above.
    let browser = Browser::new(&base);
    let home = browser.sign_in("ra.manager", None).await;
    assert_eq!(home.path(), "/ra", "{}", portal.log());
    assert!(home.has_text("Rachel Adeyemi"), "{}", home.body);

    let metrics = http
        .get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), 200);
    let metrics = metrics.text().await.unwrap();
    assert!(metrics.contains(r#"route="/auth/callback""#), "{metrics}");
    let public = http.get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(public.status(), 404, "metrics are not on the public port");

    // SIGTERM: in-flight requests finish, the process exits 0.
    run(Command::new("kill").args(["-TERM", &portal.child.id().to_string()]));
    let stopped = Instant::now();
    let status = loop {
        if let Some(s) = portal.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(30),
            "still running 30 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "exit {status}:\n{}", portal.log());
    let _ = std::fs::remove_dir_all(&dir);
}

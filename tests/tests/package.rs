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
    process::Command,
    time::{Duration, Instant},
};

use ra_portal_tests::{
    Browser,
    release::{Unpacked, example_env, free_port, run},
};

#[tokio::test]
#[ignore = "needs the release package: tools/test builds it with tools/build and runs this"]
async fn the_package_unpacks_starts_and_signs_a_person_in() {
    let unpacked = Unpacked::from_env();
    let root = &unpacked.root;
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

    assert!(
        example_env(root)
            .iter()
            .any(|(k, _)| k == "RA_METRICS_ADDR"),
        "the example environment file should set RA_METRICS_ADDR"
    );
    let metrics_port = free_port();
    let mut portal = unpacked
        .start(&[("RA_METRICS_ADDR", format!("127.0.0.1:{metrics_port}"))])
        .await;
    let base = portal.base.clone();
    let http = reqwest::Client::new();
    println!("ready {} ms after start", portal.ready_after.as_millis());

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
}

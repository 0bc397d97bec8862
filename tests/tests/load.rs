//! Load on the release package (issue 14): the packaged portal on SQLite with demo data,
//! signed-in RA officers, managers and auditors opening pages and calling server
//! functions from `LOAD_CONNECTIONS` connections for `LOAD_SECONDS` seconds (wrk, on
//! loopback, sharing the machine), against `/healthz` in the same run as the server's
//! ceiling. Prints throughput, p50 and p99, errors, and resident memory idle, at its
//! highest under load and after; fails on any error.
//!
//! Needs the tarball and wrk: tools/test runs a few seconds of it, tools/bench a minute at
//! 200 connections (`LOAD_SECONDS=60 LOAD_CONNECTIONS=200`).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::{
    process::Command,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Duration,
};

use ra_portal_tests::{Browser, release::Unpacked};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What wrk's script printed: `key=value` pairs after `LOAD`.
#[derive(Debug, Default)]
struct Stats {
    requests: f64,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
    http_errors: f64,
    socket_errors: f64,
}

fn wrk(base: &str, path: &str, mix: Option<&std::path::Path>, seconds: u64, conns: u64) -> Stats {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/load/mix.lua");
    let mut cmd = Command::new("wrk");
    cmd.args([
        "-t2",
        &format!("-c{conns}"),
        &format!("-d{seconds}s"),
        "--timeout",
        "10s",
    ])
    .arg(format!("{base}{path}"))
    .env("LOAD_ORIGIN", base);
    match mix {
        Some(file) => cmd.args(["-s", script]).env("LOAD_MIX", file),
        None => cmd.args(["-s", script]).env("LOAD_MIX", "/dev/null"),
    };
    let out = cmd.output().expect("wrk runs (tools/setup installs it)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "wrk failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = text
        .lines()
        .find(|l| l.starts_with("LOAD "))
        .unwrap_or_else(|| panic!("no summary from wrk: {text}"));
    let mut s = Stats::default();
    for pair in line.trim_start_matches("LOAD ").split_whitespace() {
        let (k, v) = pair.split_once('=').unwrap();
        let v: f64 = v.parse().unwrap();
        match k {
            "requests" => s.requests = v,
            "seconds" => s.seconds = v,
            "p50_ms" => s.p50_ms = v,
            "p99_ms" => s.p99_ms = v,
            "http_errors" => s.http_errors = v,
            "socket_errors" => s.socket_errors = v,
            _ => {}
        }
    }
    s
}

/// The requests each kind of person makes, weighted by how often they make them: a line
/// per request, as `tests/load/mix.lua` reads them.
fn mix(officer: &str, manager: &str, auditor: &str) -> String {
    let session = |c: &str| format!("ra_session={c}");
    let (o, m, a) = (session(officer), session(manager), session(auditor));
    let lines: Vec<(&str, &str, &str, &str)> = vec![
        ("GET", "/ra", &o, ""),
        ("GET", "/requests", &o, ""),
        ("POST", "/api/registration/list", &o, "state=submitted"),
        ("POST", "/api/work/ra", &o, ""),
        ("GET", "/allow-list", &o, ""),
        (
            "POST",
            "/api/allow-list/check",
            &o,
            "address=carer%40meadowbank-care.org.uk",
        ),
        ("GET", "/adoption", &o, ""),
        ("POST", "/api/adoption/overview", &o, "sort=percent"),
        ("GET", "/organisation", &m, ""),
        ("POST", "/api/organisation/mine", &m, ""),
        ("GET", "/requests", &m, ""),
        ("GET", "/adoption/VMB01", &m, ""),
        ("GET", "/audit", &a, ""),
        ("POST", "/api/audit/search", &a, "action=signed_in"),
        ("GET", "/audit/devices", &a, ""),
        ("GET", "/", "", ""),
    ];
    lines
        .into_iter()
        .map(|(method, path, cookie, body)| format!("{method}\t{path}\t{cookie}\t{body}\n"))
        .collect()
}

/// The footprint of the main pages each kind of person opens: the HTML as rendered, and as
/// the portal sends it to a browser that accepts gzip.
async fn print_page_sizes(base: &str, people: &[Browser]) {
    let pages = [
        (0, "/ra"),
        (0, "/requests"),
        (0, "/allow-list"),
        (0, "/adoption"),
        (1, "/organisation"),
        (1, "/adoption/VMB01"),
        (2, "/audit"),
        (2, "/audit/devices"),
    ];
    println!("\n| page (demo data) | HTML bytes | sent gzip |\n|---|---:|---:|");
    for (who, path) in pages {
        let browser = &people[who];
        let html = browser.get(&format!("{base}{path}")).await;
        assert_eq!(html.status, 200, "{path}: {}", html.body);
        let sent = browser
            .client()
            .get(format!("{base}{path}"))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(sent.headers()["content-encoding"], "gzip", "{path}");
        let sent = sent.bytes().await.unwrap().len();
        println!("| `{path}` | {} | {sent} |", html.body.len());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the release package and wrk: tools/test runs a few seconds, tools/bench a minute"]
async fn the_release_serves_a_mix_of_people_without_errors() {
    let seconds = setting("LOAD_SECONDS", 5);
    let conns = setting("LOAD_CONNECTIONS", 20);
    let unpacked = Unpacked::from_env();
    let portal = unpacked
        .start(&[("RA_DEMO_DATA", "true".into()), ("RA_LOG", "warn".into())])
        .await;
    let base = portal.base.clone();
    let idle_kb = portal.rss_kb();
    let mut cookies = Vec::new();
    let mut people = Vec::new();
    for user in ["ra.manager", "manager.meadowbank", "auditor"] {
        let b = Browser::new(&base);
        b.sign_in(user, None).await;
        cookies.push(b.cookie("ra_session").expect("signed in"));
        people.push(b);
    }
    print_page_sizes(&base, &people).await;
    let file = unpacked.dir.join("mix.tsv");
    std::fs::write(&file, mix(&cookies[0], &cookies[1], &cookies[2])).unwrap();

    let ceiling = wrk(&base, "/healthz", None, seconds, conns);
    let highest = Arc::new(AtomicU64::new(0));
    let running = Arc::new(AtomicBool::new(true));
    let pid = portal.child.id();
    let sampler = {
        let (highest, running) = (highest.clone(), running.clone());
        std::thread::spawn(move || {
            while running.load(Ordering::Relaxed) {
                let kb = std::fs::read_to_string(format!("/proc/{pid}/status"))
                    .unwrap_or_default()
                    .lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                    .unwrap_or(0);
                highest.fetch_max(kb, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(200));
            }
        })
    };
    let load = wrk(&base, "/", Some(&file), seconds, conns);
    running.store(false, Ordering::Relaxed);
    sampler.join().unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after_kb = portal.rss_kb();

    let rate = |s: &Stats| s.requests / s.seconds;
    println!(
        "\n| {conns} connections, {seconds} s, release on SQLite | requests/s | p50 ms | p99 ms | errors |"
    );
    println!("|---|---:|---:|---:|---:|");
    for (name, s) in [
        ("`/healthz` (the ceiling)", &ceiling),
        ("the mix of pages and calls", &load),
    ] {
        println!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} |",
            rate(s),
            s.p50_ms,
            s.p99_ms,
            s.http_errors + s.socket_errors
        );
    }
    println!(
        "\nThe mix ran at {:.1}% of the ceiling. Ready {} ms after start (new SQLite, migrations, demo data). Resident memory: {} MB idle, {} MB at most under load, {} MB after.",
        100.0 * rate(&load) / rate(&ceiling),
        portal.ready_after.as_millis(),
        idle_kb / 1024,
        highest.load(Ordering::Relaxed) / 1024,
        after_kb / 1024
    );
    assert!(load.requests > 0.0 && ceiling.requests > 0.0);
    assert_eq!(
        load.http_errors,
        0.0,
        "no request may fail:\n{}",
        portal.log()
    );
    assert_eq!(load.socket_errors, 0.0, "no connection may fail");
    assert_eq!(ceiling.http_errors + ceiling.socket_errors, 0.0);
}

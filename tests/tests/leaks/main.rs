//! Nothing secret leaks, on SQLite and PostgreSQL. A whole journey — CIS2 sign-in, a
//! manager's emailed sign-in link, a request through enrolment (the link, the emailed
//! code, the secret, the app's code) and a back-channel logout — logs at `debug` through
//! the portal's own log layer, and no log line holds a one-time value it used. Internal
//! errors answer without SQL, paths or stack traces, while the log keeps the cause.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod bodies;
mod journey;

use std::{
    io,
    sync::{Mutex, Once},
};

use ra_portal_tests::{Backend, TestPortal, both};
use serde_json::Value;
use server::config::LogFormat;
use tracing_subscriber::prelude::*;

/// Every log line of this test binary's run, as the portal wrote it.
static LOG: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct Capture;

impl io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        LOG.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Sends the logs of every crate, at `debug` (more than production's `info`), as JSON,
/// to [`LOG`]; all but the test browser's cookie jar, which logs the cookies it keeps
/// (the portal keeps none).
fn capture_logs() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        tracing_subscriber::registry()
            .with(server::telemetry::layer(
                "debug,cookie_store=off",
                LogFormat::Json,
                || Capture,
            ))
            .init();
    });
}

/// The log lines in which `value` stands as a whole word (timestamps set aside, since a
/// six-digit code could match their microseconds; a line that is not JSON is read whole).
fn lines_with(value: &str) -> Vec<String> {
    let log = String::from_utf8_lossy(&LOG.lock().unwrap()).into_owned();
    log.lines()
        .map(|line| match serde_json::from_str::<Value>(line) {
            Ok(mut entry) => {
                if let Some(o) = entry.as_object_mut() {
                    o.remove("timestamp");
                }
                entry.to_string()
            }
            Err(_) => line.to_owned(),
        })
        .filter(|text| has_word(text, value))
        .collect()
}

fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        ![before, after]
            .into_iter()
            .flatten()
            .any(|c| c.is_ascii_alphanumeric())
    })
}

#[test]
fn a_word_is_found_only_whole() {
    assert!(has_word(r#"{"code":"042917"}"#, "042917"));
    assert!(!has_word("x1042917", "042917"));
    assert!(!has_word("0429170", "042917"));
}

//! A portal in a child process, so a test can kill it with SIGKILL and start another on
//! the same database. The child is this test binary itself, running the ignored test that
//! calls [`serve_as_child`]; it logs to its stdout, which the parent reads line by line.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use crate::{PortalOptions, TestDb, TestPortal};

const DB_URL: &str = "RA_CHILD_DB_URL";
const DB_SCHEMA: &str = "RA_CHILD_DB_SCHEMA";

pub struct ChildPortal {
    pub base: String,
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl ChildPortal {
    /// Runs the ignored test `entry` (which calls [`serve_as_child`]) of this test binary
    /// on `db`, and waits until its portal listens.
    pub async fn spawn(entry: &str, db: &TestDb) -> Self {
        let mut command = Command::new(std::env::current_exe().unwrap());
        command
            .args([
                "--ignored",
                "--exact",
                entry,
                "--nocapture",
                "--test-threads=1",
            ])
            .env(DB_URL, &db.url)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(schema) = &db.schema {
            command.env(DB_SCHEMA, schema);
        }
        let mut child = command.spawn().expect("the test binary runs again");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let out = BufReader::new(child.stdout.take().unwrap());
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let mut portal = Self {
            base: String::new(),
            child,
            lines,
        };
        let line = portal.wait_for("PORTAL ", Duration::from_secs(60)).await;
        portal.base = line.trim_start_matches("PORTAL ").trim().to_owned();
        portal
    }

    /// The first line of the child's output containing `needle`, waiting up to `limit`.
    pub async fn wait_for(&self, needle: &str, limit: Duration) -> String {
        let start = std::time::Instant::now();
        while start.elapsed() < limit {
            if let Some(l) = self
                .lines
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains(needle))
            {
                return l.clone();
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        panic!("the child portal never said {needle:?}");
    }

    /// SIGKILL: no shutdown, no rollback by the process itself.
    pub fn kill(&mut self) {
        self.child.kill().expect("kill the child portal");
        let _ = self.child.wait();
    }
}

impl Drop for ChildPortal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The child's side: a portal on the parent's database, logging to stdout, until killed.
/// Does nothing when not started by [`ChildPortal::spawn`].
pub async fn serve_as_child() {
    let Ok(url) = std::env::var(DB_URL) else {
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .with_writer(std::io::stdout)
        .try_init();
    let db = TestDb {
        url,
        schema: std::env::var(DB_SCHEMA).ok(),
    };
    let portal = TestPortal::start_on(&db, PortalOptions::default()).await;
    println!("PORTAL {}", portal.base);
    std::future::pending::<()>().await;
}

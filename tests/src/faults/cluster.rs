//! A PostgreSQL server of one test's own (`initdb` into a temporary directory), which the
//! test can stop and start, as a database server restarts under a running portal. The
//! shared server the other tests use is never touched.

use std::{
    path::PathBuf,
    process::{Command, Output},
};

use super::catcher::free_port;

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    /// Commands run as the `postgres` user when the tests run as root (PostgreSQL will
    /// not run as root).
    as_postgres: bool,
}

impl Cluster {
    pub fn start() -> Self {
        let as_postgres = run_plain("id", &["-u"]).trim() == "0";
        let dir = std::env::temp_dir().join(format!("ra-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        if as_postgres {
            run_plain("chown", &["postgres", dir.to_str().unwrap()]);
        }
        let cluster = Self {
            bin: bin_dir(),
            dir,
            port: free_port(),
            as_postgres,
        };
        let data = cluster.dir.join("data");
        cluster.pg(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        );
        cluster.up();
        cluster
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server at once, as a crash would (`-m immediate`: no shutdown checkpoint;
    /// it recovers from its log on start).
    pub fn stop(&self) {
        self.ctl(&["stop", "-m", "immediate"]);
    }

    /// Starts the server and waits until it accepts connections.
    pub fn up(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {}",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("server.log");
        self.ctl(&["start", "-w", "-o", &options, "-l", log.to_str().unwrap()]);
    }

    fn ctl(&self, args: &[&str]) {
        let data = self.dir.join("data");
        let mut all = vec!["-D", data.to_str().unwrap()];
        all.extend_from_slice(args);
        self.pg("pg_ctl", &all);
    }

    fn pg(&self, tool: &str, args: &[&str]) -> Output {
        let exe = self.bin.join(tool);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let out = command.args(args).output().expect("PostgreSQL's tools run");
        assert!(
            out.status.success(),
            "{tool} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = Command::new(if self.as_postgres { "runuser" } else { "true" })
            .args(if self.as_postgres {
                vec!["-u", "postgres", "--"]
            } else {
                vec![]
            })
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", data.to_str().unwrap(), "stop", "-m", "immediate"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Where `initdb` and `pg_ctl` are: `pg_config --bindir`, else Debian's newest
/// `/usr/lib/postgresql/<version>/bin`.
fn bin_dir() -> PathBuf {
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return dir;
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's server tools are installed (/usr/lib/postgresql)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().expect("initdb is installed")
}

fn run_plain(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().expect(program);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

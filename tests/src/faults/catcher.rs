//! An SMTP catcher (maildev, as `tools/test` runs) of one test's own, which the test
//! stops and starts again on the same ports, as an SMTP relay goes down and comes back.

use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

use serde_json::Value;

pub struct Catcher {
    smtp: u16,
    web: u16,
    child: Option<Child>,
}

impl Catcher {
    pub async fn start() -> Self {
        let mut catcher = Self {
            smtp: free_port(),
            web: free_port(),
            child: None,
        };
        catcher.resume().await;
        catcher
    }

    pub fn smtp_url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.smtp)
    }

    /// Stops the catcher: connections to its SMTP port are refused until [`Self::resume`].
    /// What it caught is forgotten, so read it first.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the catcher on its ports and waits until it answers (node starts slowly
    /// on two busy cores; a catcher that exits, e.g. its port was taken meanwhile, is
    /// started again).
    pub async fn resume(&mut self) {
        for _ in 0..3 {
            self.spawn();
            for _ in 0..300 {
                if self
                    .child
                    .as_mut()
                    .is_some_and(|c| !matches!(c.try_wait(), Ok(None)))
                {
                    break;
                }
                let smtp_open = tokio::net::TcpStream::connect(("127.0.0.1", self.smtp))
                    .await
                    .is_ok();
                if smtp_open && self.try_caught().await.is_some() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            self.stop();
        }
        panic!(
            "maildev did not start on ports {} and {}",
            self.smtp, self.web
        );
    }

    fn spawn(&mut self) {
        let bin =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/node_modules/.bin/maildev");
        let child = Command::new(&bin)
            .args(["--ip", "127.0.0.1", "--web-ip", "127.0.0.1"])
            .args([
                "--smtp",
                &self.smtp.to_string(),
                "--web",
                &self.web.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("{} could not start ({e}): run tools/setup", bin.display()));
        self.child = Some(child);
    }

    /// Every message caught since the catcher last started.
    pub async fn caught(&self) -> Vec<Value> {
        self.try_caught().await.expect("the catcher answers")
    }

    async fn try_caught(&self) -> Option<Vec<Value>> {
        let url = format!("http://127.0.0.1:{}/api/email", self.web);
        reqwest::get(url).await.ok()?.json().await.ok()
    }
}

impl Drop for Catcher {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port nothing listens on now (the kernel's choice, released at once).
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

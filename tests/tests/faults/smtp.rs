use std::collections::HashMap;

use chrono::{Duration, Utc};
use ra_portal_tests::{builders::unique, faults::Catcher};
use server::mail::{Mailer, deliver_due};

use super::*;

const BURST: usize = 40;

// A burst of sign-in link requests while the SMTP catcher goes down and comes back, with
// two workers (two portal instances) sending the outbox: every message arrives once.
both!(
    mail_queued_while_smtp_is_down_arrives_once,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        portal.ensure_allowed("oaklodge-care.org.uk", "VOK01").await;
        let mut catcher = Catcher::start().await;
        let from = "RA Portal <ra-portal@localhost>";
        let workers = [
            Mailer::new(&catcher.smtp_url(), from).unwrap(),
            Mailer::new(&catcher.smtp_url(), from).unwrap(),
        ];
        let tag = unique("burst");
        let addresses: Vec<String> = (0..BURST)
            .map(|i| format!("{tag}-{i}@oaklodge-care.org.uk"))
            .collect();
        let pass = |now| {
            let (db, workers) = (portal.db(), &workers);
            async move {
                let (a, b) = tokio::join!(
                    deliver_due(db, &workers[0], now),
                    deliver_due(db, &workers[1], now)
                );
                let (a, b) = (a.unwrap(), b.unwrap());
                (
                    a.sent + b.sent,
                    a.retrying + b.retrying,
                    a.failed + b.failed,
                )
            }
        };

        // The first half of the burst, sent while the catcher is up.
        burst(&portal, &addresses[..BURST / 2]).await;
        assert_eq!(pass(Utc::now()).await, (BURST / 2, 0, 0));
        let mut caught = catcher.caught().await;

        // The catcher stops; the second half waits and is retried later.
        catcher.stop();
        burst(&portal, &addresses[BURST / 2..]).await;
        assert_eq!(pass(Utc::now()).await, (0, BURST / 2, 0));
        assert_eq!(
            pass(Utc::now()).await,
            (0, 0, 0),
            "not retried before its backoff"
        );

        // Back: the next pass after the backoff sends each waiting message, once.
        catcher.resume().await;
        let later = Utc::now() + Duration::minutes(2);
        assert_eq!(pass(later).await, (BURST / 2, 0, 0));
        assert_eq!(pass(later + Duration::hours(2)).await, (0, 0, 0));
        caught.extend(catcher.caught().await);

        let mut received: HashMap<String, usize> = HashMap::new();
        for m in &caught {
            *received
                .entry(m["to"][0]["address"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
        for a in &addresses {
            assert_eq!(received.get(a), Some(&1), "{a} got its link once");
        }
        assert_eq!(received.len(), BURST, "nothing else was sent");
        let waiting = portal
            .count("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")
            .await;
        assert_eq!(waiting, 0);
    }
);

/// Every address asks for a sign-in link at once; each is queued in the outbox.
async fn burst(portal: &TestPortal, addresses: &[String]) {
    let mut tasks = tokio::task::JoinSet::new();
    for email in addresses {
        let email = email.clone();
        let b = portal.browser();
        tasks.spawn(async move {
            let fields = [
                ("full_name", "Ada Obi"),
                ("email", &email),
                ("ods_code", "VOK01"),
            ];
            let (code, body) = b.call("manager-access/ask", &fields).await;
            assert_eq!(code, 200, "{body}");
        });
    }
    tasks.join_all().await;
}

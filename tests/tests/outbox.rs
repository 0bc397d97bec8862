//! The email outbox with a real SMTP catcher: nothing is lost while SMTP is down, and
//! several workers on one database send each message once.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use chrono::{Duration, Utc};
use ra_db::{
    Db,
    repo::outbox::{self, NewMail},
};
use ra_portal_tests::{Backend, TestDb, both, caught_mail, smtp_url};
use server::mail::{Delivery, Mailer, deliver_due};

async fn enqueue(db: &Db, to: &str, subject: &str) -> uuid::Uuid {
    let mut tx = db.begin().await.unwrap();
    let id = outbox::enqueue(
        &mut tx,
        &NewMail {
            to,
            subject,
            text: "Your request was approved.",
            html: "<p>Your request was approved.</p>",
        },
        Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

fn mailer(url: &str) -> Mailer {
    Mailer::new(url, "RA Portal <ra-portal@localhost>").unwrap()
}

// SMTP down: messages stay in the outbox with the error and a retry time, and go out
// once SMTP is back — each exactly once.
both!(
    outbox_survives_smtp_being_down,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await.connect().await;
        let tag = uuid::Uuid::new_v4().to_string();
        let mut ids = Vec::new();
        for n in 0..3 {
            ids.push(
                enqueue(
                    &db,
                    &format!("carer{n}@meadowbank-care.org.uk"),
                    &format!("Approved {tag} #{n}"),
                )
                .await,
            );
        }

        // Port 9 (discard) is closed here: the connection is refused.
        let down = mailer("smtp://127.0.0.1:9");
        let report = deliver_due(&db, &down, Utc::now()).await.unwrap();
        assert_eq!(
            report,
            Delivery {
                sent: 0,
                retrying: 3,
                failed: 0
            }
        );
        for id in &ids {
            let row = outbox::find(&db, *id).await.unwrap().unwrap();
            assert_eq!((row.status.as_str(), row.attempts), ("pending", 1));
            assert!(row.last_error.is_some());
        }
        // Not due again until the backoff has passed.
        let up = mailer(&smtp_url());
        assert_eq!(
            deliver_due(&db, &up, Utc::now()).await.unwrap(),
            Delivery::default()
        );
        let later = Utc::now() + Duration::seconds(31);
        assert_eq!(deliver_due(&db, &up, later).await.unwrap().sent, 3);
        assert_eq!(
            deliver_due(&db, &up, later).await.unwrap(),
            Delivery::default()
        );

        let caught = caught_mail(&tag).await;
        assert_eq!(caught.len(), 3, "{caught:?}");
        let to: Vec<&str> = caught
            .iter()
            .map(|m| m["to"][0]["address"].as_str().unwrap())
            .collect();
        assert!(to.contains(&"carer0@meadowbank-care.org.uk"));
        assert!(caught[0]["text"].as_str().unwrap().contains("approved"));
        assert!(caught[0]["html"].as_str().unwrap().contains("<p>"));
        assert!(outbox::undelivered(&db, 10).await.unwrap().is_empty());
    }
);

// An address the mail system can never accept is given up on at once and shown.
both!(
    undeliverable_mail_is_shown_not_retried,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await.connect().await;
        let tag = uuid::Uuid::new_v4().to_string();
        let id = enqueue(&db, "not an address", &format!("Approved {tag}")).await;
        let report = deliver_due(&db, &mailer(&smtp_url()), Utc::now())
            .await
            .unwrap();
        assert_eq!(
            report,
            Delivery {
                sent: 0,
                retrying: 0,
                failed: 1
            }
        );
        let shown = outbox::undelivered(&db, 10).await.unwrap();
        assert_eq!(shown.len(), 1);
        assert_eq!((shown[0].id, shown[0].status.as_str()), (id, "failed"));
        assert!(
            shown[0]
                .last_error
                .as_deref()
                .unwrap()
                .contains("bad address")
        );
        assert!(caught_mail(&tag).await.is_empty());
    }
);

// Four workers (as four portal instances would) drain one outbox together: every message
// is sent once, none twice.
both!(
    several_workers_send_each_message_once,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await.connect().await;
        let tag = uuid::Uuid::new_v4().to_string();
        const MESSAGES: usize = 60;
        for n in 0..MESSAGES {
            enqueue(
                &db,
                &format!("staff{n}@canterbury-care.org.uk"),
                &format!("Link {tag} #{n}"),
            )
            .await;
        }
        let mut workers = Vec::new();
        for _ in 0..4 {
            let db = db.clone();
            workers.push(tokio::spawn(async move {
                let m = mailer(&smtp_url());
                let mut sent = 0;
                loop {
                    let r = deliver_due(&db, &m, Utc::now()).await.unwrap();
                    if r.sent == 0 && r.retrying == 0 && r.failed == 0 {
                        break sent;
                    }
                    sent += r.sent;
                }
            }));
        }
        let mut total = 0;
        for w in workers {
            total += w.await.unwrap();
        }
        assert_eq!(total, MESSAGES);
        let caught = caught_mail(&tag).await;
        let mut subjects: Vec<&str> = caught
            .iter()
            .map(|m| m["subject"].as_str().unwrap())
            .collect();
        subjects.sort();
        subjects.dedup();
        assert_eq!((caught.len(), subjects.len()), (MESSAGES, MESSAGES));
    }
);

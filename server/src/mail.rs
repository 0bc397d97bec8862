//! Sending the email outbox over SMTP (lettre): a background worker claims due messages,
//! sends them, and records each result — retry with backoff, or give up and show it.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
};
use ra_db::{
    Db, DbResult,
    repo::outbox::{self, MailRow},
};
use ra_domain::mail::{backoff, gives_up};

/// How long a claim lasts: longer than one SMTP conversation takes to time out.
const LEASE_SECONDS: i64 = 120;
const BATCH: i64 = 20;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Identifies this process's claims in the outbox.
    worker: String,
}

/// A mail setting that cannot be used; never repeats the URL, which may hold a password.
#[derive(Debug, thiserror::Error)]
pub enum MailSettingError {
    #[error("not a usable SMTP URL: {0}")]
    SmtpUrl(String),
    #[error("{0:?} is not an email address: {1}")]
    From(String, String),
}

impl MailSettingError {
    pub fn setting(&self) -> &'static str {
        match self {
            MailSettingError::SmtpUrl(_) => "RA_SMTP_URL",
            MailSettingError::From(..) => "RA_MAIL_FROM",
        }
    }
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtp://host:port` (plain, e.g. a local catcher),
    /// `smtp://host:587?tls=required` or `smtps://host:465`, with `user:pass@` if needed.
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, MailSettingError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| MailSettingError::SmtpUrl(e.to_string()))?
            .timeout(Some(StdDuration::from_secs(20)))
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| MailSettingError::From(from.to_owned(), e.to_string()))?;
        Ok(Self {
            transport,
            from,
            worker: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4()),
        })
    }

    async fn send(&self, m: &MailRow) -> Result<(), Failure> {
        let to = m
            .to_address
            .parse::<Mailbox>()
            .map_err(|e| Failure::Permanent(format!("bad address: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&m.subject)
            .multipart(MultiPart::alternative_plain_html(
                m.body_text.clone(),
                m.body_html.clone(),
            ))
            .map_err(|e| Failure::Permanent(format!("cannot build the message: {e}")))?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| {
            if e.is_permanent() {
                Failure::Permanent(e.to_string())
            } else {
                Failure::Transient(e.to_string())
            }
        })
    }
}

enum Failure {
    /// Retrying will not help (the server refused the address, the message is invalid).
    Permanent(String),
    /// SMTP down, timeouts, temporary refusals: retry later.
    Transient(String),
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// One pass: claim what is due, send it, record the outcome.
pub async fn deliver_due(db: &Db, mailer: &Mailer, now: DateTime<Utc>) -> DbResult<Delivery> {
    let claimed = outbox::claim(
        db,
        &mailer.worker,
        now,
        Duration::seconds(LEASE_SECONDS),
        BATCH,
    )
    .await?;
    let mut report = Delivery::default();
    for m in claimed {
        match mailer.send(&m).await {
            Ok(()) => {
                outbox::mark_sent(db, m.id, &mailer.worker, Utc::now()).await?;
                report.sent += 1;
                tracing::info!(mail = %m.id, "email sent");
            }
            Err(failure) => {
                let attempts = u32::try_from(m.attempts).unwrap_or(0) + 1;
                let (error, retry_at) = match failure {
                    Failure::Transient(e) if !gives_up(attempts) => {
                        (e, Some(Utc::now() + backoff(attempts)))
                    }
                    Failure::Transient(e) | Failure::Permanent(e) => (e, None),
                };
                if retry_at.is_some() {
                    report.retrying += 1;
                    tracing::warn!(mail = %m.id, attempts, error = %error, "email not sent; will retry");
                } else {
                    report.failed += 1;
                    tracing::error!(mail = %m.id, attempts, error = %error, "email failed; giving up");
                }
                outbox::mark_attempt_failed(db, m.id, &mailer.worker, &error, retry_at).await?;
            }
        }
    }
    Ok(report)
}

/// Sends the outbox every `poll` until the process ends.
pub fn spawn_worker(db: Db, mailer: Mailer, poll: StdDuration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(poll);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = deliver_due(&db, &mailer, Utc::now()).await {
                tracing::warn!(error = %e, "outbox pass failed");
            }
        }
    })
}

//! The audit trail: every state change, written in one place and chained by hash
//! (`chain`), checked by walking it (`verify`), signed at checkpoints (`checkpoints`).

use chrono::{DateTime, Utc};
use ra_domain::PersonId;
use sqlx::types::Json;
use uuid::Uuid;

use crate::{Db, DbError, DbResult, Tx, on_pool};

mod chain;
pub mod checkpoints;
pub mod origin;
pub mod redaction;
pub mod reports;
pub mod search;
pub mod verify;

pub use chain::{head, seal_unchained};

/// What an audit event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    AllowListEntry,
    RegistrationRequest,
    ManagerAccess,
    EmailSignInLink,
    Import,
    Organisation,
    Person,
    SignIn,
    /// A route, page or server function someone was refused.
    Access,
    /// A CSV the portal wrote for someone.
    Export,
    /// The trail itself (redactions).
    Audit,
    AccessReview,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::AllowListEntry => "allow_list_entry",
            Subject::RegistrationRequest => "registration_request",
            Subject::ManagerAccess => "manager_access",
            Subject::EmailSignInLink => "email_sign_in_link",
            Subject::Import => "import",
            Subject::Organisation => "organisation",
            Subject::Person => "person",
            Subject::SignIn => "sign_in",
            Subject::Access => "access",
            Subject::Export => "export",
            Subject::Audit => "audit",
            Subject::AccessReview => "access_review",
        }
    }
}

pub struct AuditEvent<'a> {
    pub actor: Option<PersonId>,
    pub action: &'a str,
    pub subject_type: Subject,
    pub subject_id: Option<&'a str>,
    /// The organisation the subject belongs to, when it has one (search by organisation).
    pub subject_org: Option<&'a str>,
    pub details: serde_json::Value,
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_person_id: Option<PersonId>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<String>,
    pub details: Json<serde_json::Value>,
}

/// Appends one event to the chain, in the caller's transaction.
///
/// Refuses an action `ra_domain::audit::actions` does not list, so every kind of entry
/// has the words auditors see and the test that makes it happen.
pub async fn record(tx: &mut Tx, e: AuditEvent<'_>) -> DbResult<Uuid> {
    let ids = chain::append(tx, std::slice::from_ref(&e)).await?;
    ids.first()
        .copied()
        .ok_or_else(|| DbError::Corrupt("audit append wrote nothing".into()))
}

/// For events with no other change to commit with (e.g. a refused sign-in).
pub async fn record_alone(db: &Db, e: AuditEvent<'_>) -> DbResult<Uuid> {
    let mut tx = db.begin().await?;
    let id = record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(id)
}

/// Newest first.
pub async fn recent(db: &Db, limit: i64) -> DbResult<Vec<AuditRow>> {
    const SQL: &str = "SELECT id, occurred_at, actor_person_id, action, subject_type, subject_id, details \
        FROM audit_events ORDER BY occurred_at DESC, id DESC LIMIT $1";
    Ok(on_pool!(db, |p| sqlx::query_as::<_, AuditRow>(SQL)
        .bind(limit)
        .fetch_all(p)
        .await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubjectEvent {
    pub occurred_at: DateTime<Utc>,
    pub actor_name: Option<String>,
    pub action: String,
    pub details: Json<serde_json::Value>,
}

/// One subject's history (e.g. an allow-list entry), oldest first, with who acted.
pub async fn for_subject(
    db: &Db,
    subject_type: Subject,
    subject_id: &str,
) -> DbResult<Vec<SubjectEvent>> {
    const SQL: &str = "SELECT a.occurred_at, p.display_name AS actor_name, a.action, a.details \
        FROM audit_events a LEFT JOIN people p ON p.id = a.actor_person_id \
        WHERE a.subject_type = $1 AND a.subject_id = $2 ORDER BY a.position, a.occurred_at, a.id";
    Ok(on_pool!(db, |p| sqlx::query_as::<_, SubjectEvent>(SQL)
        .bind(subject_type.as_str())
        .bind(subject_id)
        .fetch_all(p)
        .await?))
}

/// Records many events in a few statements (bulk changes), in the caller's transaction.
pub async fn record_many(tx: &mut Tx, events: &[AuditEvent<'_>]) -> DbResult<()> {
    chain::append(tx, events).await.map(|_| ())
}

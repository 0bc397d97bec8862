//! Authenticator registration requests: creation (one open request per person), the RA
//! queue with keyset pages, state changes guarded by the state they start from, and the
//! review lock.

use chrono::{DateTime, Utc};
use ra_domain::{
    OdsCode, PersonId, RequestId,
    registration::{MeetingMode, PhoneKind, RequestSource, RequestState, ValidRequest},
};
use sqlx::types::Json;

use std::collections::BTreeMap;

use super::adoption::kept;
use crate::{
    Db, DbError, DbResult, Tx, on_pool, on_tx,
    sql::{KEYS_PER_QUERY, ROWS_PER_INSERT, keys_table, open_states, value_rows},
};

mod queue;

pub use queue::{QueuePage, QueueQuery, counts, queue};

/// The unique index that allows one open request per person (email).
pub const ONE_OPEN_CONSTRAINT: &str = "registration_one_open";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestRow {
    pub id: RequestId,
    pub person_name: String,
    pub email: String,
    pub email_domain: String,
    pub job_role: String,
    pub ods_code: OdsCode,
    pub org_name: Option<String>,
    pub phone: String,
    pub phone_kind: PhoneKind,
    pub state: RequestState,
    pub source: RequestSource,
    pub requested_by: PersonId,
    pub requested_by_name: Option<String>,
    pub requested_by_email: Option<String>,
    pub requested_at: DateTime<Utc>,
    pub last_step_at: DateTime<Utc>,
    pub review_holder: Option<PersonId>,
    pub review_holder_name: Option<String>,
    pub review_until: Option<DateTime<Utc>>,
    pub meeting_at: Option<DateTime<Utc>>,
    pub meeting_mode: Option<MeetingMode>,
    pub identity_documents: Option<Json<Vec<String>>>,
    pub decision_reason: Option<String>,
    pub review_flag: Option<String>,
}

pub(super) const SELECT: &str = "SELECT r.id, r.person_name, r.email, r.email_domain, r.job_role, r.ods_code, \
        o.name AS org_name, r.phone, r.phone_kind, r.state, r.source, r.requested_by, \
        p.display_name AS requested_by_name, p.email AS requested_by_email, r.requested_at, \
        r.last_step_at, r.review_holder, r.review_holder_name, r.review_until, r.meeting_at, \
        r.meeting_mode, r.identity_documents, r.decision_reason, r.review_flag \
    FROM registration_requests r \
    LEFT JOIN organisations o ON o.ods_code = r.ods_code \
    LEFT JOIN people p ON p.id = r.requested_by";

/// Moves `by` requests' count from `from` (none for new requests) to `to`, in one
/// statement of the change's transaction.
async fn move_count(
    tx: &mut Tx,
    from: Option<RequestState>,
    to: RequestState,
    by: i64,
) -> DbResult<()> {
    const SQL: &str = "UPDATE registration_state_counts \
        SET n = n + CASE WHEN state = $1 THEN -$3 ELSE $3 END WHERE state IN ($1, $2)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(from.map_or("", RequestState::as_str))
        .bind(to)
        .bind(by)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Recomputes the per-state counts from the requests themselves (after bulk loads done
/// outside the repository, e.g. benchmarks or data migrations).
pub async fn recount_states(db: &Db) -> DbResult<()> {
    const SQL: &str = "UPDATE registration_state_counts SET n = \
        (SELECT COUNT(*) FROM registration_requests r WHERE r.state = registration_state_counts.state)";
    on_pool!(db, |p| sqlx::query(SQL).execute(p).await?.rows_affected());
    Ok(())
}

/// Stores a new request; an open request for the same email gives [`DbError::Duplicate`].
pub async fn insert(
    tx: &mut Tx,
    r: &ValidRequest,
    source: RequestSource,
    by: PersonId,
    now: DateTime<Utc>,
) -> DbResult<RequestId> {
    let id = RequestId::new();
    insert_many(tx, &[(id, r)], source, by, now).await?;
    Ok(id)
}

pub async fn find(db: &Db, id: RequestId) -> DbResult<Option<RequestRow>> {
    let sql = format!("{SELECT} WHERE r.id = $1");
    Ok(on_pool!(db, |p| sqlx::query_as::<_, RequestRow>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await?))
}

/// What a step changes besides the state; `None` leaves a column as it is.
#[derive(Debug, Default)]
pub struct StepChange<'a> {
    pub reason: Option<&'a str>,
    pub meeting_at: Option<DateTime<Utc>>,
    pub meeting_mode: Option<MeetingMode>,
    pub identity_documents: Option<&'a [String]>,
    /// Sets (Some) or clears (None with `set_lock`) the review lock.
    pub lock: Option<(PersonId, &'a str, DateTime<Utc>)>,
    pub set_lock: bool,
    /// The RA officer whose step finished their work on the request ("completed by").
    pub completed_by: Option<PersonId>,
}

/// Moves a request from `from` to `to`; false when it was no longer in `from` (someone
/// else acted first).
pub async fn change_state(
    tx: &mut Tx,
    id: RequestId,
    from: RequestState,
    to: RequestState,
    ch: &StepChange<'_>,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    // A step after retention redacted the request's entries (a device removed later)
    // makes it due again, so the new entries are redacted in their turn.
    const SQL: &str = "UPDATE registration_requests SET state = $1, last_step_at = $2, \
            audit_redacted_at = NULL, \
            decision_reason = COALESCE($3, decision_reason), meeting_at = COALESCE($4, meeting_at), \
            meeting_mode = COALESCE($5, meeting_mode), \
            identity_documents = COALESCE($6, identity_documents), \
            review_holder = CASE WHEN $7 THEN $8 ELSE review_holder END, \
            review_holder_name = CASE WHEN $7 THEN $9 ELSE review_holder_name END, \
            review_until = CASE WHEN $7 THEN $10 ELSE review_until END, \
            completed_by = COALESCE($13, completed_by) \
        WHERE id = $11 AND state = $12";
    // The organisation's counts row is locked before the request row (see `kept`).
    let Some(code) = kept::lock_for_request(tx, id).await? else {
        return Ok(false);
    };
    let (holder, holder_name, until) = match ch.lock {
        Some((p, n, u)) => (Some(p), Some(n), Some(u)),
        None => (None, None, None),
    };
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(to)
        .bind(now)
        .bind(ch.reason)
        .bind(ch.meeting_at)
        .bind(ch.meeting_mode)
        .bind(ch.identity_documents.map(Json))
        .bind(ch.set_lock)
        .bind(holder)
        .bind(holder_name)
        .bind(until)
        .bind(id)
        .bind(from)
        .bind(ch.completed_by)
        .execute(c)
        .await
        .map_err(|e| DbError::from_write(e, ONE_OPEN_CONSTRAINT))?
        .rows_affected());
    if n == 1 {
        if from != to {
            move_count(tx, Some(from), to, 1).await?;
        }
        kept::stepped(tx, &code, from, to).await?;
    }
    Ok(n == 1)
}

/// Adds many requests in a few statements (bulk upload); an open request for any of the
/// emails gives [`DbError::Duplicate`] and, with the caller's rollback, adds none.
pub async fn insert_many(
    tx: &mut Tx,
    rows: &[(RequestId, &ValidRequest)],
    source: RequestSource,
    by: PersonId,
    now: DateTime<Utc>,
) -> DbResult<()> {
    const PER_ROW: usize = 12;
    let mut by_org: BTreeMap<&OdsCode, Vec<String>> = BTreeMap::new();
    for (_, r) in rows {
        by_org
            .entry(&r.ods_code)
            .or_default()
            .push(r.email.to_lowercase());
    }
    let codes: Vec<OdsCode> = by_org.keys().map(|c| (*c).clone()).collect();
    kept::lock(tx, &codes).await?;
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let values: Vec<String> = value_rows(chunk.len(), PER_ROW)
            .map(|p| {
                format!(
                    "({}, 'submitted', {}, {}, {}, {})",
                    p[..9].join(", "),
                    p[9],
                    p[10],
                    p[11],
                    p[11]
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO registration_requests (id, person_name, email, email_key, email_domain, job_role, \
             ods_code, phone, phone_kind, state, source, requested_by, requested_at, last_step_at) VALUES {}",
            values.join(", ")
        );
        on_tx!(tx, |c| {
            let mut q = sqlx::query(&sql);
            for (id, r) in chunk {
                q = q
                    .bind(*id)
                    .bind(&r.full_name)
                    .bind(&r.email)
                    .bind(r.email.to_lowercase())
                    .bind(&r.domain)
                    .bind(&r.job_role)
                    .bind(&r.ods_code)
                    .bind(&r.phone)
                    .bind(r.phone_kind)
                    .bind(source)
                    .bind(by)
                    .bind(now);
            }
            q.execute(c)
                .await
                .map_err(|e| DbError::from_write(e, ONE_OPEN_CONSTRAINT))?
                .rows_affected()
        });
    }
    for (code, keys) in &by_org {
        kept::raised(tx, code, keys, now).await?;
    }
    move_count(tx, None, RequestState::Submitted, rows.len() as i64).await
}

/// Of `email_keys`, those with an open request.
pub async fn with_open_request(db: &Db, email_keys: &[String]) -> DbResult<Vec<String>> {
    emails_matching(
        db,
        concat!(
            "SELECT r.email_key FROM k JOIN registration_requests r ON r.email_key = k.key \
             WHERE r.state IN ",
            open_states!()
        ),
        email_keys,
    )
    .await
}

/// Of `email_keys`, those with a registered (not removed) device.
pub async fn with_device(db: &Db, email_keys: &[String]) -> DbResult<Vec<String>> {
    emails_matching(
        db,
        "SELECT d.person_email FROM k JOIN devices d ON d.person_email = k.key \
         WHERE d.removed_at IS NULL",
        email_keys,
    )
    .await
}

/// Runs `select`, which joins the keys as `k(key)`, in chunks and gathers the answers.
async fn emails_matching(db: &Db, select: &str, keys: &[String]) -> DbResult<Vec<String>> {
    let mut out = Vec::new();
    for chunk in keys.chunks(KEYS_PER_QUERY) {
        let sql = format!("{} {select}", keys_table(chunk.len()));
        let found: Vec<String> = on_pool!(db, |p| {
            let mut q = sqlx::query_scalar(&sql);
            for k in chunk {
                q = q.bind(k.as_str());
            }
            q.fetch_all(p).await?
        });
        out.extend(found);
    }
    Ok(out)
}

/// Flags the open requests whose email is under `domain` (and its subdomains when
/// `covers_subdomains`) for review; returns how many.
pub async fn flag_for_domain(
    tx: &mut Tx,
    domain: &str,
    covers_subdomains: bool,
    flag: &str,
) -> DbResult<u64> {
    const SQL: &str = concat!(
        "UPDATE registration_requests SET review_flag = $1 WHERE state IN ",
        open_states!(),
        " AND (email_domain = $2 OR ($3 AND email_domain LIKE $4))"
    );
    Ok(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(flag)
        .bind(domain)
        .bind(covers_subdomains)
        .bind(format!("%.{domain}"))
        .execute(c)
        .await?
        .rows_affected()))
}

/// Every request for the address `email` (any case), oldest first.
pub async fn of_email(db: &Db, email: &str) -> DbResult<Vec<RequestRow>> {
    let sql = format!("{SELECT} WHERE r.email_key = $1 ORDER BY r.requested_at, r.id");
    Ok(on_pool!(db, |p| sqlx::query_as::<_, RequestRow>(&sql)
        .bind(email.trim().to_lowercase())
        .fetch_all(p)
        .await?))
}

//! Authenticator registration requests: creation (one open request per person), the RA
//! queue with keyset pages, state changes guarded by the state they start from, and the
//! review lock.

use chrono::{DateTime, Utc};
use ra_domain::{
    PersonId,
    registration::{RequestState, ValidRequest},
};
use sqlx::types::Json;
use uuid::Uuid;

use crate::{
    Db, DbError, DbResult, Tx,
    args::{Arg, Args, fetch_all},
    on_pool, on_tx,
    sql::{KEYS_PER_QUERY, ROWS_PER_INSERT, keys_table, open_states, placeholders, value_rows},
};

/// The unique index that allows one open request per person (email).
pub const ONE_OPEN_CONSTRAINT: &str = "registration_one_open";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestRow {
    pub id: Uuid,
    pub person_name: String,
    pub email: String,
    pub email_domain: String,
    pub job_role: String,
    pub ods_code: String,
    pub org_name: Option<String>,
    pub phone: String,
    pub phone_kind: String,
    pub state: String,
    pub source: String,
    pub requested_by: Uuid,
    pub requested_by_name: Option<String>,
    pub requested_by_email: Option<String>,
    pub requested_at: DateTime<Utc>,
    pub last_step_at: DateTime<Utc>,
    pub review_holder: Option<Uuid>,
    pub review_holder_name: Option<String>,
    pub review_until: Option<DateTime<Utc>>,
    pub meeting_at: Option<DateTime<Utc>>,
    pub meeting_mode: Option<String>,
    pub identity_documents: Option<Json<Vec<String>>>,
    pub decision_reason: Option<String>,
    pub review_flag: Option<String>,
}

impl RequestRow {
    pub fn state(&self) -> DbResult<RequestState> {
        RequestState::parse(&self.state)
            .ok_or_else(|| DbError::Corrupt(format!("request state {:?}", self.state)))
    }
}

const SELECT: &str = "SELECT r.id, r.person_name, r.email, r.email_domain, r.job_role, r.ods_code, \
        o.name AS org_name, r.phone, r.phone_kind, r.state, r.source, r.requested_by, \
        p.display_name AS requested_by_name, p.email AS requested_by_email, r.requested_at, \
        r.last_step_at, r.review_holder, r.review_holder_name, r.review_until, r.meeting_at, \
        r.meeting_mode, r.identity_documents, r.decision_reason, r.review_flag \
    FROM registration_requests r \
    LEFT JOIN organisations o ON o.ods_code = r.ods_code \
    LEFT JOIN people p ON p.id = r.requested_by";

/// Moves `by` requests' count from `from` (none for new requests) to `to`, in one
/// statement of the change's transaction.
async fn move_count(tx: &mut Tx, from: Option<&str>, to: &str, by: i64) -> DbResult<()> {
    const SQL: &str = "UPDATE registration_state_counts \
        SET n = n + CASE WHEN state = $1 THEN -$3 ELSE $3 END WHERE state IN ($1, $2)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(from.unwrap_or(""))
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
    source: &str,
    by: PersonId,
    now: DateTime<Utc>,
) -> DbResult<Uuid> {
    const SQL: &str = "INSERT INTO registration_requests (id, person_name, email, email_key, email_domain, \
            job_role, ods_code, phone, phone_kind, state, source, requested_by, requested_at, last_step_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'submitted', $10, $11, $12, $12)";
    let id = Uuid::new_v4();
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(&r.full_name)
        .bind(&r.email)
        .bind(r.email.to_lowercase())
        .bind(r.domain.as_str())
        .bind(&r.job_role)
        .bind(r.ods_code.as_str())
        .bind(&r.phone)
        .bind(r.phone_kind.as_str())
        .bind(source)
        .bind(by.0)
        .bind(now)
        .execute(c)
        .await
        .map_err(|e| DbError::from_write(e, ONE_OPEN_CONSTRAINT))?
        .rows_affected());
    move_count(tx, None, "submitted", 1).await?;
    Ok(id)
}

pub async fn find(db: &Db, id: Uuid) -> DbResult<Option<RequestRow>> {
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
    pub meeting_mode: Option<&'a str>,
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
    id: Uuid,
    from: RequestState,
    to: RequestState,
    ch: &StepChange<'_>,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    const SQL: &str = "UPDATE registration_requests SET state = $1, last_step_at = $2, \
            decision_reason = COALESCE($3, decision_reason), meeting_at = COALESCE($4, meeting_at), \
            meeting_mode = COALESCE($5, meeting_mode), \
            identity_documents = COALESCE($6, identity_documents), \
            review_holder = CASE WHEN $7 THEN $8 ELSE review_holder END, \
            review_holder_name = CASE WHEN $7 THEN $9 ELSE review_holder_name END, \
            review_until = CASE WHEN $7 THEN $10 ELSE review_until END, \
            completed_by = COALESCE($13, completed_by) \
        WHERE id = $11 AND state = $12";
    let (holder, holder_name, until) = match ch.lock {
        Some((p, n, u)) => (Some(p.0), Some(n), Some(u)),
        None => (None, None, None),
    };
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(to.as_str())
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
        .bind(from.as_str())
        .bind(ch.completed_by.map(|p| p.0))
        .execute(c)
        .await
        .map_err(|e| DbError::from_write(e, ONE_OPEN_CONSTRAINT))?
        .rows_affected());
    if n == 1 && from != to {
        move_count(tx, Some(from.as_str()), to.as_str(), 1).await?;
    }
    Ok(n == 1)
}

/// Filters of the RA queue, like CIM's request reports.
#[derive(Debug, Clone, Default)]
pub struct QueueQuery {
    pub state: Option<RequestState>,
    pub ods_code: Option<String>,
    pub source: Option<String>,
    /// Raised by one of these people (matched by name or email); empty matches nothing.
    pub requested_by: Option<Vec<Uuid>>,
    /// Completed by one of these RA officers.
    pub completed_by: Option<Vec<Uuid>>,
    /// Oldest first instead of newest first.
    pub oldest_first: bool,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Newest first; the page after this (requested_at, id).
    pub after: Option<(DateTime<Utc>, Uuid)>,
    pub limit: u32,
    /// Only requests for these organisations (a manager's view); None = all.
    pub orgs: Option<Vec<String>>,
}

fn queue_sql(q: &QueueQuery) -> (String, Args) {
    let mut args = Args::default();
    let mut clauses = Vec::new();
    if let Some(s) = q.state {
        let p = args.push(Arg::Text(s.as_str().into()));
        clauses.push(format!("r.state = {p}"));
    }
    if let Some(o) = &q.ods_code {
        let p = args.push(Arg::Text(o.clone()));
        clauses.push(format!("r.ods_code = {p}"));
    }
    if let Some(orgs) = &q.orgs {
        let ps: Vec<String> = orgs
            .iter()
            .map(|o| args.push(Arg::Text(o.clone())))
            .collect();
        if ps.is_empty() {
            clauses.push("1 = 0".into());
        } else {
            clauses.push(format!("r.ods_code IN ({})", ps.join(", ")));
        }
    }
    if let Some(s) = &q.source {
        let p = args.push(Arg::Text(s.clone()));
        clauses.push(format!("r.source = {p}"));
    }
    for (column, people) in [
        ("r.requested_by", &q.requested_by),
        ("r.completed_by", &q.completed_by),
    ] {
        if let Some(ids) = people {
            let ps: Vec<String> = ids.iter().map(|id| args.push(Arg::Id(*id))).collect();
            if ps.is_empty() {
                clauses.push("1 = 0".into());
            } else {
                clauses.push(format!("{column} IN ({})", ps.join(", ")));
            }
        }
    }
    if let Some(t) = q.from {
        let p = args.push(Arg::Time(t));
        clauses.push(format!("r.requested_at >= {p}"));
    }
    if let Some(t) = q.to {
        let p = args.push(Arg::Time(t));
        clauses.push(format!("r.requested_at < {p}"));
    }
    let (beyond, order) = if q.oldest_first {
        (">", "ASC")
    } else {
        ("<", "DESC")
    };
    if let Some((t, id)) = q.after {
        let (pt, pi) = (args.push(Arg::Time(t)), args.push(Arg::Id(id)));
        clauses.push(format!("(r.requested_at, r.id) {beyond} ({pt}, {pi})"));
    }
    let limit = args.push(Arg::Int(i64::from(q.limit) + 1));
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (
        format!("{SELECT}{filter} ORDER BY r.requested_at {order}, r.id {order} LIMIT {limit}"),
        args,
    )
}

pub struct QueuePage {
    pub rows: Vec<RequestRow>,
    pub next: Option<(DateTime<Utc>, Uuid)>,
}

pub async fn queue(db: &Db, q: &QueueQuery) -> DbResult<QueuePage> {
    let (sql, args) = queue_sql(q);
    let mut rows: Vec<RequestRow> = fetch_all(db, &sql, &args).await?;
    let next = if rows.len() > q.limit as usize {
        rows.truncate(q.limit as usize);
        rows.last().map(|r| (r.requested_at, r.id))
    } else {
        None
    };
    Ok(QueuePage { rows, next })
}

/// Requests per state: for the whole queue from the kept counts, for a manager's
/// organisations (`orgs`, a few) counted from their rows.
pub async fn counts(db: &Db, orgs: Option<&[String]>) -> DbResult<Vec<(String, i64)>> {
    let (sql, binds): (String, Vec<&String>) = match orgs {
        None => (
            "SELECT state, n FROM registration_state_counts WHERE n > 0 ORDER BY state".into(),
            Vec::new(),
        ),
        Some([]) => return Ok(Vec::new()),
        Some(o) => (
            format!(
                "SELECT state, COUNT(*) FROM registration_requests WHERE ods_code IN ({}) \
                 GROUP BY state ORDER BY state",
                placeholders(o.len())
            ),
            o.iter().collect(),
        ),
    };
    Ok(on_pool!(db, |p| {
        let mut q = sqlx::query_as::<_, (String, i64)>(&sql);
        for b in &binds {
            q = q.bind(b.as_str());
        }
        q.fetch_all(p).await?
    }))
}

/// Adds many requests in a few statements (bulk upload); an open request for any of the
/// emails gives [`DbError::Duplicate`] and, with the caller's rollback, adds none.
pub async fn insert_many(
    tx: &mut Tx,
    rows: &[(Uuid, &ValidRequest)],
    source: &str,
    by: PersonId,
    now: DateTime<Utc>,
) -> DbResult<()> {
    const PER_ROW: usize = 12;
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
                    .bind(r.domain.as_str())
                    .bind(&r.job_role)
                    .bind(r.ods_code.as_str())
                    .bind(&r.phone)
                    .bind(r.phone_kind.as_str())
                    .bind(source)
                    .bind(by.0)
                    .bind(now);
            }
            q.execute(c)
                .await
                .map_err(|e| DbError::from_write(e, ONE_OPEN_CONSTRAINT))?
                .rows_affected()
        });
    }
    move_count(tx, None, "submitted", rows.len() as i64).await
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

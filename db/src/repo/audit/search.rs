//! Reading the trail for auditors: entries newest first with only the filters in use,
//! keyset pages by position (each filter has an index ending in `position`, so a page
//! costs its own rows at any size), one entry whole, and a subject's entries in order.

use chrono::{DateTime, Utc};
use ra_domain::PersonId;
use sqlx::types::Json;

use crate::{
    Db, DbResult,
    args::{Arg, Args, fetch_all},
};

/// An entry as auditors read it, with the actor's CIS2 identity from their person record.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    pub position: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_person_id: Option<PersonId>,
    pub actor_issuer: Option<String>,
    pub actor_subject: Option<String>,
    /// As they were when they acted; for entries from before provenance was kept, their
    /// name now.
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub actor_org: Option<String>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<String>,
    pub subject_org: Option<String>,
    pub details: Json<serde_json::Value>,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    pub redacted_at: Option<DateTime<Utc>>,
    pub prev_hash: Option<String>,
    pub entry_hash: Option<String>,
}

const SELECT: &str = "SELECT a.position, a.occurred_at, a.actor_person_id, \
    p.issuer AS actor_issuer, p.subject AS actor_subject, \
    COALESCE(a.actor_name, p.display_name) AS actor_name, a.actor_role, a.actor_org, \
    a.action, a.subject_type, a.subject_id, a.subject_org, a.details, a.request_id, \
    a.client_addr, a.redacted_at, a.prev_hash, a.entry_hash \
    FROM audit_events a LEFT JOIN people p ON p.id = a.actor_person_id";

/// The search form's filters; each one given narrows the result.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Entries by one of these people (found by name or email); empty matches nothing.
    pub actors: Option<Vec<PersonId>>,
    pub action: Option<String>,
    /// What the entry is about: a request's id, an entry's id, an ODS code.
    pub subject_id: Option<String>,
    pub org: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// The page after the one that ended at this position (newest first).
    pub before: Option<i64>,
    pub limit: u32,
}

pub struct AuditPage {
    pub entries: Vec<Entry>,
    /// Where the next page starts, when there is one.
    pub next: Option<i64>,
}

fn search_sql(q: &AuditQuery) -> (String, Args) {
    let mut args = Args::default();
    // Only chained entries: the chain's position is the order and the cursor.
    let mut clauses = vec!["a.position IS NOT NULL".to_owned()];
    if let Some(ids) = &q.actors {
        let ps: Vec<String> = ids.iter().map(|id| args.push(Arg::Id(id.0))).collect();
        clauses.push(if ps.is_empty() {
            "1 = 0".into()
        } else {
            format!("a.actor_person_id IN ({})", ps.join(", "))
        });
    }
    for (column, value) in [
        ("a.action", &q.action),
        ("a.subject_id", &q.subject_id),
        ("a.subject_org", &q.org),
    ] {
        if let Some(v) = value {
            let p = args.push(Arg::Text(v.clone()));
            clauses.push(format!("{column} = {p}"));
        }
    }
    if let Some(t) = q.from {
        let p = args.push(Arg::Time(t));
        clauses.push(format!("a.occurred_at >= {p}"));
    }
    if let Some(t) = q.to {
        let p = args.push(Arg::Time(t));
        clauses.push(format!("a.occurred_at < {p}"));
    }
    if let Some(before) = q.before {
        let p = args.push(Arg::Int(before));
        clauses.push(format!("a.position < {p}"));
    }
    let limit = crate::sql::limit(u64::from(q.limit) + 1);
    (
        format!(
            "{SELECT} WHERE {} ORDER BY a.position DESC {limit}",
            clauses.join(" AND ")
        ),
        args,
    )
}

pub async fn search(db: &Db, q: &AuditQuery) -> DbResult<AuditPage> {
    let (sql, args) = search_sql(q);
    let mut entries: Vec<Entry> = fetch_all(db, &sql, &args).await?;
    let next = if entries.len() > q.limit as usize {
        entries.truncate(q.limit as usize);
        entries.last().map(|e| e.position)
    } else {
        None
    };
    Ok(AuditPage { entries, next })
}

pub async fn entry(db: &Db, position: i64) -> DbResult<Option<Entry>> {
    let mut args = Args::default();
    let p = args.push(Arg::Int(position));
    let sql = format!("{SELECT} WHERE a.position = {p}");
    Ok(fetch_all(db, &sql, &args).await?.into_iter().next())
}

/// Every entry about the subjects `ids` of `subject_type`, oldest first.
pub async fn of_subjects(db: &Db, subject_type: &str, ids: &[String]) -> DbResult<Vec<Entry>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::default();
    let t = args.push(Arg::Text(subject_type.to_owned()));
    let ps: Vec<String> = ids
        .iter()
        .map(|i| args.push(Arg::Text(i.clone())))
        .collect();
    let sql = format!(
        "{SELECT} WHERE a.subject_type = {t} AND a.subject_id IN ({}) ORDER BY a.position",
        ps.join(", ")
    );
    fetch_all(db, &sql, &args).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_filters_given_are_in_the_sql() {
        let (sql, args) = search_sql(&AuditQuery {
            limit: 50,
            ..Default::default()
        });
        assert!(sql.ends_with("WHERE a.position IS NOT NULL ORDER BY a.position DESC LIMIT 51"));
        assert_eq!(args.len(), 0);
        let (sql, args) = search_sql(&AuditQuery {
            action: Some("registration.approve".into()),
            org: Some("VMB01".into()),
            actors: Some(vec![]),
            before: Some(900),
            limit: 50,
            ..Default::default()
        });
        assert!(sql.contains("1 = 0"), "{sql}");
        assert!(sql.contains("a.action = $1 AND a.subject_org = $2 AND a.position < $3"));
        assert_eq!(args.len(), 3);
    }
}

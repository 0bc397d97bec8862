//! People, keyed by the identity provider that vouches for them: (issuer, subject).

use chrono::{DateTime, Utc};
use ra_domain::PersonId;

use crate::{DbResult, Tx, on_tx};

pub struct SignedInPerson<'a> {
    pub issuer: &'a str,
    pub subject: &'a str,
    pub display_name: &'a str,
    pub email: Option<&'a str>,
}

/// Creates the person on first sign-in, refreshes name and email on later ones.
pub async fn upsert_on_sign_in(
    tx: &mut Tx,
    p: &SignedInPerson<'_>,
    now: DateTime<Utc>,
) -> DbResult<PersonId> {
    const SQL: &str = "INSERT INTO people \
            (id, issuer, subject, display_name, email, created_at, updated_at, last_sign_in_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $6, $6) \
        ON CONFLICT (issuer, subject) DO UPDATE SET \
            display_name = excluded.display_name, email = excluded.email, \
            updated_at = excluded.updated_at, last_sign_in_at = excluded.last_sign_in_at \
        RETURNING id";
    let id: PersonId = on_tx!(tx, |c| {
        sqlx::query_scalar(SQL)
            .bind(PersonId::new())
            .bind(p.issuer)
            .bind(p.subject)
            .bind(p.display_name)
            .bind(p.email)
            .bind(now)
            .fetch_one(c)
            .await?
    });
    Ok(id)
}

/// The person an identity provider knows as `subject`, if they have signed in here.
pub async fn find_by_subject(
    db: &crate::Db,
    issuer: &str,
    subject: &str,
) -> DbResult<Option<PersonId>> {
    const SQL: &str = "SELECT id FROM people WHERE issuer = $1 AND subject = $2";
    Ok(crate::on_pool!(db, |p| sqlx::query_scalar(SQL)
        .bind(issuer)
        .bind(subject)
        .fetch_optional(p)
        .await?))
}

/// People whose name or email contains `text` (any case), at most `limit`: the queue's
/// "requested by" and "completed by" filters.
pub async fn matching(db: &crate::Db, text: &str, limit: i64) -> DbResult<Vec<PersonId>> {
    const SQL: &str = "SELECT id FROM people \
        WHERE LOWER(display_name) LIKE $1 ESCAPE '\\' OR LOWER(COALESCE(email, '')) LIKE $1 ESCAPE '\\' \
        ORDER BY display_name LIMIT $2";
    let pattern = crate::sql::like_contains(&text.trim().to_lowercase());
    Ok(crate::on_pool!(db, |p| sqlx::query_scalar(SQL)
        .bind(&pattern)
        .bind(limit)
        .fetch_all(p)
        .await?))
}

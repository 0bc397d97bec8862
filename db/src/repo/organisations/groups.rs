//! Groups and portal-local codes: where an organisation stands among groups, a site
//! moved from one group to another, and the next local code.

use chrono::{DateTime, Utc};
use ra_domain::{OdsCode, OrgId};

use crate::{
    DbError, DbResult, Tx, on_tx,
    sql::{KEYS_PER_QUERY, keys_table},
};

/// Where an organisation stands among groups.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Placement {
    pub id: OrgId,
    pub ods_code: OdsCode,
    pub name: String,
    pub group_id: Option<OrgId>,
    pub group_code: Option<OdsCode>,
    pub group_name: Option<String>,
    /// Other organisations are under it.
    pub has_sites: bool,
}

/// Locks those of `codes` the portal holds for a change of group, then reads where each
/// stands. The lock comes first (a write on SQLite, row locks on PostgreSQL), so what
/// is read is what the change replaces: a group cannot become a site while a site is
/// moved into it, nor the other way round.
pub async fn lock_placements(
    tx: &mut Tx,
    codes: &[&OdsCode],
    now: DateTime<Utc>,
) -> DbResult<Vec<Placement>> {
    if codes.is_empty() || codes.len() > KEYS_PER_QUERY {
        return Ok(Vec::new());
    }
    let n = codes.len();
    let lock = format!(
        "UPDATE organisations SET updated_at = ${} WHERE ods_code IN ({})",
        n + 1,
        (1..=n)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let read = format!(
        "{} SELECT o.id, o.ods_code, o.name, o.parent_id AS group_id, \
         g.ods_code AS group_code, g.name AS group_name, \
         EXISTS (SELECT 1 FROM organisations s WHERE s.parent_id = o.id) AS has_sites \
         FROM k JOIN organisations o ON o.ods_code = k.key \
         LEFT JOIN organisations g ON g.id = o.parent_id ORDER BY o.ods_code",
        keys_table(n)
    );
    Ok(on_tx!(tx, |c| {
        let mut q = sqlx::query(&lock);
        for code in codes {
            q = q.bind(*code);
        }
        q.bind(now).execute(&mut *c).await?;
        let mut q = sqlx::query_as(&read);
        for code in codes {
            q = q.bind(*code);
        }
        q.fetch_all(&mut *c).await?
    }))
}

/// Puts the site `site` in `group`, or in none.
pub async fn set_group(
    tx: &mut Tx,
    site: OrgId,
    group: Option<OrgId>,
    now: DateTime<Utc>,
) -> DbResult<()> {
    const SQL: &str = "UPDATE organisations SET parent_id = $2, updated_at = $3 WHERE id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(site)
        .bind(group)
        .bind(now)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// The next portal-local code, taken from the one counter row: the update is the
/// transaction's lock, so concurrent allocations queue and never share a code, and a
/// rolled-back transaction gives its number back.
pub async fn take_local_code(tx: &mut Tx) -> DbResult<OdsCode> {
    const SQL: &str = "UPDATE local_codes_given SET last_number = last_number + 1 \
        WHERE id = 1 RETURNING last_number";
    let n: i64 = on_tx!(tx, |c| sqlx::query_scalar(SQL).fetch_one(c).await?);
    u32::try_from(n)
        .ok()
        .and_then(OdsCode::local)
        .ok_or_else(|| DbError::Corrupt(format!("no portal-local code numbered {n}")))
}

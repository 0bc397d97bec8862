//! What a database holds, reduced to something two moments can be compared by: every
//! table's row count and the columns a change would move (states, statuses, decisions,
//! spent links). A refused call must leave it as it found it, but for the audit entry
//! that records the refusal of someone signed in (`access.refused`).

use crate::TestPortal;

/// Row counts of these tables…
const COUNTED: &[&str] = &[
    "organisations",
    "people",
    "sessions",
    "audit_events WHERE action <> 'access.refused'",
    "allow_list_entries",
    "allow_list_imports",
    "mail_outbox",
    "registration_requests",
    "enrolment_links",
    "devices",
    "registration_imports",
    "email_sign_in_links",
    "manager_access",
];

/// …and the columns that change in place (as text, so both backends read them alike;
/// `{col}` is a UUID column, which SQLite keeps as bytes).
const MOVING: &[(&str, &str)] = &[
    // The group each organisation is a site of, and the local codes given so far.
    ("organisations", "{id} || COALESCE({parent_id}, '-')"),
    ("local_codes_given", "CAST(last_number AS TEXT)"),
    (
        "registration_requests",
        "{id} || state || COALESCE(decision_reason, '') || COALESCE({review_holder}, '') || COALESCE(review_flag, '')",
    ),
    (
        "allow_list_entries",
        "{id} || status || COALESCE(status_reason, '') || COALESCE(nhse_reference, '')",
    ),
    ("manager_access", "{id} || status || COALESCE(reason, '')"),
    (
        "enrolment_links",
        "{id} || CAST(wrong_codes AS TEXT) || COALESCE(email_code_hash, '') || CASE WHEN used_at IS NULL THEN 'u' ELSE 'U' END || CASE WHEN secret_enc IS NULL THEN 's' ELSE 'S' END",
    ),
    (
        "allow_list_imports",
        "{id} || CASE WHEN committed_at IS NULL THEN 'c' ELSE 'C' END",
    ),
    (
        "registration_imports",
        "{id} || CASE WHEN committed_at IS NULL THEN 'c' ELSE 'C' END",
    ),
    (
        "email_sign_in_links",
        "token_hash || CASE WHEN used_at IS NULL THEN 'u' ELSE 'U' END",
    ),
    (
        "devices",
        "{id} || CASE WHEN removed_at IS NULL THEN 'r' ELSE 'R' END",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(Vec<String>);

impl Fingerprint {
    /// The tables whose counts or moving columns differ from `other`.
    pub fn changes_from(&self, other: &Fingerprint) -> Vec<String> {
        self.0
            .iter()
            .zip(&other.0)
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a.split(':').next().unwrap_or_default().to_owned())
            .collect()
    }
}

/// `{col}` as text on either backend.
fn uuid_as_text(expr: &str, backend: ra_db::Backend) -> String {
    let mut out = expr.to_owned();
    for col in ["id", "review_holder", "parent_id"] {
        let text = match backend {
            ra_db::Backend::Sqlite => format!("lower(hex({col}))"),
            ra_db::Backend::Postgres => format!("CAST({col} AS TEXT)"),
        };
        out = out.replace(&format!("{{{col}}}"), &text);
    }
    out
}

impl TestPortal {
    pub async fn fingerprint(&self) -> Fingerprint {
        let mut out = Vec::new();
        for table in COUNTED {
            let n = self.count(&format!("SELECT COUNT(*) FROM {table}")).await;
            out.push(format!("{table}:{n}"));
        }
        for (table, expr) in MOVING {
            let expr = uuid_as_text(expr, self.db().backend());
            let rows: Vec<String> = ra_db::on_pool!(self.db(), |p| sqlx::query_scalar(&format!(
                "SELECT {expr} FROM {table} ORDER BY 1"
            ))
            .fetch_all(p)
            .await)
            .unwrap();
            out.push(format!("{table}:{}", rows.join(",")));
        }
        Fingerprint(out)
    }
}

//! Access reviews: every so many days (90 by default) an RA manager certifies each access
//! the portal itself grants beyond CIS2's roles — today, managers approved to sign in by
//! email link — confirming or withdrawing it, with a reason. The rules of when one is due,
//! what helps the reviewer decide, and what a decision needs.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;

/// A sign-in older than this is worth a second look.
pub const INACTIVE_DAYS: i64 = 30;
const MAX_REASON: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewDecision {
    Confirm,
    Revoke,
}

impl ReviewDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewDecision::Confirm => "confirm",
            ReviewDecision::Revoke => "revoke",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [ReviewDecision::Confirm, ReviewDecision::Revoke]
            .into_iter()
            .find(|d| d.as_str() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewDecision::Confirm => "Confirmed",
            ReviewDecision::Revoke => "Withdrawn",
        }
    }
}

/// A decision as typed: which, and why (always needed: the certification is the reason).
pub fn decision(which: &str, reason: &str) -> Result<(ReviewDecision, String), Vec<FieldError>> {
    let d = ReviewDecision::parse(which)
        .ok_or_else(|| FieldError::new("decision", "Choose confirm or withdraw"));
    let reason = reason.trim();
    let r = if reason.is_empty() {
        Err(FieldError::new(
            "reason",
            "Enter why you confirm or withdraw this access",
        ))
    } else if reason.chars().count() > MAX_REASON
        || reason.chars().any(|c| c.is_control() && c != '\n')
    {
        Err(FieldError::new(
            "reason",
            format!(
                "The reason must be {MAX_REASON} characters or fewer, without control characters"
            ),
        ))
    } else {
        Ok(reason.to_owned())
    };
    match (d, r) {
        (Ok(d), Ok(r)) => Ok((d, r)),
        (d, r) => Err([d.err(), r.err()].into_iter().flatten().collect()),
    }
}

/// When the next review is due: `every` days after the last one completed, or, before
/// the first, after the oldest access there is to review. None: nothing to review.
pub fn due(
    last_completed: Option<DateTime<Utc>>,
    oldest_access: Option<DateTime<Utc>>,
    every_days: u32,
) -> Option<DateTime<Utc>> {
    let from = match (last_completed, oldest_access) {
        (_, None) => return None,
        (Some(done), Some(_)) => done,
        (None, Some(oldest)) => oldest,
    };
    Some(from + Duration::days(i64::from(every_days)))
}

pub fn is_overdue(due: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    due.is_some_and(|d| d <= now)
}

/// What might make a reviewer withdraw an access, in plain words.
pub fn hints(
    approved_at: Option<DateTime<Utc>>,
    last_sign_in: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Vec<String> {
    let mut out = Vec::new();
    match last_sign_in {
        None => out.push("Never signed in".to_owned()),
        Some(t) if now - t >= Duration::days(INACTIVE_DAYS) => {
            out.push(format!("No sign-in for {}", days((now - t).num_days())));
        }
        Some(_) => {}
    }
    if let Some(t) = approved_at {
        out.push(format!(
            "Approved {} ago",
            days((now - t).num_days().max(0))
        ));
    }
    out
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, 9, 0, 0)
            .single()
            .expect("a date")
    }

    #[test]
    fn a_review_falls_due_after_the_last_or_after_the_oldest_access() {
        assert_eq!(due(None, None, 90), None, "nothing to review");
        assert_eq!(due(Some(at(1)), None, 90), None);
        assert_eq!(due(None, Some(at(2)), 90), Some(at(2) + Duration::days(90)));
        assert_eq!(
            due(Some(at(3)), Some(at(1)), 30),
            Some(at(3) + Duration::days(30))
        );
        assert!(is_overdue(Some(at(3)), at(3)));
        assert!(!is_overdue(Some(at(4)), at(3)));
        assert!(!is_overdue(None, at(3)));
    }

    #[test]
    fn hints_name_inactivity_and_age() {
        let now = at(31);
        assert_eq!(hints(None, None, now), ["Never signed in"]);
        assert_eq!(
            hints(Some(at(1)), Some(at(1)), now),
            ["No sign-in for 30 days", "Approved 30 days ago"]
        );
        assert_eq!(
            hints(Some(at(30)), Some(at(2)), now),
            ["Approved 1 day ago"]
        );
    }

    #[test]
    fn a_decision_needs_a_choice_and_a_reason() {
        assert_eq!(
            decision("revoke", "  Left the home in November "),
            Ok((ReviewDecision::Revoke, "Left the home in November".into()))
        );
        let refused = decision("maybe", " ").expect_err("neither is given");
        let fields: Vec<&str> = refused.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["decision", "reason"]);
        assert!(decision("confirm", &"x".repeat(501)).is_err());
        assert!(decision("confirm", "a\u{0}b").is_err());
    }
}

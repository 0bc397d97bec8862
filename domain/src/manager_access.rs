//! Managers without a CIS2 identity: they ask for access with their work email and their
//! organisation's ODS code, prove the email by a one-time sign-in link, and an RA officer
//! approves them as manager of that one organisation before they can raise requests.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    FieldError, OdsCode,
    allow_list::{CheckOutcome, DomainName, address_domain},
    registration::request::MAX_NAME_LEN,
};

/// The issuer recorded for people who sign in by email link, beside CIS2's issuer URL.
pub const EMAIL_LINK_ISSUER: &str = "urn:ra-portal:email-link";
/// How long a sign-in link works.
pub const SIGN_IN_LINK_MINUTES: i64 = 10;
/// Unused, unexpired links an address may hold; asking again beyond this sends nothing,
/// so the form cannot be used to flood someone's inbox.
pub const MAX_LIVE_LINKS: i64 = 3;

/// What the access form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessForm {
    pub full_name: String,
    pub email: String,
    pub ods_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidAccess {
    pub full_name: String,
    /// Lower-cased: the address is the person's identity, so case must not make two.
    pub email: String,
    pub domain: DomainName,
    pub ods_code: OdsCode,
}

/// Checks the form's shape only. Whether the domain is allowed is never said to the
/// person asking (no account discovery): the server decides silently.
pub fn validate_access(form: &AccessForm) -> Result<ValidAccess, Vec<FieldError>> {
    let mut errors = Vec::new();
    let full_name = form.full_name.trim().to_owned();
    if full_name.is_empty() {
        errors.push(FieldError::new("full_name", "Enter your full name"));
    } else if full_name.chars().count() > MAX_NAME_LEN {
        errors.push(FieldError::new(
            "full_name",
            "Your name must be 100 characters or fewer",
        ));
    }
    let email = form.email.trim();
    let domain = address_domain(email)
        .map_err(|m| errors.push(FieldError::new("email", m)))
        .ok();
    let ods_code = OdsCode::parse(&form.ods_code)
        .map_err(|e| errors.push(FieldError::new("ods_code", e.to_string())))
        .ok();
    match (domain, ods_code) {
        (Some(domain), Some(ods_code)) if errors.is_empty() => {
            let local = email.rsplit_once('@').map(|(l, _)| l).unwrap_or_default();
            Ok(ValidAccess {
                full_name,
                email: format!("{}@{domain}", local.to_lowercase()),
                domain,
                ods_code,
            })
        }
        _ => Err(errors),
    }
}

pub fn link_expiry(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::minutes(SIGN_IN_LINK_MINUTES)
}

/// Where a manager's access stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessStatus {
    /// Email proved; waiting for an RA officer.
    Pending,
    Approved,
    Rejected,
    /// Approved once, then withdrawn by an RA officer.
    Revoked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessDecision {
    Approve,
    Reject,
    Revoke,
}

crate::stored::stored_as_text!(AccessStatus);

impl AccessStatus {
    pub const ALL: [AccessStatus; 4] = [
        AccessStatus::Pending,
        AccessStatus::Approved,
        AccessStatus::Rejected,
        AccessStatus::Revoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccessStatus::Pending => "pending",
            AccessStatus::Approved => "approved",
            AccessStatus::Rejected => "rejected",
            AccessStatus::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AccessStatus::Pending => "Waiting for approval",
            AccessStatus::Approved => "Approved",
            AccessStatus::Rejected => "Rejected",
            AccessStatus::Revoked => "Access withdrawn",
        }
    }

    /// Pending and approved access block a second application for the same email and
    /// organisation; rejected and revoked ones leave room for a new one.
    pub fn is_live(self) -> bool {
        matches!(self, AccessStatus::Pending | AccessStatus::Approved)
    }

    /// Decisions an RA officer can take from here.
    pub fn decisions(self) -> &'static [AccessDecision] {
        match self {
            AccessStatus::Pending => &[AccessDecision::Approve, AccessDecision::Reject],
            AccessStatus::Approved => &[AccessDecision::Revoke],
            AccessStatus::Rejected | AccessStatus::Revoked => &[],
        }
    }
}

impl AccessDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessDecision::Approve => "approve",
            AccessDecision::Reject => "reject",
            AccessDecision::Revoke => "revoke",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            AccessDecision::Approve,
            AccessDecision::Reject,
            AccessDecision::Revoke,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }

    pub fn needs_reason(self) -> bool {
        !matches!(self, AccessDecision::Approve)
    }
}

/// What the RA officer should check when the allow-list entry that lets the manager's email
/// in was added for another organisation than the one they asked to manage. Shared domains
/// (nhs.net) rightly do this; a care home's own domain listed for someone else is worth a
/// question before approving.
pub fn organisation_note(asked: &OdsCode, check: &CheckOutcome) -> Option<String> {
    let entry = check.allowed_by()?;
    (entry.ods_code != *asked).then(|| {
        format!(
            "{} is on the allow list for {}, not {asked}. Check that this manager works for {asked} before approving.",
            entry.domain.to_unicode(),
            entry.ods_code
        )
    })
}

/// The status a decision leads to, or why it cannot be taken from `from`.
pub fn decide(
    from: AccessStatus,
    decision: AccessDecision,
    reason: &str,
) -> Result<AccessStatus, FieldError> {
    if !from.decisions().contains(&decision) {
        let allowed: Vec<&str> = from.decisions().iter().map(|d| d.as_str()).collect();
        let message = if allowed.is_empty() {
            format!(
                "This access is {}: nothing more can be done with it.",
                from.label().to_lowercase()
            )
        } else {
            format!(
                "This access is {}: you can only {} it.",
                from.label().to_lowercase(),
                allowed.join(" or ")
            )
        };
        return Err(FieldError::new("decision", message));
    }
    if decision.needs_reason() && reason.trim().is_empty() {
        return Err(FieldError::new(
            "reason",
            "Give a reason: the manager is told it",
        ));
    }
    Ok(match decision {
        AccessDecision::Approve => AccessStatus::Approved,
        AccessDecision::Reject => AccessStatus::Rejected,
        AccessDecision::Revoke => AccessStatus::Revoked,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, email: &str, ods: &str) -> AccessForm {
        AccessForm {
            full_name: name.into(),
            email: email.into(),
            ods_code: ods.into(),
        }
    }

    #[test]
    fn an_entry_for_another_organisation_is_worth_a_question() {
        use crate::allow_list::{AllowListIndex, EntryStatus, ListedDomain};
        let listed = |domain: &str, ods: &str, status| ListedDomain {
            id: crate::EntryId::new(),
            domain: DomainName::parse(domain).expect("valid"),
            covers_subdomains: true,
            status,
            ods_code: OdsCode::parse(ods).expect("valid"),
        };
        let index = AllowListIndex::new([
            listed("oaklodge.example", "VOK01", EntryStatus::Active),
            listed("meadowbank.example", "VMB01", EntryStatus::Active),
            listed("pending.example", "VOK01", EntryStatus::Submitted),
        ]);
        let asked = OdsCode::parse("VOK01").expect("valid");
        let note = |email: &str| organisation_note(&asked, &index.check(email));
        assert_eq!(note("ada@oaklodge.example"), None);
        assert_eq!(
            note("ada@rota.oaklodge.example"),
            None,
            "a covered subdomain"
        );
        assert_eq!(
            note("ada@meadowbank.example").as_deref(),
            Some(
                "meadowbank.example is on the allow list for VMB01, not VOK01. Check that this manager works for VOK01 before approving."
            )
        );
        // Not allowed at all: the approval is refused for that, not questioned.
        assert_eq!(note("ada@pending.example"), None);
        assert_eq!(note("ada@unlisted.example"), None);
    }

    #[test]
    fn a_valid_form_is_normalised() {
        let v = validate_access(&form("  Ada Obi ", " Ada.Obi@OakLodge.Example ", " vmb01 "))
            .expect("valid");
        assert_eq!(v.full_name, "Ada Obi");
        assert_eq!(v.email, "ada.obi@oaklodge.example");
        assert_eq!(v.domain.as_str(), "oaklodge.example");
        assert_eq!(v.ods_code.as_str(), "VMB01");
    }

    #[test]
    fn every_bad_field_gets_its_own_message() {
        let errors = validate_access(&form("", "no-at-sign", "!!")).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["full_name", "email", "ods_code"]);
        let long = "x".repeat(MAX_NAME_LEN + 1);
        let errors = validate_access(&form(&long, "a@b.example", "VMB01")).expect_err("long");
        assert_eq!(errors[0].field, "full_name");
    }

    #[test]
    fn decisions_follow_the_status() {
        use AccessDecision::*;
        use AccessStatus::*;
        for from in AccessStatus::ALL {
            for d in [Approve, Reject, Revoke] {
                let got = decide(from, d, "because");
                let expected = match (from, d) {
                    (Pending, Approve) => Some(Approved),
                    (Pending, Reject) => Some(Rejected),
                    (Approved, Revoke) => Some(Revoked),
                    _ => None,
                };
                assert_eq!(got.as_ref().ok().copied(), expected, "{from:?} {d:?}");
                if let Err(e) = got {
                    assert_eq!(e.field, "decision");
                    assert!(e.message.contains(&from.label().to_lowercase()));
                }
            }
        }
    }

    #[test]
    fn refusals_and_withdrawals_need_a_reason() {
        use AccessDecision::*;
        use AccessStatus::*;
        assert_eq!(decide(Pending, Approve, ""), Ok(Approved));
        assert_eq!(
            decide(Pending, Reject, "  ").map_err(|e| e.field),
            Err("reason".into())
        );
        assert_eq!(
            decide(Approved, Revoke, "").map_err(|e| e.field),
            Err("reason".into())
        );
    }

    #[test]
    fn only_pending_and_approved_are_live() {
        let live: Vec<_> = AccessStatus::ALL
            .into_iter()
            .filter(|s| s.is_live())
            .collect();
        assert_eq!(live, [AccessStatus::Pending, AccessStatus::Approved]);
        for s in AccessStatus::ALL {
            assert_eq!(AccessStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(AccessStatus::parse("approved "), None);
    }

    #[test]
    fn links_last_ten_minutes_as_asvs_allows() {
        let now = Utc::now();
        assert_eq!((link_expiry(now) - now).num_minutes(), 10);
    }
}

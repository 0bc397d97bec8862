//! Does an email address's domain let its owner use Microsoft Authenticator, and why.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::{DomainName, EntryStatus};
use crate::{EntryId, OdsCode};

/// What matching needs to know about a live allow-list entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedDomain {
    pub id: EntryId,
    pub domain: DomainName,
    pub covers_subdomains: bool,
    pub status: EntryStatus,
    /// The organisation the entry was added for.
    pub ods_code: OdsCode,
}

/// The answer to "can this address be used?", with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckOutcome {
    /// Allowed by `entry`, which is the address's own domain or a parent covering it.
    Allowed {
        domain: DomainName,
        entry: ListedDomain,
    },
    /// An entry matches but is not active (requested, submitted, suspended...).
    NotActive {
        domain: DomainName,
        entry: ListedDomain,
    },
    /// A parent domain is listed, but only for itself.
    ParentWithoutSubdomains {
        domain: DomainName,
        parent: ListedDomain,
    },
    /// Nothing on the list matches.
    NotListed { domain: DomainName },
    /// The text is not an email address whose domain could be listed.
    Invalid { message: String },
}

impl CheckOutcome {
    pub fn is_allowed(&self) -> bool {
        matches!(self, CheckOutcome::Allowed { .. })
    }

    /// The active entry that lets the address in, if one does.
    pub fn allowed_by(&self) -> Option<&ListedDomain> {
        match self {
            CheckOutcome::Allowed { entry, .. } => Some(entry),
            _ => None,
        }
    }

    /// One sentence for the person who asked.
    pub fn explain(&self) -> String {
        match self {
            CheckOutcome::Allowed { domain, entry } if entry.domain == *domain => {
                format!(
                    "Allowed: {} is on the allow list and active.",
                    domain.to_unicode()
                )
            }
            CheckOutcome::Allowed { domain, entry } => format!(
                "Allowed: {} is covered by {}, which is active and includes its subdomains.",
                domain.to_unicode(),
                entry.domain.to_unicode()
            ),
            CheckOutcome::NotActive { domain, entry } => format!(
                "Not allowed yet: {} matches {}, which is {}.",
                domain.to_unicode(),
                entry.domain.to_unicode(),
                entry.status.label().to_lowercase()
            ),
            CheckOutcome::ParentWithoutSubdomains { domain, parent } => format!(
                "Not allowed: {} is listed, but only for itself, not for subdomains such as {}.",
                parent.domain.to_unicode(),
                domain.to_unicode()
            ),
            CheckOutcome::NotListed { domain } => format!(
                "Not allowed: {} is not on the allow list. An organisation manager can request it.",
                domain.to_unicode()
            ),
            CheckOutcome::Invalid { message } => message.clone(),
        }
    }
}

/// The domain part of an address: after the last `@`, normalised like listed domains.
pub fn address_domain(address: &str) -> Result<DomainName, String> {
    let address = address.trim();
    if address.is_empty() {
        return Err("Enter an email address".into());
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err("Enter an email address with an @, like name@carehome.co.uk".into());
    };
    if local.is_empty() {
        return Err("Enter the part of the email address before the @".into());
    }
    DomainName::parse(domain).map_err(|e| format!("The part after the @ is not valid: {e}"))
}

/// Checks `address` against entries found by `lookup` (domain → live entry).
///
/// The nearest listed domain decides: the address's own domain matches exactly; a
/// parent matches only if it covers subdomains. So suspending `ward.trust.nhs.uk`
/// blocks it even if `trust.nhs.uk` covers subdomains.
pub fn check_address<'a>(
    address: &str,
    lookup: impl Fn(&str) -> Option<&'a ListedDomain>,
) -> CheckOutcome {
    let domain = match address_domain(address) {
        Ok(d) => d,
        Err(message) => return CheckOutcome::Invalid { message },
    };
    let mut uncovering_parent = None;
    let mut decided = None;
    for candidate in domain.self_and_parents() {
        let Some(entry) = lookup(candidate) else {
            continue;
        };
        if candidate == domain.as_str() || entry.covers_subdomains {
            decided = Some(entry.clone());
            break;
        }
        uncovering_parent.get_or_insert_with(|| entry.clone());
    }
    match (decided, uncovering_parent) {
        (Some(entry), _) if entry.status == EntryStatus::Active => {
            CheckOutcome::Allowed { domain, entry }
        }
        (Some(entry), _) => CheckOutcome::NotActive { domain, entry },
        (None, Some(parent)) => CheckOutcome::ParentWithoutSubdomains { domain, parent },
        (None, None) => CheckOutcome::NotListed { domain },
    }
}

/// The live list in memory, for checking many addresses (imports, benchmarks).
#[derive(Debug, Default)]
pub struct AllowListIndex {
    by_domain: HashMap<String, ListedDomain>,
}

impl AllowListIndex {
    pub fn new(entries: impl IntoIterator<Item = ListedDomain>) -> Self {
        let by_domain = entries
            .into_iter()
            .filter(|e| e.status.is_live())
            .map(|e| (e.domain.as_str().to_owned(), e))
            .collect();
        Self { by_domain }
    }

    pub fn len(&self) -> usize {
        self.by_domain.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_domain.is_empty()
    }

    pub fn check(&self, address: &str) -> CheckOutcome {
        check_address(address, |d| self.by_domain.get(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(domain: &str, covers: bool, status: EntryStatus) -> ListedDomain {
        ListedDomain {
            id: EntryId::new(),
            domain: DomainName::parse(domain).expect("valid"),
            covers_subdomains: covers,
            status,
            ods_code: OdsCode::parse("RX1").expect("valid"),
        }
    }

    fn index() -> AllowListIndex {
        AllowListIndex::new([
            entry("carehome.co.uk", false, EntryStatus::Active),
            entry("trust.nhs.uk", true, EntryStatus::Active),
            entry("ward.trust.nhs.uk", false, EntryStatus::Suspended),
            entry("nhs.net", false, EntryStatus::Active),
            entry("bücher.example", false, EntryStatus::Active),
            entry("pending.org.uk", true, EntryStatus::Submitted),
            entry("gone.org.uk", false, EntryStatus::Removed),
        ])
    }

    #[test]
    fn exact_domain_matches_whatever_the_case_or_spacing() {
        let idx = index();
        for a in [
            "carer@carehome.co.uk",
            "  Carer@CAREHOME.co.uk. ",
            "a@b@carehome.co.uk",
        ] {
            assert!(idx.check(a).is_allowed(), "{a}");
        }
    }

    #[test]
    fn idn_addresses_match_their_ascii_entry() {
        let idx = index();
        assert!(idx.check("leser@bücher.example").is_allowed());
        assert!(idx.check("leser@xn--bcher-kva.example").is_allowed());
    }

    #[test]
    fn subdomains_need_a_covering_entry() {
        let idx = index();
        let out = idx.check("a@x.trust.nhs.uk");
        assert!(out.is_allowed(), "{out:?}");
        assert!(out.explain().contains("covered by trust.nhs.uk"));

        let out = idx.check("a@mail.carehome.co.uk");
        assert!(
            matches!(out, CheckOutcome::ParentWithoutSubdomains { .. }),
            "{out:?}"
        );
        assert!(out.explain().contains("only for itself"));

        assert!(matches!(
            idx.check("a@x.nhs.net"),
            CheckOutcome::ParentWithoutSubdomains { .. }
        ));
    }

    #[test]
    fn the_nearest_entry_decides() {
        let idx = index();
        // Suspended subdomain under an active, covering parent: blocked.
        let out = idx.check("a@ward.trust.nhs.uk");
        assert!(matches!(out, CheckOutcome::NotActive { .. }), "{out:?}");
        assert!(out.explain().contains("suspended"));
        // Below the suspended one, it still decides: it does not cover subdomains, so the
        // covering parent matches next.
        assert!(idx.check("a@bed.ward.trust.nhs.uk").is_allowed());
    }

    #[test]
    fn pending_and_removed_entries_do_not_allow() {
        let idx = index();
        let out = idx.check("a@pending.org.uk");
        assert!(matches!(out, CheckOutcome::NotActive { .. }));
        assert!(out.explain().contains("submitted to nhs england"));
        assert!(matches!(
            idx.check("a@gone.org.uk"),
            CheckOutcome::NotListed { .. }
        ));
        assert_eq!(idx.len(), 6);
    }

    #[test]
    fn bad_addresses_say_what_is_wrong() {
        let idx = index();
        let msg = |a: &str| match idx.check(a) {
            CheckOutcome::Invalid { message } => message,
            other => panic!("{a}: {other:?}"),
        };
        assert_eq!(msg(""), "Enter an email address");
        assert!(msg("carehome.co.uk").contains("with an @"));
        assert!(msg("@carehome.co.uk").contains("before the @"));
        assert!(msg("a@nhs.uk").contains("public suffix"));
        assert!(msg("a@10.0.0.1").contains("IP address"));
    }

    #[test]
    fn unlisted_domains_are_named() {
        let out = index().check("a@elsewhere.org");
        assert_eq!(
            out.explain(),
            "Not allowed: elsewhere.org is not on the allow list. An organisation manager can request it."
        );
    }
}

//! Checking an email address against the allow list (`AllowListIndex::check`,
//! `address_domain`). Never panics; the outcome agrees with `address_domain`, is
//! explained, and only an active entry that is the domain or covers it allows it.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ra_domain::allow_list::{
    AllowListIndex, CheckOutcome, DomainName, EntryStatus, ListedDomain, address_domain,
};
use ra_domain::{EntryId, OdsCode};

fn entry(domain: &str, covers_subdomains: bool, status: EntryStatus) -> ListedDomain {
    ListedDomain {
        id: EntryId::new(),
        domain: DomainName::parse(domain).expect("valid domain"),
        covers_subdomains,
        status,
        ods_code: OdsCode::parse("VMB01").expect("valid ODS code"),
    }
}

fn index() -> &'static AllowListIndex {
    static INDEX: OnceLock<AllowListIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        AllowListIndex::new([
            entry("meadowbank-care.org.uk", true, EntryStatus::Active),
            entry("ward.meadowbank-care.org.uk", false, EntryStatus::Suspended),
            entry("carehome.co.uk", false, EntryStatus::Active),
            entry("nhs.net", false, EntryStatus::Active),
            entry("bücher.example", true, EntryStatus::Active),
            entry("pending.org.uk", true, EntryStatus::Submitted),
            entry("gone.org.uk", true, EntryStatus::Removed),
        ])
    })
}

/// `domain` is `entry` itself, or below it.
fn is_at_or_below(domain: &DomainName, entry: &DomainName) -> bool {
    domain == entry || domain.as_str().ends_with(&format!(".{entry}"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let outcome = index().check(s);
    let _ = outcome.is_allowed();
    assert!(!outcome.explain().is_empty(), "{outcome:?}");

    let domain = address_domain(s);
    match (&outcome, &domain) {
        (CheckOutcome::Invalid { message }, Err(why)) => assert_eq!(message, why),
        (CheckOutcome::Invalid { message }, Ok(d)) => panic!("{d} refused: {message}"),
        (_, Err(why)) => panic!("{outcome:?} but address_domain says {why}"),
        (CheckOutcome::Allowed { domain: d, entry }, Ok(want)) => {
            assert_eq!(d, want);
            assert_eq!(entry.status, EntryStatus::Active);
            assert!(is_at_or_below(d, &entry.domain), "{d} by {}", entry.domain);
            assert!(entry.domain == *d || entry.covers_subdomains);
            assert_eq!(outcome.allowed_by(), Some(entry));
        }
        (CheckOutcome::NotActive { domain: d, entry }, Ok(want)) => {
            assert_eq!(d, want);
            assert_ne!(entry.status, EntryStatus::Active);
            assert!(entry.status.is_live());
            assert!(is_at_or_below(d, &entry.domain), "{d} by {}", entry.domain);
        }
        (CheckOutcome::ParentWithoutSubdomains { domain: d, parent }, Ok(want)) => {
            assert_eq!(d, want);
            assert!(!parent.covers_subdomains);
            assert_ne!(parent.domain, *d);
            assert!(
                is_at_or_below(d, &parent.domain),
                "{d} under {}",
                parent.domain
            );
        }
        (CheckOutcome::NotListed { domain: d }, Ok(want)) => assert_eq!(d, want),
    }
    assert_eq!(outcome.is_allowed(), outcome.allowed_by().is_some());
});

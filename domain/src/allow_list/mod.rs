//! The CIS2 email-domain allow list: which domains may be used with Microsoft
//! Authenticator, and the request → NHS England → active workflow around them.

pub mod check;
pub mod domain_name;
pub mod entry;
pub mod import;
pub mod status;

pub use check::{AllowListIndex, CheckOutcome, ListedDomain, address_domain, check_address};
pub use domain_name::{CHECKS_PUBLIC_SUFFIX, DomainError, DomainName};
pub use entry::{EntryForm, EntrySource, NewEntry, Origin, validate};
pub use status::{
    ActionKind, DEFAULT_OVERDUE_DAYS, EntryStatus, Step, StepError, Turnaround, apply,
    overdue_before, turnaround,
};

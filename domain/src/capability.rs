//! Capabilities: proof that a check was made. Their fields are private and only
//! [`crate::Principal`]'s methods (and, for a manager's organisations, [`Manager::scope`])
//! make them, so a service that takes one cannot be reached without the check.
//!
//! Reads whose answer depends on who asks take a [`Scope`]: everything for RA officers
//! and auditors, a set of organisations for a manager. There is no default and no "none
//! means all": a scope is always made from a capability.

use std::collections::BTreeSet;

use crate::{OdsCode, PersonId, organisation::HeadcountGiver};

/// Refusal of an operation the principal's roles do not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Forbidden(pub &'static str);

/// Proof that the holder is an RA manager or RA agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaOfficer {
    person: PersonId,
    manager: bool,
}

impl RaOfficer {
    pub(crate) fn new(person: PersonId, manager: bool) -> Self {
        Self { person, manager }
    }

    pub fn person_id(&self) -> PersonId {
        self.person
    }

    /// RA manager (R5080) rather than RA agent (R5090).
    pub fn is_manager(&self) -> bool {
        self.manager
    }
}

/// Proof that the holder is an RA manager (R5080).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaManager {
    person: PersonId,
}

impl RaManager {
    pub(crate) fn new(person: PersonId) -> Self {
        Self { person }
    }

    pub fn person_id(&self) -> PersonId {
        self.person
    }
}

/// Proof that the holder may read everything, and change nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auditor {
    person: PersonId,
}

impl Auditor {
    pub(crate) fn new(person: PersonId) -> Self {
        Self { person }
    }

    pub fn person_id(&self) -> PersonId {
        self.person
    }
}

/// Proof that the holder manages organisations: those their roles name and, for a CIS2
/// sponsor of a group, the group's sites (which only the database knows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manager {
    person: PersonId,
    roots: Vec<OdsCode>,
    sites_too: bool,
}

impl Manager {
    pub(crate) fn new(person: PersonId, roots: Vec<OdsCode>, sites_too: bool) -> Self {
        Self {
            person,
            roots,
            sites_too,
        }
    }

    pub fn person_id(&self) -> PersonId {
        self.person
    }

    /// The organisations the roles name.
    pub fn roots(&self) -> &[OdsCode] {
        &self.roots
    }

    /// Whether the sites of [`Self::roots`] are managed too (CIS2 sponsors: yes; managers
    /// signed in by email link manage their one organisation only).
    pub fn manages_sites(&self) -> bool {
        self.sites_too
    }

    /// The manager's scope, given the sites of their organisations as the database lists
    /// them (ignored when [`Self::manages_sites`] is false).
    pub fn scope(&self, sites: impl IntoIterator<Item = OdsCode>) -> Scope {
        let mut orgs: BTreeSet<OdsCode> = self.roots.iter().cloned().collect();
        if self.sites_too {
            orgs.extend(sites);
        }
        Scope {
            holder: self.person,
            reach: Reach::Organisations(orgs),
        }
    }
}

/// Proof that the holder manages one organisation (or one of their group's sites).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgManager {
    person: PersonId,
    org: OdsCode,
}

impl OrgManager {
    pub(crate) fn new(person: PersonId, org: OdsCode) -> Self {
        Self { person, org }
    }

    pub fn person_id(&self) -> PersonId {
        self.person
    }

    pub fn org_code(&self) -> &OdsCode {
        &self.org
    }
}

/// Proof that the holder may keep one organisation's record (its headcount): any
/// organisation for an RA officer, their own and their sites for a manager; never an
/// auditor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Steward {
    person: PersonId,
    org: OdsCode,
    giver: HeadcountGiver,
}

impl Steward {
    pub fn person_id(&self) -> PersonId {
        self.person
    }

    pub fn org_code(&self) -> &OdsCode {
        &self.org
    }

    pub fn giver(&self) -> HeadcountGiver {
        self.giver
    }
}

impl RaOfficer {
    pub fn steward_of(&self, org: &OdsCode) -> Steward {
        Steward {
            person: self.person,
            org: org.clone(),
            giver: HeadcountGiver::RaOfficer,
        }
    }
}

impl OrgManager {
    pub fn steward(&self) -> Steward {
        Steward {
            person: self.person,
            org: self.org.clone(),
            giver: HeadcountGiver::Manager,
        }
    }
}

/// Whose records a read covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    holder: PersonId,
    reach: Reach,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Reach {
    Everything,
    Organisations(BTreeSet<OdsCode>),
}

/// What a query filters on, for the data layer: spelled out, so a forgotten filter cannot
/// read as "everything".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeFilter<'a> {
    Everything,
    /// Only these organisations (perhaps none).
    Only(&'a BTreeSet<OdsCode>),
}

impl Scope {
    /// RA officers read every organisation's records.
    pub fn of_officer(officer: &RaOfficer) -> Self {
        Self {
            holder: officer.person,
            reach: Reach::Everything,
        }
    }

    /// Auditors read every organisation's records.
    pub fn of_auditor(auditor: &Auditor) -> Self {
        Self {
            holder: auditor.person,
            reach: Reach::Everything,
        }
    }

    pub fn holder(&self) -> PersonId {
        self.holder
    }

    pub fn filter(&self) -> ScopeFilter<'_> {
        match &self.reach {
            Reach::Everything => ScopeFilter::Everything,
            Reach::Organisations(orgs) => ScopeFilter::Only(orgs),
        }
    }

    pub fn covers(&self, code: &OdsCode) -> bool {
        match &self.reach {
            Reach::Everything => true,
            Reach::Organisations(orgs) => orgs.contains(code),
        }
    }

    /// The manager of `code` this scope proves, when it is a manager's scope that holds it
    /// (an RA officer's "everything" makes no one a manager).
    pub fn manager_of(&self, code: &OdsCode) -> Option<OrgManager> {
        match &self.reach {
            Reach::Organisations(orgs) if orgs.contains(code) => {
                Some(OrgManager::new(self.holder, code.clone()))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ods(c: &str) -> OdsCode {
        OdsCode::parse(c).expect("test code")
    }

    #[test]
    fn a_sponsors_scope_holds_their_sites_and_an_email_link_managers_does_not() {
        let person = PersonId::new();
        let sites = || [ods("VNC02"), ods("VNC03")];
        let sponsor = Manager::new(person, vec![ods("VNC01")], true).scope(sites());
        assert!(sponsor.covers(&ods("VNC03")) && sponsor.covers(&ods("VNC01")));
        assert!(!sponsor.covers(&ods("VMB01")));
        assert_eq!(
            sponsor
                .manager_of(&ods("VNC02"))
                .map(|m| m.org_code().clone()),
            Some(ods("VNC02"))
        );
        let by_link = Manager::new(person, vec![ods("VNC01")], false).scope(sites());
        assert!(by_link.covers(&ods("VNC01")) && !by_link.covers(&ods("VNC02")));
    }

    #[test]
    fn everything_covers_all_and_makes_no_one_a_manager() {
        let officer = RaOfficer::new(PersonId::new(), false);
        let all = Scope::of_officer(&officer);
        assert!(all.covers(&ods("VMB01")));
        assert_eq!(all.filter(), ScopeFilter::Everything);
        assert_eq!(all.manager_of(&ods("VMB01")), None);
        let none = Manager::new(PersonId::new(), vec![], true).scope([]);
        assert!(matches!(none.filter(), ScopeFilter::Only(o) if o.is_empty()));
    }
}

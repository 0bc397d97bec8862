//! The signed-in person and the capabilities their roles grant.
//!
//! Rights are values ([`crate::capability`]): only [`Principal::ra_officer`] yields the
//! [`RaOfficer`] that officer-only operations take as a parameter, so an operation cannot
//! be reached without the check having been made.

use serde::{Deserialize, Serialize};

use crate::{
    OdsCode, PersonId, PortalRole,
    capability::{Auditor, Forbidden, Manager, OrgManager, RaManager, RaOfficer},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgLabel {
    pub code: OdsCode,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub person_id: PersonId,
    pub display_name: String,
    pub email: Option<String>,
    pub roles: Vec<PortalRole>,
    /// Names of the organisations the roles refer to, from CIS2's `nhsid_user_orgs`.
    pub organisations: Vec<OrgLabel>,
    /// Sessions stored before this field existed were all CIS2 sign-ins.
    #[serde(default)]
    pub signed_in_with: SignInMethod,
}

/// How the person proved who they are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    #[default]
    Cis2,
    /// A one-time link sent to an approved manager's work email: no CIS2 identity, so
    /// the session is limited to the one organisation an RA officer approved.
    EmailLink,
}

/// The page a person lands on after signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HomePage {
    RaOfficer,
    OrgManager,
    Auditor,
    NoAccess,
}

impl HomePage {
    pub fn path(self) -> &'static str {
        match self {
            HomePage::RaOfficer => "/ra",
            HomePage::OrgManager => "/organisation",
            HomePage::Auditor => "/audit",
            HomePage::NoAccess => "/no-access",
        }
    }
}

impl Principal {
    /// Holds RA manager (R5080) or RA agent (R5090).
    pub fn ra_officer(&self) -> Result<RaOfficer, Forbidden> {
        let mut officer = None;
        for role in &self.roles {
            match role {
                PortalRole::RaManager { .. } => {
                    officer = Some(true);
                    break;
                }
                PortalRole::RaAgent { .. } => officer = Some(false),
                _ => {}
            }
        }
        officer
            .map(|is_manager| RaOfficer::new(self.person_id, is_manager))
            .ok_or(Forbidden("This needs an RA manager or RA agent role."))
    }

    /// Holds RA manager (R5080): the decisions an RA agent may not take.
    pub fn ra_manager(&self) -> Result<RaManager, Forbidden> {
        match self.ra_officer() {
            Ok(o) if o.is_manager() => Ok(RaManager::new(self.person_id)),
            _ => Err(Forbidden("This needs the RA manager role.")),
        }
    }

    /// Manages at least one organisation (a CIS2 sponsor, or a manager approved for an
    /// email link).
    pub fn manager(&self) -> Result<Manager, Forbidden> {
        let roots = self.managed_orgs();
        if roots.is_empty() {
            return Err(Forbidden(
                "This needs a sponsor (B1300) position at an organisation.",
            ));
        }
        Ok(Manager::new(self.person_id, roots, self.manages_sites()))
    }

    /// Manages `org_code` itself (not through a group): what domain requests need.
    pub fn manager_of(&self, org_code: &OdsCode) -> Result<OrgManager, Forbidden> {
        self.managed_orgs()
            .into_iter()
            .find(|code| code == org_code)
            .map(|org_code| OrgManager::new(self.person_id, org_code))
            .ok_or(Forbidden("You are not a manager of that organisation."))
    }

    pub fn managed_orgs(&self) -> Vec<OdsCode> {
        self.roles
            .iter()
            .filter_map(|r| match r {
                PortalRole::OrgManager { org_code } => Some(org_code.clone()),
                _ => None,
            })
            .collect()
    }

    /// CIS2 sponsors manage their organisations' sites too; a manager signed in by email
    /// link manages only the one organisation an RA officer approved.
    pub fn manages_sites(&self) -> bool {
        self.signed_in_with == SignInMethod::Cis2
    }

    /// The allow list and domain requests take a CIS2 identity: a manager signed in by
    /// email link only raises and follows their organisation's registration requests.
    pub fn via_cis2(&self) -> Result<(), Forbidden> {
        match self.signed_in_with {
            SignInMethod::Cis2 => Ok(()),
            SignInMethod::EmailLink => Err(Forbidden(
                "Sign in with your NHS Care Identity (CIS2) for this. With an email link you can raise and follow your organisation's registration requests.",
            )),
        }
    }

    /// Signed in through CIS2 with a role the portal knows: what reading the allow list
    /// takes. Someone with no portal role gets the no-access page (they may still check
    /// an address), and a manager signed in by email link works on requests only.
    pub fn portal_role(&self) -> Result<(), Forbidden> {
        self.via_cis2()?;
        if self.home() == HomePage::NoAccess {
            return Err(Forbidden(
                "Your CIS2 roles do not give you access to RA Portal.",
            ));
        }
        Ok(())
    }

    pub fn auditor(&self) -> Result<Auditor, Forbidden> {
        self.roles
            .iter()
            .any(|r| matches!(r, PortalRole::Auditor { .. }))
            .then(|| Auditor::new(self.person_id))
            .ok_or(Forbidden("This needs an auditor role."))
    }

    /// Who may read an organisation's records in full (history, reasons, evidence): RA
    /// officers, auditors, and the organisation's own managers.
    pub fn reads_records_of(&self, org_code: &OdsCode) -> bool {
        self.ra_officer().is_ok() || self.auditor().is_ok() || self.manager_of(org_code).is_ok()
    }

    /// RA work comes first, then managing an organisation, then auditing.
    pub fn home(&self) -> HomePage {
        if self.ra_officer().is_ok() {
            HomePage::RaOfficer
        } else if !self.managed_orgs().is_empty() {
            HomePage::OrgManager
        } else if self.auditor().is_ok() {
            HomePage::Auditor
        } else {
            HomePage::NoAccess
        }
    }

    /// The role shown in the header: the one that decided the home page.
    pub fn primary_role(&self) -> Option<&PortalRole> {
        let wanted = |r: &&PortalRole| match self.home() {
            HomePage::RaOfficer => {
                matches!(r, PortalRole::RaManager { .. } | PortalRole::RaAgent { .. })
            }
            HomePage::OrgManager => matches!(r, PortalRole::OrgManager { .. }),
            HomePage::Auditor => matches!(r, PortalRole::Auditor { .. }),
            HomePage::NoAccess => false,
        };
        let mut candidates = self.roles.iter().filter(wanted);
        let first = candidates.next()?;
        // Prefer the manager role when someone is both RA manager and agent.
        Some(
            std::iter::once(first)
                .chain(candidates)
                .find(|r| matches!(r, PortalRole::RaManager { .. }))
                .unwrap_or(first),
        )
    }

    pub fn org_name(&self, code: &OdsCode) -> Option<&str> {
        self.organisations
            .iter()
            .find(|o| &o.code == code)
            .map(|o| o.name.as_str())
    }

    /// "RA agent, Northshire Integrated Care Board": the role summary shown in the header.
    pub fn role_summary(&self) -> Option<String> {
        let role = self.primary_role()?;
        let org = self
            .org_name(role.org_code())
            .map(str::to_owned)
            .unwrap_or_else(|| role.org_code().to_string());
        Some(format!("{}, {}", role.label(), org))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ods(code: &str) -> OdsCode {
        OdsCode::parse(code).expect("test ODS code")
    }

    fn principal(roles: Vec<PortalRole>) -> Principal {
        Principal {
            person_id: PersonId::new(),
            display_name: "Sam Okafor".into(),
            email: None,
            roles,
            organisations: vec![OrgLabel {
                code: ods("RX1"),
                name: "Northshire ICB".into(),
            }],
            signed_in_with: SignInMethod::Cis2,
        }
    }

    #[test]
    fn home_page_follows_role_priority() {
        let both = principal(vec![
            PortalRole::Auditor {
                org_code: ods("Y99"),
            },
            PortalRole::RaAgent {
                org_code: ods("RX1"),
            },
        ]);
        assert_eq!(both.home(), HomePage::RaOfficer);
        let mgr = principal(vec![PortalRole::OrgManager {
            org_code: ods("VMB01"),
        }]);
        assert_eq!(mgr.home(), HomePage::OrgManager);
        let aud = principal(vec![PortalRole::Auditor {
            org_code: ods("Y99"),
        }]);
        assert_eq!(aud.home(), HomePage::Auditor);
        assert_eq!(principal(vec![]).home(), HomePage::NoAccess);
    }

    #[test]
    fn capabilities_are_granted_only_by_the_matching_role() {
        let agent = principal(vec![PortalRole::RaAgent {
            org_code: ods("RX1"),
        }]);
        assert_eq!(agent.ra_officer().map(|o| o.is_manager()), Ok(false));
        assert!(agent.ra_manager().is_err());
        assert!(agent.auditor().is_err());
        assert!(agent.manager_of(&ods("RX1")).is_err());

        let mgr = principal(vec![PortalRole::OrgManager {
            org_code: ods("VMB01"),
        }]);
        assert!(mgr.manager_of(&ods("VMB01")).is_ok());
        assert!(mgr.manager_of(&ods("VNC01")).is_err());
        assert!(mgr.ra_officer().is_err());
    }

    #[test]
    fn email_link_managers_manage_one_organisation_and_no_more() {
        let mut mgr = principal(vec![PortalRole::OrgManager {
            org_code: ods("VOK01"),
        }]);
        assert!(mgr.via_cis2().is_ok() && mgr.manages_sites());
        mgr.signed_in_with = SignInMethod::EmailLink;
        assert!(mgr.manager_of(&ods("VOK01")).is_ok());
        assert!(mgr.via_cis2().is_err());
        assert!(!mgr.manages_sites());
        assert_eq!(mgr.home(), HomePage::OrgManager);
    }

    #[test]
    fn sessions_stored_before_the_sign_in_method_read_as_cis2() {
        let mut json = serde_json::to_value(principal(vec![])).expect("serialise");
        json.as_object_mut()
            .expect("object")
            .remove("signed_in_with");
        let p: Principal = serde_json::from_value(json).expect("old session reads");
        assert_eq!(p.signed_in_with, SignInMethod::Cis2);
    }

    #[test]
    fn ra_manager_outranks_agent_in_the_summary() {
        let p = principal(vec![
            PortalRole::RaAgent {
                org_code: ods("RX1"),
            },
            PortalRole::RaManager {
                org_code: ods("RX1"),
            },
        ]);
        assert_eq!(p.ra_officer().map(|o| o.is_manager()), Ok(true));
        assert!(p.ra_manager().is_ok());
        assert_eq!(
            p.role_summary().as_deref(),
            Some("RA manager, Northshire ICB")
        );
    }

    #[test]
    fn summary_falls_back_to_the_code_when_the_name_is_unknown() {
        let p = principal(vec![PortalRole::Auditor {
            org_code: ods("Y99"),
        }]);
        assert_eq!(p.role_summary().as_deref(), Some("Auditor, Y99"));
        assert_eq!(principal(vec![]).role_summary(), None);
    }
}

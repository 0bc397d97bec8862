//! From CIS2 national RBAC roles to portal roles.
//!
//! CIS2 returns a person's roles in `nhsid_nrbac_roles`; each has a `role_code` of the
//! form `S<staff group>:G<sub group>:R<job role>` and a list of activity codes. When the
//! person chose a role at sign-in (`selected_roleid`), only that role counts: a person
//! acting as a nurse today is not also acting as an RA agent.

use serde::{Deserialize, Serialize};

use crate::OdsCode;

/// Job role: Registration Authority Manager.
pub const RA_MANAGER: &str = "R5080";
/// Job role: Registration Authority Agent.
pub const RA_AGENT: &str = "R5090";
/// Activity: Sponsor ("Approve RA Requests").
pub const SPONSOR_ACTIVITY: &str = "B1300";

/// One element of CIS2's `nhsid_nrbac_roles` claim, as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NrbacRole {
    pub person_roleid: String,
    pub org_code: String,
    pub role_code: String,
    #[serde(default)]
    pub role_name: Option<String>,
    #[serde(default)]
    pub activity_codes: Vec<String>,
}

impl NrbacRole {
    /// The job role part (`R5080`) of a role code such as `S0080:G0450:R5080`.
    pub fn job_role_code(&self) -> &str {
        self.role_code.rsplit(':').next().unwrap_or_default().trim()
    }
}

/// What a person may do in the portal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PortalRole {
    RaManager {
        org_code: OdsCode,
    },
    RaAgent {
        org_code: OdsCode,
    },
    /// A sponsor (activity B1300) who raises requests for their organisation's staff.
    OrgManager {
        org_code: OdsCode,
    },
    Auditor {
        org_code: OdsCode,
    },
}

impl PortalRole {
    pub fn label(&self) -> &'static str {
        match self {
            PortalRole::RaManager { .. } => "RA manager",
            PortalRole::RaAgent { .. } => "RA agent",
            PortalRole::OrgManager { .. } => "Organisation manager",
            PortalRole::Auditor { .. } => "Auditor",
        }
    }

    pub fn org_code(&self) -> &OdsCode {
        match self {
            PortalRole::RaManager { org_code }
            | PortalRole::RaAgent { org_code }
            | PortalRole::OrgManager { org_code }
            | PortalRole::Auditor { org_code } => org_code,
        }
    }
}

/// Which CIS2 codes grant which portal roles (auditor codes come from configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleMapping {
    pub auditor_job_roles: Vec<String>,
}

impl Default for RoleMapping {
    fn default() -> Self {
        Self {
            auditor_job_roles: vec!["R0001".to_owned()],
        }
    }
}

impl RoleMapping {
    /// Portal roles for a person, honouring `selected_roleid` when CIS2 sent one.
    ///
    /// Roles with an unusable organisation code are skipped rather than failing the
    /// whole sign-in: the person then sees what they do have, or the no-access page.
    pub fn portal_roles(
        &self,
        roles: &[NrbacRole],
        selected_roleid: Option<&str>,
    ) -> Vec<PortalRole> {
        let in_play = roles
            .iter()
            .filter(|r| selected_roleid.is_none_or(|sel| r.person_roleid == sel));
        let mut out = Vec::new();
        for role in in_play {
            let Ok(org_code) = OdsCode::parse(&role.org_code) else {
                continue;
            };
            let job = role.job_role_code();
            let mut push = |r: PortalRole| {
                if !out.contains(&r) {
                    out.push(r);
                }
            };
            if job == RA_MANAGER {
                push(PortalRole::RaManager {
                    org_code: org_code.clone(),
                });
            }
            if job == RA_AGENT {
                push(PortalRole::RaAgent {
                    org_code: org_code.clone(),
                });
            }
            if self.auditor_job_roles.iter().any(|a| a == job) {
                push(PortalRole::Auditor {
                    org_code: org_code.clone(),
                });
            }
            if role
                .activity_codes
                .iter()
                .any(|a| a.trim() == SPONSOR_ACTIVITY)
            {
                push(PortalRole::OrgManager { org_code });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(id: &str, org: &str, code: &str, activities: &[&str]) -> NrbacRole {
        NrbacRole {
            person_roleid: id.to_owned(),
            org_code: org.to_owned(),
            role_code: code.to_owned(),
            role_name: None,
            activity_codes: activities.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    fn ods(code: &str) -> OdsCode {
        OdsCode::parse(code).expect("test ODS code")
    }

    #[test]
    fn ra_manager_and_agent_codes_make_ra_officers() {
        let roles = [
            role("1", "RX1", "S0080:G0450:R5080", &[]),
            role("2", "RX2", "S0080:G0450:R5090", &[]),
        ];
        let got = RoleMapping::default().portal_roles(&roles, None);
        assert_eq!(
            got,
            vec![
                PortalRole::RaManager {
                    org_code: ods("RX1")
                },
                PortalRole::RaAgent {
                    org_code: ods("RX2")
                }
            ]
        );
    }

    #[test]
    fn sponsor_activity_makes_a_manager_of_that_roles_organisation() {
        let roles = [role("1", "vnc01", "S8000:G8000:R8003", &["B0380", "B1300"])];
        let got = RoleMapping::default().portal_roles(&roles, None);
        assert_eq!(
            got,
            vec![PortalRole::OrgManager {
                org_code: ods("VNC01")
            }]
        );
    }

    #[test]
    fn selected_role_limits_the_roles_in_play() {
        let roles = [
            role("agent", "RX1", "S0080:G0450:R5090", &[]),
            role("nurse", "RX1", "S8000:G8000:R8001", &[]),
        ];
        let mapping = RoleMapping::default();
        assert!(mapping.portal_roles(&roles, Some("nurse")).is_empty());
        assert_eq!(
            mapping.portal_roles(&roles, Some("agent")),
            vec![PortalRole::RaAgent {
                org_code: ods("RX1")
            }]
        );
        // A selected role id that matches nothing grants nothing.
        assert!(mapping.portal_roles(&roles, Some("other")).is_empty());
    }

    #[test]
    fn auditor_codes_come_from_configuration() {
        let roles = [role("1", "Y99", "S0080:G0450:R0001", &[])];
        assert_eq!(
            RoleMapping::default().portal_roles(&roles, None),
            vec![PortalRole::Auditor {
                org_code: ods("Y99")
            }]
        );
        let none = RoleMapping {
            auditor_job_roles: vec!["R9999".into()],
        };
        assert!(none.portal_roles(&roles, None).is_empty());
    }

    #[test]
    fn unrelated_roles_and_bad_org_codes_grant_nothing() {
        let roles = [
            role("1", "RX1", "S8000:G8000:R8001", &["B0380"]),
            role("2", "??", "S0080:G0450:R5080", &[]),
        ];
        assert!(RoleMapping::default().portal_roles(&roles, None).is_empty());
    }

    #[test]
    fn job_role_code_is_the_last_segment() {
        assert_eq!(
            role("1", "RX1", "S0080:G0450:R5080", &[]).job_role_code(),
            "R5080"
        );
        assert_eq!(role("1", "RX1", "R5090", &[]).job_role_code(), "R5090");
    }
}

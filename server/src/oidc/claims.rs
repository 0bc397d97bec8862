//! CIS2's own claims, beyond the standard OpenID Connect ones.

use openidconnect::AdditionalClaims;
use ra_domain::NrbacRole;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Claims CIS2 adds to the ID token and userinfo. All optional: a claim CIS2 leaves out
/// must not break sign-in, only narrow what the person can do.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NhsClaims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_roleid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nhsid_useruid: Option<String>,
    /// Parsed element by element, so one malformed role does not void the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nhsid_nrbac_roles: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nhsid_user_orgs: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_assurance_level: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_assurance_level: Option<Value>,
}

impl AdditionalClaims for NhsClaims {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserOrg {
    pub org_code: String,
    pub org_name: String,
}

impl NhsClaims {
    pub fn roles(&self) -> Vec<NrbacRole> {
        parse_each(self.nhsid_nrbac_roles.as_deref())
    }

    pub fn orgs(&self) -> Vec<UserOrg> {
        parse_each(self.nhsid_user_orgs.as_deref())
    }
}

fn parse_each<T: serde::de::DeserializeOwned>(values: Option<&[Value]>) -> Vec<T> {
    values
        .unwrap_or_default()
        .iter()
        .filter_map(|v| match serde_json::from_value(v.clone()) {
            Ok(t) => Some(t),
            Err(e) => {
                tracing::warn!(error = %e, "ignoring a malformed CIS2 claim element");
                None
            }
        })
        .collect()
}

/// Who signed in, as established by a verified ID token and userinfo.
#[derive(Debug, Clone)]
pub struct CisIdentity {
    pub issuer: String,
    pub subject: String,
    pub display_name: String,
    pub email: Option<String>,
    pub acr: String,
    pub sid: Option<String>,
    pub selected_roleid: Option<String>,
    pub roles: Vec<NrbacRole>,
    pub orgs: Vec<UserOrg>,
    /// Kept server-side as the `id_token_hint` for the provider's end-session endpoint.
    pub id_token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_role_elements_are_skipped_not_fatal() {
        let claims: NhsClaims = serde_json::from_value(serde_json::json!({
            "nhsid_nrbac_roles": [
                { "person_roleid": "1", "org_code": "RX1", "role_code": "S0080:G0450:R5090" },
                { "org_code": "RX1" }
            ]
        }))
        .expect("claims parse");
        let roles = claims.roles();
        assert_eq!(roles.len(), 1);
        assert_eq!(roles[0].job_role_code(), "R5090");
    }
}

//! Authentication assurance: which CIS2 `acr` values the portal accepts.
//!
//! The portal asks for `AAL2_OR_AAL3_ANY` (Microsoft Authenticator is AAL2) and refuses
//! anything weaker, such as `AAL1_USERPASS`, whatever the provider sends back.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcrPolicy {
    allowed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AcrError {
    #[error("the sign-in carried no authentication assurance level")]
    Missing,
    #[error("the sign-in's assurance level {0} is below what the portal requires")]
    TooWeak(String),
}

impl AcrPolicy {
    pub fn new(allowed: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            allowed: allowed.into_iter().map(Into::into).collect(),
        }
    }

    pub fn allowed(&self) -> &[String] {
        &self.allowed
    }

    pub fn check(&self, acr: Option<&str>) -> Result<(), AcrError> {
        let acr = acr
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .ok_or(AcrError::Missing)?;
        if self.allowed.iter().any(|a| a == acr) {
            Ok(())
        } else {
            Err(AcrError::TooWeak(acr.to_owned()))
        }
    }
}

impl Default for AcrPolicy {
    fn default() -> Self {
        Self::new(["AAL2_OR_AAL3_ANY", "AAL2_ANY", "AAL2_TOTP", "AAL3_ANY"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aal2_and_aal3_classes_pass() {
        let p = AcrPolicy::default();
        assert_eq!(p.check(Some("AAL2_OR_AAL3_ANY")), Ok(()));
        assert_eq!(p.check(Some("AAL3_ANY")), Ok(()));
    }

    #[test]
    fn aal1_and_missing_acr_are_refused() {
        let p = AcrPolicy::default();
        assert_eq!(
            p.check(Some("AAL1_USERPASS")),
            Err(AcrError::TooWeak("AAL1_USERPASS".into()))
        );
        assert_eq!(p.check(None), Err(AcrError::Missing));
        assert_eq!(p.check(Some(" ")), Err(AcrError::Missing));
    }
}

//! Every email of manager access, in one place.

use ra_domain::{
    OdsCode,
    manager_access::{AccessDecision, SIGN_IN_LINK_MINUTES},
};

use crate::api::email::Mail;

/// To the address asked for: its one-time sign-in link. No name in it: anyone can type
/// one, and it would reach a real inbox.
pub fn sign_in_link(public_url: &str, to: &str, ods_code: &OdsCode, token: &str) -> Mail {
    Mail {
        to: to.to_owned(),
        subject: "Your RA Portal sign-in link".into(),
        paragraphs: vec![
            "Hello,".into(),
            format!(
                "Someone asked to sign in to RA Portal with this email address as a manager at {ods_code}. The link below works once, for {SIGN_IN_LINK_MINUTES} minutes."
            ),
            "If it was not you, ignore this email: nothing happens without the link.".into(),
        ],
        link: Some((
            "Sign in to RA Portal".into(),
            format!("{public_url}/manager-access/sign-in/{token}"),
        )),
    }
}

/// To the RA team: a manager proved their email and waits for approval.
pub fn to_approve(ra_team: &str, public_url: &str, name: &str, email: &str, ods: &OdsCode) -> Mail {
    Mail {
        to: ra_team.to_owned(),
        subject: format!("Manager access to approve: {name} ({ods})"),
        paragraphs: vec![format!(
            "{name} ({email}) proved their email and asks to raise registration requests as a manager of {ods}."
        )],
        link: Some((
            "Review manager access".into(),
            format!("{public_url}/ra/managers"),
        )),
    }
}

/// To the manager: what an RA officer decided about their access, and why.
pub fn decided(
    public_url: &str,
    to: &str,
    name: &str,
    org: &str,
    decision: AccessDecision,
    reason: Option<&str>,
) -> Mail {
    let reason = reason.unwrap_or_default();
    let (subject, paragraph) = match decision {
        AccessDecision::Approve => (
            "You can now use RA Portal",
            format!(
                "An RA officer approved you as a manager of {org}. Sign in with a link sent to this email address to raise Authenticator registration requests for your staff."
            ),
        ),
        AccessDecision::Reject => (
            "Your RA Portal access was not approved",
            format!(
                "An RA officer did not approve you as a manager of {org}. Their reason: {reason}"
            ),
        ),
        AccessDecision::Revoke => (
            "Your RA Portal access has been withdrawn",
            format!(
                "An RA officer withdrew your access as a manager of {org}. Their reason: {reason}"
            ),
        ),
    };
    Mail {
        to: to.to_owned(),
        subject: subject.into(),
        paragraphs: vec![format!("Hello {name},"), paragraph],
        link: (decision == AccessDecision::Approve).then(|| {
            (
                "Get a sign-in link".into(),
                format!("{public_url}/manager-access"),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ods() -> OdsCode {
        OdsCode::parse("VOK01").expect("code")
    }

    #[test]
    fn the_link_names_the_organisation_but_no_person() {
        let m = sign_in_link("https://ra.example", "ada@oak.example", &ods(), "tok");
        let text = m.text();
        assert!(text.contains("as a manager at VOK01"), "{text}");
        assert!(text.contains("https://ra.example/manager-access/sign-in/tok"));
        assert!(text.starts_with("Hello,"));
    }

    #[test]
    fn decisions_say_what_and_why() {
        let ok = decided(
            "https://ra.example",
            "ada@oak.example",
            "Ada",
            "Oak House",
            AccessDecision::Approve,
            None,
        );
        assert_eq!(ok.subject, "You can now use RA Portal");
        assert!(ok.text().contains("https://ra.example/manager-access"));
        let no = decided(
            "https://ra.example",
            "ada@oak.example",
            "Ada",
            "Oak House",
            AccessDecision::Revoke,
            Some("Left the home"),
        );
        assert!(
            no.text().contains("Their reason: Left the home"),
            "{}",
            no.text()
        );
        assert!(no.link.is_none());
        let team = to_approve(
            "ra-team@localhost",
            "https://ra.example",
            "Ada",
            "ada@oak.example",
            &ods(),
        );
        assert_eq!(team.subject, "Manager access to approve: Ada (VOK01)");
    }
}

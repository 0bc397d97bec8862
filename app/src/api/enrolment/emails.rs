//! Every email of the enrolment ceremony.

use ra_db::repo::registration::RequestRow;
use ra_domain::registration::enrolment::EMAIL_CODE_MINUTES;

use crate::api::email::Mail;

/// To the person: their one-time enrolment link (the only secret any email carries).
pub fn link(public_url: &str, r: &RequestRow, token: &str) -> Mail {
    Mail {
        to: r.email.clone(),
        subject: "Set up Microsoft Authenticator for your NHS Care Identity".into(),
        paragraphs: vec![
            format!("Hello {},", r.person_name),
            "Your identity has been checked. Use the link below on a computer, with Microsoft Authenticator installed on your phone. The link works once, for 7 days.".into(),
            "Do not forward this email: the link is for you alone.".into(),
        ],
        link: Some((
            "Set up Microsoft Authenticator".into(),
            format!("{public_url}/enrol/{token}"),
        )),
    }
}

/// To the person: the security code that proves they hold the link's mailbox.
pub fn security_code(r: &RequestRow, code: &str) -> Mail {
    Mail {
        to: r.email.clone(),
        subject: "Your RA Portal security code".into(),
        paragraphs: vec![
            format!("Hello {},", r.person_name),
            format!("Your security code is {code}. It works for {EMAIL_CODE_MINUTES} minutes."),
            "If you did not ask for it, tell your Registration Authority.".into(),
        ],
        link: None,
    }
}

/// To the manager who raised the request: the person can now sign in with the app.
pub fn enrolled(public_url: &str, r: &RequestRow) -> Option<Mail> {
    Some(Mail {
        to: r.requested_by_email.clone()?,
        subject: format!("Enrolled: {}", r.person_name),
        paragraphs: vec![format!(
            "{} has set up Microsoft Authenticator and can now sign in to CIS2 with it.",
            r.person_name
        )],
        link: Some((
            "Open the request".into(),
            format!("{public_url}/requests/{}", r.id),
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::registration::emails::tests::row;

    #[test]
    fn the_person_gets_their_link_and_code_and_the_requester_the_news() {
        let r = row();
        let l = link("https://ra.example", &r, "tok123");
        assert_eq!(l.to, r.email);
        assert!(l.text().contains("https://ra.example/enrol/tok123"));
        assert!(l.text().contains("Do not forward this email"));
        let c = security_code(&r, "042917");
        assert!(
            c.text()
                .contains("Your security code is 042917. It works for 10 minutes."),
            "{}",
            c.text()
        );
        let e = enrolled("https://ra.example", &r).expect("requester known");
        assert_eq!(e.to, "tom@meadowbank-care.org.uk");
        assert_eq!(e.subject, "Enrolled: Amira <Khan>");
    }
}

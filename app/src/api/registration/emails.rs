//! Every email a registration request sends, in one place: who gets it and its words.

use ra_db::repo::registration::RequestRow;
use ra_domain::{
    RequestId,
    registration::{Meeting, RequestSource, ValidRequest},
};

use crate::api::email::Mail;

fn request_link(public_url: &str, id: RequestId) -> Option<(String, String)> {
    Some((
        "Open the request".into(),
        format!("{public_url}/requests/{id}"),
    ))
}

/// To the RA team: a manager asked for one person's registration.
pub fn arrived(
    ra_team: &str,
    public_url: &str,
    requester: &str,
    r: &ValidRequest,
    id: RequestId,
) -> Mail {
    Mail {
        to: ra_team.to_owned(),
        subject: format!("New registration request: {} ({})", r.full_name, r.ods_code),
        paragraphs: vec![
            format!(
                "{requester} asked for {} ({}, {}) to be registered for Microsoft Authenticator.",
                r.full_name, r.job_role, r.ods_code
            ),
            "Review it in RA Portal.".into(),
        ],
        link: request_link(public_url, id),
    }
}

/// To the RA team: a manager's CSV raised many requests at once.
pub fn bulk_arrived(
    ra_team: &str,
    public_url: &str,
    uploader: &str,
    file_name: &str,
    count: usize,
    source: RequestSource,
) -> Mail {
    Mail {
        to: ra_team.to_owned(),
        subject: format!("{count} new registration requests from {uploader}"),
        paragraphs: vec![format!(
            "{uploader} uploaded {file_name} ({count} people) for Microsoft Authenticator registration."
        )],
        link: Some((
            "Open the queue".into(),
            format!(
                "{public_url}/requests?state=submitted&source={}",
                source.as_str()
            ),
        )),
    }
}

/// To the manager who raised the request: the RA approved it.
pub fn approved(public_url: &str, row: &RequestRow) -> Option<Mail> {
    Some(Mail {
        to: row.requested_by_email.clone()?,
        subject: format!("Approved: registration for {}", row.person_name),
        paragraphs: vec![format!(
            "The Registration Authority approved your request to register {} for Microsoft Authenticator. An RA officer will now arrange a meeting with them to check their identity.",
            row.person_name
        )],
        link: request_link(public_url, row.id),
    })
}

/// To the manager who raised the request: the RA did not approve it, and why.
pub fn rejected(public_url: &str, row: &RequestRow, reason: &str) -> Option<Mail> {
    Some(Mail {
        to: row.requested_by_email.clone()?,
        subject: format!("Not approved: registration for {}", row.person_name),
        paragraphs: vec![
            format!(
                "The Registration Authority did not approve your request to register {}.",
                row.person_name
            ),
            format!("Reason: {reason}"),
        ],
        link: request_link(public_url, row.id),
    })
}

/// To the person being registered: when and how the identity check happens.
pub fn meeting(row: &RequestRow, meeting: &Meeting) -> Mail {
    let how = match meeting.mode {
        ra_domain::registration::MeetingMode::Video => "by video call",
        ra_domain::registration::MeetingMode::FaceToFace => "face to face",
    };
    Mail {
        to: row.email.clone(),
        subject: "Your Microsoft Authenticator registration meeting".into(),
        paragraphs: vec![
            format!("Hello {},", row.person_name),
            format!(
                "A Registration Authority officer will meet you {how} on {} to register Microsoft Authenticator for your NHS Care Identity.",
                meeting.at.format("%A %-d %B %Y at %H:%M UTC")
            ),
            "Please bring three documents: one photo ID (such as a passport or photocard driving licence), one proof of address (such as a recent utility bill or bank statement) and one more (such as a birth certificate).".into(),
        ],
        link: None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{TimeZone, Utc};
    use ra_domain::{
        OdsCode, PersonId,
        registration::{MeetingMode, PhoneKind, RequestState},
    };

    use super::*;

    pub(crate) fn row() -> RequestRow {
        let at = Utc
            .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
            .single()
            .expect("time");
        RequestRow {
            id: RequestId::new(),
            person_name: "Amira <Khan>".into(),
            email: "amira@meadowbank-care.org.uk".into(),
            email_domain: "meadowbank-care.org.uk".into(),
            job_role: "Carer".into(),
            ods_code: OdsCode::parse("VMB01").expect("code"),
            org_name: Some("Meadowbank Care Home".into()),
            phone: "07700900123".into(),
            phone_kind: PhoneKind::Personal,
            state: RequestState::Approved,
            source: RequestSource::Single,
            requested_by: PersonId::new(),
            requested_by_name: Some("Tom Bell".into()),
            requested_by_email: Some("tom@meadowbank-care.org.uk".into()),
            requested_at: at,
            last_step_at: at,
            review_holder: None,
            review_holder_name: None,
            review_until: None,
            meeting_at: None,
            meeting_mode: None,
            identity_documents: None,
            decision_reason: None,
            review_flag: None,
        }
    }

    #[test]
    fn decisions_go_to_the_requester_with_a_link_and_escaped_names() {
        let r = row();
        let ok = approved("https://ra.example", &r).expect("requester known");
        assert_eq!(ok.to, "tom@meadowbank-care.org.uk");
        assert!(
            ok.text()
                .contains(&format!("https://ra.example/requests/{}", r.id))
        );
        assert!(ok.html().contains("Amira &lt;Khan&gt;"));
        let no = rejected("https://ra.example", &r, "Not employed here").expect("requester known");
        assert!(
            no.text().contains("Reason: Not employed here"),
            "{}",
            no.text()
        );
        let unknown = RequestRow {
            requested_by_email: None,
            ..r
        };
        assert!(approved("https://ra.example", &unknown).is_none());
    }

    #[test]
    fn the_meeting_email_tells_the_person_when_how_and_what_to_bring() {
        let at = Utc
            .with_ymd_and_hms(2030, 6, 3, 10, 0, 0)
            .single()
            .expect("time");
        let m = meeting(
            &row(),
            &Meeting {
                at,
                mode: MeetingMode::Video,
            },
        );
        assert_eq!(m.to, "amira@meadowbank-care.org.uk");
        let text = m.text();
        assert!(
            text.contains("by video call on Monday 3 June 2030 at 10:00 UTC"),
            "{text}"
        );
        assert!(text.contains("three documents"), "{text}");
    }

    #[test]
    fn the_ra_team_hears_of_new_requests() {
        let bulk = bulk_arrived(
            "ra-team@localhost",
            "https://ra.example",
            "Tom Bell",
            "staff.csv",
            12,
            RequestSource::Bulk,
        );
        assert_eq!(bulk.subject, "12 new registration requests from Tom Bell");
        assert!(
            bulk.text()
                .contains("/requests?state=submitted&source=bulk")
        );
    }
}

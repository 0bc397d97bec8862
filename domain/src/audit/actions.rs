//! Every action the audit trail records, with the words auditors see. The portal refuses
//! to record an action that is not listed (`ra_db::repo::audit::record`), and the
//! integration test `tests/tests/audit/actions.rs` makes every one of them happen.

/// One kind of entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionInfo {
    pub name: &'static str,
    pub label: &'static str,
}

const fn a(name: &'static str, label: &'static str) -> ActionInfo {
    ActionInfo { name, label }
}

pub const ACTIONS: &[ActionInfo] = &[
    // Sign-in and sessions.
    a("signed_in", "Signed in"),
    a("sign_in_refused", "Sign-in refused"),
    a("signed_out", "Signed out"),
    a("signed_out_by_cis2", "Signed out by CIS2"),
    a("access.refused", "Refused: not allowed for their roles"),
    // The allow list.
    a("allow_list.added", "Domain added"),
    a("allow_list.requested", "Domain requested"),
    a("allow_list.accepted", "Domain request accepted"),
    a("allow_list.rejected", "Domain rejected"),
    a("allow_list.submitted", "Domain submitted to NHS England"),
    a("allow_list.activated", "Domain active on CIS2"),
    a("allow_list.suspended", "Domain suspended"),
    a("allow_list.reinstated", "Domain reinstated"),
    a("allow_list.removed", "Domain removed"),
    a("allow_list.import_uploaded", "Allow-list CSV uploaded"),
    a("allow_list.imported", "Domain imported"),
    // Registration requests, each step of their state machine.
    a("registration.submitted", "Request raised"),
    a("registration.bulk_uploaded", "Staff CSV uploaded"),
    a("registration.start_review", "Review started"),
    a("registration.release_review", "Review stopped"),
    a("registration.approve", "Request approved"),
    a("registration.reject", "Request rejected"),
    a("registration.book_meeting", "Meeting booked"),
    a("registration.record_identity", "Identity checked"),
    a("registration.send_link", "Enrolment link sent"),
    a("registration.resend_link", "New enrolment link sent"),
    a("registration.expire_link", "Enrolment link expired"),
    a("registration.enrol", "Device registered"),
    a("registration.cancel", "Request cancelled"),
    a("registration.remove_device", "Device removed"),
    a("registration.close_access", "Access closed"),
    // The enrolment ceremony.
    a("enrolment.code_sent", "Security code emailed"),
    a("enrolment.code_confirmed", "Security code confirmed"),
    a("enrolment.secret_issued", "Authenticator secret issued"),
    a("enrolment.wrong_code", "Wrong code entered"),
    a("enrolment.locked", "Enrolment link locked"),
    // Managers without a CIS2 identity.
    a("manager_access.link_sent", "Manager sign-in link sent"),
    a("manager_access.requested", "Manager access requested"),
    a(
        "manager_access.link_used",
        "Manager signed in by email link",
    ),
    a("manager_access.approve", "Manager access approved"),
    a("manager_access.reject", "Manager access rejected"),
    a("manager_access.revoke", "Manager access revoked"),
    // Organisations.
    a("organisation_created", "Organisation created"),
    a("organisation.headcount_set", "Headcount given"),
    a("organisation.import_uploaded", "Organisations CSV uploaded"),
    a("organisation.imported", "Organisation imported"),
    a("organisation.updated", "Organisation updated"),
    a("organisation.added", "Organisation or site recorded"),
    a("organisation.moved", "Site moved between groups"),
    // Access reviews.
    a("access_review.started", "Access review started"),
    a("access_review.confirmed", "Access confirmed in a review"),
    a("access_review.revoked", "Access withdrawn in a review"),
    a("access_review.completed", "Access review completed"),
    // The trail itself, and what auditors take away.
    a("export.csv", "CSV exported"),
    a(super::REDACTION_ACTION, "Personal data redacted"),
];

pub fn find(name: &str) -> Option<&'static ActionInfo> {
    ACTIONS.iter().find(|a| a.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        allow_list::status::ALL_ACTIONS as ALLOW_LIST_STEPS, registration::state::ALL_ACTIONS,
    };

    #[test]
    fn every_step_of_the_state_machines_is_listed_once() {
        for step in ALL_ACTIONS {
            let name = format!("registration.{}", step.as_str());
            assert!(find(&name).is_some(), "{name} is not listed");
        }
        for kind in ALLOW_LIST_STEPS {
            assert!(find(kind.audit_action()).is_some(), "{kind:?}");
        }
        let mut names: Vec<&str> = ACTIONS.iter().map(|a| a.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ACTIONS.len(), "an action is listed twice");
    }
}

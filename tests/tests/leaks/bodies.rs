use ra_portal_tests::request_fields;

use super::*;

/// What an answer must never show: the injected fault's message, SQL, source paths,
/// panics.
const INTERNALS: [&str; 7] = [
    "fault injected",
    "INSERT",
    "registration_requests",
    "sessions",
    "sqlx",
    ".rs",
    "panicked",
];

fn assert_says_nothing_inside(what: &str, body: &str) {
    for leak in INTERNALS {
        assert!(!body.contains(leak), "{what} shows {leak:?}: {body}");
    }
}

both!(
    internal_errors_say_nothing_of_their_cause,
    |backend: Backend| async move {
        capture_logs();
        let portal = TestPortal::start(backend).await;
        let tom = portal.signed_in("manager.meadowbank").await;
        portal
            .ensure_allowed("meadowbank-care.org.uk", "VMB01")
            .await;
        portal.break_inserts("registration_requests").await;
        let email = format!(
            "{}@meadowbank-care.org.uk",
            ra_portal_tests::builders::unique("x")
        );
        let (code, body) = tom
            .call(
                "registration/raise",
                &request_fields("Ian Fault", &email, "VMB01"),
            )
            .await;
        assert_eq!(code, 500);
        assert_eq!(body, serde_json::json!("Internal"));
        assert_says_nothing_inside("a server function", &body.to_string());

        // A plain route: CIS2's callback cannot store the session.
        portal.break_inserts("sessions").await;
        let b = portal.browser();
        let callback = b
            .choose_user("ra.agent", Some(ra_portal_tests::SAM_RA_AGENT_ROLE))
            .await;
        let page = b.get(callback.as_str()).await;
        assert_eq!(page.path(), "/sign-in-problem", "{}", page.body);
        assert!(
            page.has_text("Sign-in could not be completed"),
            "{}",
            page.body
        );
        assert_says_nothing_inside("the sign-in callback", &page.body);

        // The cause is in the log, for whoever runs the portal.
        assert!(!lines_with("fault injected by the test").is_empty());
    }
);

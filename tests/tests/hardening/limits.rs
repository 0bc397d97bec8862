//! Every limit of attempts holds when the attempts arrive together: each is claimed in
//! one conditional update before anything is judged.

use super::*;
use ra_portal_tests::{ORG_A, builders::home_domain};

/// How many of the answers judged a code (and found it wrong).
fn judged(answers: &[(u16, Value)]) -> usize {
    answers
        .iter()
        .filter(|(code, body)| *code == 422 && body.to_string().contains("is not right"))
        .count()
}

async fn wrong_codes(portal: &TestPortal) -> i64 {
    portal
        .count("SELECT CAST(MAX(wrong_codes) AS BIGINT) FROM enrolment_links")
        .await
}

both!(
    sixty_parallel_wrong_codes_are_judged_five_times_at_most,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        // The emailed code.
        let (_, token) = portal.enrolment_link(ORG_A).await;
        portal.set_email_code(&token, "246810").await;
        let answers = at_once(
            &portal,
            "enrolment/confirm-code",
            &[("token", &token), ("code", "999999")],
            60,
        )
        .await;
        let n = judged(&answers);
        assert!((1..=5).contains(&n), "{n} wrong codes judged: {answers:?}");
        assert!(wrong_codes(&portal).await <= 5);
        assert!(
            answers.iter().all(|(c, _)| *c == 422 || *c == 409),
            "{answers:?}"
        );
        // Locked now: even the right code is refused.
        let (code, body) = portal
            .browser()
            .call(
                "enrolment/confirm-code",
                &[("token", &token), ("code", "246810")],
            )
            .await;
        assert_eq!(code, 409, "{body}");

        // The app's code, on a link of its own.
        let (_, token) = portal.enrolment_link(ORG_A).await;
        portal.set_email_code(&token, "135790").await;
        let b = portal.browser();
        assert_eq!(
            b.call(
                "enrolment/confirm-code",
                &[("token", &token), ("code", "135790")]
            )
            .await
            .0,
            200
        );
        let answers = at_once(
            &portal,
            "enrolment/finish",
            &[("token", &token), ("code", "000000")],
            60,
        )
        .await;
        let n = judged(&answers);
        assert!((1..=5).contains(&n), "{n} app codes judged");
        assert!(wrong_codes(&portal).await <= 5);
    }
);

both!(
    right_codes_do_not_count_against_the_limit,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let (_, token) = portal.enrolment_link(ORG_A).await;
        let b = portal.browser();
        for _ in 0..8 {
            portal.set_email_code(&token, "112233").await;
            let (code, body) = b
                .call(
                    "enrolment/confirm-code",
                    &[("token", &token), ("code", "112233")],
                )
                .await;
            assert_eq!(code, 200, "{body}");
        }
        assert_eq!(wrong_codes(&portal).await, 0);
    }
);

both!(
    twenty_parallel_asks_leave_three_live_sign_in_links_at_most,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        portal.ensure_allowed(home_domain("VOK01"), "VOK01").await;
        let email = format!(
            "ada.{}@{}",
            uuid::Uuid::new_v4().simple(),
            home_domain("VOK01")
        );
        let fields = [
            ("full_name", "Ada Obi"),
            ("email", email.as_str()),
            ("ods_code", "VOK01"),
        ];
        let answers = at_once(&portal, "manager-access/ask", &fields, 20).await;
        assert!(
            answers.iter().all(|(c, _)| *c == 200),
            "the same answer for every ask: {answers:?}"
        );
        let links = portal
            .count(&format!(
                "SELECT COUNT(*) FROM email_sign_in_links WHERE email = '{email}'"
            ))
            .await;
        assert!((1..=3).contains(&links), "{links} live links");
    }
);

use ra_domain::logout::LOGOUT_EVENT;
use ra_portal_tests::{
    Browser, Hop,
    builders::unique,
    issuer,
    journey::{latest_mail, step, word_after},
    sandbox::provider_signed,
    totp_now,
};
use serde_json::json;

use super::*;

/// A one-time value the run used, and what it is.
struct Secret {
    what: &'static str,
    value: String,
}

fn session_of(b: &Browser, whose: &'static str) -> Secret {
    Secret {
        what: whose,
        value: b.cookie("ra_session").expect("a session cookie"),
    }
}

both!(
    a_whole_journey_leaves_no_secret_in_the_logs,
    |backend: Backend| async move {
        capture_logs();
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        let mut secrets = vec![
            session_of(&sam, "the RA agent's session cookie"),
            session_of(&tom, "the manager's session cookie"),
        ];
        secrets.extend(cis2_sign_in(&portal).await);
        secrets.extend(enrolment(&portal, &sam, &tom).await);
        secrets.extend(email_link(&portal).await);
        secrets.push(logout(&portal, &sam).await);

        // The capture works: the canary below is found, and so are the portal's own lines.
        let canary = unique("canary");
        tracing::info!(target: "server", value = %canary, "canary");
        assert_eq!(lines_with(&canary).len(), 1);
        assert!(
            !lines_with("/auth/backchannel-logout").is_empty(),
            "the portal's request logs are captured"
        );
        for Secret { what, value } in &secrets {
            let lines = lines_with(value);
            assert!(lines.is_empty(), "{what} ({value}) is logged: {lines:#?}");
        }
    }
);

/// A CIS2 sign-in's one-time values: the authorisation code and state in the callback.
async fn cis2_sign_in(portal: &TestPortal) -> Vec<Secret> {
    let b = portal.browser();
    let callback = b.choose_user("auditor", None).await;
    let param = |name: &str| {
        callback
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("{name} in {callback}"))
    };
    let (code, state) = (param("code"), param("state"));
    let home = b.get(callback.as_str()).await;
    assert_eq!(home.path(), "/audit", "{}", home.body);
    vec![
        session_of(&b, "the auditor's session cookie"),
        Secret {
            what: "the authorisation code",
            value: code,
        },
        Secret {
            what: "the sign-in state",
            value: state,
        },
    ]
}

/// A request taken through enrolment: the link's token, the emailed code, the secret and
/// the app's first code.
async fn enrolment(portal: &TestPortal, sam: &Browser, tom: &Browser) -> Vec<Secret> {
    let email = format!("{}@meadowbank-care.org.uk", unique("leak"));
    let id = portal
        .verified_request(sam, tom, &email, "Lena Quinn")
        .await;
    assert_eq!(step(sam, &id, &[("action", "send_link")]).await.0, 200);
    portal.deliver_mail().await;
    let mail = latest_mail(&email, "Set up Microsoft Authenticator").await;
    let token = word_after(&mail, "/enrol/");
    let person = portal.browser();
    let page = person.get(&portal.url(&format!("/enrol/{token}"))).await;
    assert_eq!(page.status, 200);
    let fields = [("token", token.as_str())];
    assert_eq!(person.call("enrolment/send-code", &fields).await.0, 200);
    portal.deliver_mail().await;
    let code = word_after(
        &latest_mail(&email, "security code").await,
        "security code is ",
    );
    let (status, shown) = person
        .call(
            "enrolment/confirm-code",
            &[("token", &token), ("code", &code)],
        )
        .await;
    assert_eq!(status, 200, "{shown}");
    let secret = shown["secret"].as_str().unwrap().to_owned();
    let app_code = totp_now(&secret);
    let (status, body) = person
        .call(
            "enrolment/finish",
            &[("token", &token), ("code", &app_code)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    vec![
        Secret {
            what: "the enrolment link's token",
            value: token,
        },
        Secret {
            what: "the emailed security code",
            value: code,
        },
        Secret {
            what: "the authenticator secret",
            value: secret,
        },
        Secret {
            what: "the app's first code",
            value: app_code,
        },
    ]
}

/// A manager without a CIS2 identity asks for a sign-in link and uses it (the first
/// proves the address; an RA manager approves; the second signs in).
async fn email_link(portal: &TestPortal) -> Vec<Secret> {
    let rachel = portal.signed_in("ra.manager").await;
    rachel.allow_domain("oaklodge-care.org.uk", "VOK01").await;
    let email = format!("{}@oaklodge-care.org.uk", unique("ada"));
    let ada = portal.browser();
    let first = use_link(portal, &ada, &email).await;
    let (code, list) = rachel.call("ra/managers/list", &[]).await;
    assert_eq!(code, 200, "{list}");
    let id = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == email.as_str())
        .expect("Ada waits")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (code, body) = rachel
        .call(
            "ra/managers/decide",
            &[
                ("id", &id),
                ("decision", "approve"),
                ("org_name", "Oak Lodge Care Home"),
            ],
        )
        .await;
    assert_eq!(code, 200, "{body}");
    let second = use_link(portal, &ada, &email).await;
    vec![
        session_of(&rachel, "the RA manager's session cookie"),
        session_of(&ada, "the email-link manager's session cookie"),
        Secret {
            what: "the first emailed sign-in link's token",
            value: first,
        },
        Secret {
            what: "the second emailed sign-in link's token",
            value: second,
        },
    ]
}

/// Asks for a sign-in link for `email`, opens it and presses its button; the token.
async fn use_link(portal: &TestPortal, b: &Browser, email: &str) -> String {
    let (code, body) = b
        .call(
            "manager-access/ask",
            &[
                ("full_name", "Ada Obi"),
                ("email", email),
                ("ods_code", "VOK01"),
            ],
        )
        .await;
    assert_eq!(code, 200, "{body}");
    portal.deliver_mail().await;
    let token = word_after(
        &latest_mail(email, "sign-in link").await,
        "/manager-access/sign-in/",
    );
    let page = b
        .get(&portal.url(&format!("/manager-access/sign-in/{token}")))
        .await;
    let action = page.form_action("/auth/email-link");
    let Hop::Page(after) = b.post_form(&action, &[("token", &token)], false).await else {
        unreachable!("no CIS2 hop on an email link")
    };
    assert_eq!(after.status, 200);
    token
}

/// CIS2 ends Sam's session by back-channel logout.
async fn logout(portal: &TestPortal, sam: &Browser) -> Secret {
    let sid: String = ra_db::on_pool!(portal.db(), |p| sqlx::query_scalar(
        "SELECT s.oidc_sid FROM sessions s JOIN people p ON p.id = s.person_id \
         WHERE p.subject = '555000000102' AND s.ended_at IS NULL"
    )
    .fetch_one(p)
    .await)
    .unwrap();
    let token = provider_signed(
        json!({}),
        json!({
            "iss": issuer(),
            "aud": portal.client_id,
            "iat": chrono::Utc::now().timestamp(),
            "jti": unique("jti"),
            "sid": sid,
            "events": { LOGOUT_EVENT: {} },
        }),
    )
    .await;
    let res = reqwest::Client::new()
        .post(portal.url("/auth/backchannel-logout"))
        .form(&[("logout_token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (_, me) = sam.call("session/whoami", &[]).await;
    assert!(me["display_name"].is_null(), "Sam is signed out: {me}");
    Secret {
        what: "the logout token",
        value: token,
    }
}

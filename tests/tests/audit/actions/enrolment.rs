//! The enrolment ceremony and its link: sent by an RA officer, each of the person's steps
//! (no one signed in: the link is their credential), wrong codes and the lock, a new
//! link, expiry by housekeeping, and the device's removal.

use ra_portal_tests::{
    journey::{latest_mail, word_after},
    totp_now,
};

use super::{requests::take, *};

/// A step of the ceremony on request `id`, which names no actor.
fn ceremony(action: &'static str, id: &str) -> Expect {
    expect(action, "registration_request").id(id).org("VMB01")
}

fn wrong(id: &str, n: i32) -> Expect {
    ceremony("enrolment.wrong_code", id).with(json!({ "what": "code", "wrong_codes": n }))
}

async fn person_calls(cx: &Ctx, endpoint: &str, code: &str) -> (u16, Value) {
    let token = cx.kept("token");
    cx.portal
        .browser()
        .call(endpoint, &[("token", &token), ("code", code)])
        .await
}

pub async fn link_sent(cx: &mut Ctx) -> Vec<Expect> {
    let id = cx.kept("request");
    take(&cx.sam, &id, &[("action", "send_link")]).await;
    vec![stepped(
        "registration.send_link",
        SAM,
        &id,
        "identity_verified>link_sent",
    )]
}

// The person opens the emailed link and asks for a code.
pub async fn code_sent(cx: &mut Ctx) -> Vec<Expect> {
    let email = cx.kept("email");
    cx.portal.deliver_mail().await;
    let mail = latest_mail(&email, "Set up Microsoft Authenticator").await;
    cx.keep("token", &word_after(&mail, "/enrol/"));
    assert_eq!(person_calls(cx, "enrolment/send-code", "").await.0, 200);
    vec![ceremony("enrolment.code_sent", &cx.kept("request")).with(json!({ "to": email }))]
}

pub async fn wrong_code(cx: &mut Ctx) -> Vec<Expect> {
    cx.portal.deliver_mail().await;
    let mail = latest_mail(&cx.kept("email"), "security code").await;
    let code = word_after(&mail, "security code is ");
    cx.keep("code", &code);
    let wrong_one = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = person_calls(cx, "enrolment/confirm-code", wrong_one).await;
    assert_eq!(status, 422, "{body}");
    vec![wrong(&cx.kept("request"), 1)]
}

pub async fn code_confirmed(cx: &mut Ctx) -> Vec<Expect> {
    let code = cx.kept("code");
    let (status, secret) = person_calls(cx, "enrolment/confirm-code", &code).await;
    assert_eq!(status, 200, "{secret}");
    cx.keep("secret", secret["secret"].as_str().unwrap());
    let id = cx.kept("request");
    vec![
        ceremony("enrolment.code_confirmed", &id),
        ceremony("enrolment.secret_issued", &id),
    ]
}

pub async fn enrolled(cx: &mut Ctx) -> Vec<Expect> {
    let code = totp_now(&cx.kept("secret"));
    let (status, body) = person_calls(cx, "enrolment/finish", &code).await;
    assert_eq!(status, 200, "{body}");
    vec![
        ceremony("registration.enrol", &cx.kept("request")).with(json!({
            "from": "link_sent",
            "to": "enrolled",
            "by": "Amira Khan",
        })),
    ]
}

pub async fn device_removed(cx: &mut Ctx) -> Vec<Expect> {
    let id = cx.kept("request");
    let why = [("action", "remove_device"), ("reason", "Phone lost")];
    take(&cx.sam, &id, &why).await;
    cx.closed.push(id.clone());
    vec![
        stepped(
            "registration.remove_device",
            SAM,
            &id,
            "enrolled>device_removed",
        )
        .with(json!({ "reason": "Phone lost", "devices_removed": 1 })),
    ]
}

// Another person's link (made by the builders): five wrong codes, the fifth locks it.
pub async fn locked_after_five_wrong_codes(cx: &mut Ctx) -> Vec<Expect> {
    let (id, token) = cx.portal.enrolment_link("VMB01").await;
    let id = id.to_string();
    cx.keep("locked", &id);
    cx.keep("token", &token);
    assert_eq!(person_calls(cx, "enrolment/send-code", "").await.0, 200);
    for n in 1..=5 {
        let (status, body) = person_calls(cx, "enrolment/confirm-code", "99999x").await;
        assert_eq!(status, if n < 5 { 422 } else { 409 }, "{n}: {body}");
    }
    let mut out = vec![ceremony("enrolment.code_sent", &id)];
    out.extend((1..=5).map(|n| wrong(&id, n)));
    out.push(ceremony("enrolment.locked", &id));
    out
}

pub async fn new_link(cx: &mut Ctx) -> Vec<Expect> {
    let id = cx.kept("locked");
    take(&cx.sam, &id, &[("action", "resend_link")]).await;
    vec![stepped(
        "registration.resend_link",
        SAM,
        &id,
        "link_sent>link_sent",
    )]
}

// Eight days on, housekeeping expires the new link, unused.
pub async fn link_expires(cx: &mut Ctx) -> Vec<Expect> {
    let later = chrono::Utc::now() + chrono::Duration::days(8);
    let expired = app::api::enrolment::expire_links(cx.portal.db(), later)
        .await
        .unwrap();
    assert_eq!(expired, 1);
    vec![
        ceremony("registration.expire_link", &cx.kept("locked"))
            .housekeeping()
            .with(json!({ "from": "link_sent", "to": "link_expired" })),
    ]
}

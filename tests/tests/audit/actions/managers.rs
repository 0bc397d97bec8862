//! Managers without a CIS2 identity: a sign-in link asked for and spent, the access an RA
//! officer approves (recording the organisation new to the portal), rejects or revokes,
//! and the approved manager's sign-in by email link.

use ra_portal_tests::{
    Hop, Page,
    journey::{latest_mail, word_after},
};

use super::*;

/// Bea, before an RA officer approves her: named by the person record her link made.
const BEA: Person = Person {
    name: "Bea Asker",
    role: None,
};

/// Anyone asks for a sign-in link to manage Oak Lodge for Bea's address, and it is
/// delivered; its token.
async fn ask(cx: &Ctx) -> String {
    let email = cx.kept("bea");
    let (code, body) = cx
        .portal
        .browser()
        .call(
            "manager-access/ask",
            &[
                ("full_name", "Bea Asker"),
                ("email", &email),
                ("ods_code", "VOK01"),
            ],
        )
        .await;
    assert_eq!(code, 200, "{body}");
    cx.portal.deliver_mail().await;
    word_after(
        &latest_mail(&email, "sign-in link").await,
        "/manager-access/sign-in/",
    )
}

/// Opens the emailed link's page and presses its button, as Bea does.
async fn spend(cx: &Ctx, token: &str) -> Page {
    let b = cx.portal.browser();
    let page = b
        .get(&cx.portal.url(&format!("/manager-access/sign-in/{token}")))
        .await;
    let action = page.form_action("/auth/email-link");
    match b.post_form(&action, &[("token", token)], false).await {
        Hop::Page(p) => p,
        Hop::Callback(_) => unreachable!("no CIS2 here"),
    }
}

fn link_sent(cx: &Ctx) -> Expect {
    expect("manager_access.link_sent", "email_sign_in_link")
        .org("VOK01")
        .with(json!({ "email": cx.kept("bea"), "ods_code": "VOK01" }))
}

async fn decide(cx: &Ctx, id: &str, fields: &[(&str, &str)]) {
    let mut all = vec![("id", id)];
    all.extend_from_slice(fields);
    let (code, body) = cx.rachel.call("ra/managers/decide", &all).await;
    assert_eq!(code, 200, "{fields:?}: {body}");
}

fn decided(action: &'static str, id: &str, from: &str, to: &str) -> Expect {
    expect(action, "manager_access")
        .id(id)
        .by(RACHEL)
        .org("VOK01")
        .with(json!({ "from": from, "to": to }))
}

pub async fn asks_for_a_link(cx: &mut Ctx) -> Vec<Expect> {
    let email = format!("bea.{}@oaklodge-care.org.uk", uuid::Uuid::new_v4().simple());
    cx.keep("bea", &email);
    let token = ask(cx).await;
    cx.keep("link", &token);
    vec![link_sent(cx)]
}

// The first link proves the address: her access waits for an RA officer.
pub async fn proves_the_email(cx: &mut Ctx) -> Vec<Expect> {
    let page = spend(cx, &cx.kept("link")).await;
    assert_eq!(page.path(), "/manager-access/pending", "{}", page.body);
    let (code, list) = cx.rachel.call("ra/managers/list", &[]).await;
    assert_eq!(code, 200, "{list}");
    let access = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == cx.kept("bea").as_str())
        .expect("her access waits")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    cx.keep("access", &access);
    vec![
        expect("manager_access.requested", "manager_access")
            .id(&access)
            .by(BEA)
            .org("VOK01")
            .with(json!({ "to": "pending", "email": cx.kept("bea") })),
    ]
}

pub async fn uses_a_link_while_waiting(cx: &mut Ctx) -> Vec<Expect> {
    let token = ask(cx).await;
    let page = spend(cx, &token).await;
    assert_eq!(page.path(), "/manager-access/pending", "{}", page.body);
    vec![
        link_sent(cx),
        expect("manager_access.link_used", "manager_access")
            .id(&cx.kept("access"))
            .by(BEA)
            .org("VOK01")
            .with(json!({ "email": cx.kept("bea") })),
    ]
}

// Oak Lodge is new to the portal: approving its manager records it, with its name.
pub async fn approved_for_a_new_organisation(cx: &mut Ctx) -> Vec<Expect> {
    let access = cx.kept("access");
    let approve = [("decision", "approve"), ("org_name", "Oak Lodge Care Home")];
    decide(cx, &access, &approve).await;
    vec![
        decided("manager_access.approve", &access, "pending", "approved"),
        expect("organisation_created", "organisation")
            .id("VOK01")
            .by(RACHEL)
            .org("VOK01")
            .with(json!({ "ods_code": "VOK01", "name": "Oak Lodge Care Home" })),
    ]
}

pub async fn signs_in_by_email_link(cx: &mut Ctx) -> Vec<Expect> {
    let token = ask(cx).await;
    let page = spend(cx, &token).await;
    assert_eq!(page.path(), "/organisation", "{}", page.body);
    let bea = Person {
        name: BEA.name,
        role: Some("Organisation manager at VOK01"),
    };
    vec![
        link_sent(cx),
        expect("signed_in", "person")
            .by(bea)
            .with(json!({ "method": "email_link" })),
    ]
}

// Her access is withdrawn (ending her session); another manager's is refused.
pub async fn revoked_and_rejected(cx: &mut Ctx) -> Vec<Expect> {
    let access = cx.kept("access");
    let why = [("decision", "revoke"), ("reason", "Left Oak Lodge")];
    decide(cx, &access, &why).await;
    let other = cx.portal.pending_access("VOK01").await.to_string();
    let why = [("decision", "reject"), ("reason", "Not a manager there")];
    decide(cx, &other, &why).await;
    vec![
        decided("manager_access.revoke", &access, "approved", "revoked")
            .with(json!({ "reason": "Left Oak Lodge", "sessions_ended": 1 })),
        decided("manager_access.reject", &other, "pending", "rejected")
            .with(json!({ "reason": "Not a manager there" })),
    ]
}

// An access review: a second manager is approved, Rachel starts the review, confirms
// Bea's access and withdraws the other's (ending it as the managers' page does, recorded
// first: the access's row is taken before the chain's head), and the last decision
// completes the review.
pub async fn access_review(cx: &mut Ctx) -> Vec<Expect> {
    let other = cx.portal.pending_access("VOK01").await.to_string();
    decide(cx, &other, &[("decision", "approve"), ("org_name", "")]).await;
    let (code, body) = cx.rachel.call("access-review/start", &[]).await;
    assert_eq!(code, 200, "{body}");
    let (_, page) = cx.rachel.call("access-review/get", &[]).await;
    let review = page["open"]["id"].as_str().unwrap().to_owned();
    let bea = cx.kept("access");
    for (access, decision, reason) in [
        (bea.as_str(), "confirm", "Still the home's manager"),
        (other.as_str(), "revoke", "Never took up the role"),
    ] {
        let fields = [
            ("review", review.as_str()),
            ("access", access),
            ("decision", decision),
            ("reason", reason),
        ];
        let (code, body) = cx.rachel.call("access-review/decide", &fields).await;
        assert_eq!(code, 200, "{decision}: {body}");
    }
    let about = |action| expect(action, "access_review").id(&review).by(RACHEL);
    vec![
        decided("manager_access.approve", &other, "pending", "approved"),
        about("access_review.started").with(json!({ "accesses": 2 })),
        about("access_review.confirmed")
            .with(json!({ "access": bea, "decision": "confirm", "ods_code": "VOK01" })),
        decided("manager_access.revoke", &other, "approved", "revoked")
            .with(json!({ "reason": "Never took up the role", "sessions_ended": 0 })),
        about("access_review.revoked").with(json!({ "access": other, "decision": "revoke" })),
        about("access_review.completed"),
    ]
}

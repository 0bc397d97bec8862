//! Signing in and out, refusals, back-channel logout and exports.

use ra_portal_tests::{SAM_RA_AGENT_ROLE, issuer, sandbox::provider_signed};

use super::*;

pub async fn sign_in(cx: &mut Ctx) -> Vec<Expect> {
    for (b, user, role, home) in [
        (&cx.rachel, "ra.manager", None, "/ra"),
        (&cx.sam, "ra.agent", Some(SAM_RA_AGENT_ROLE), "/ra"),
        (&cx.tom, "manager.meadowbank", None, "/organisation"),
        (&cx.grace, "auditor", None, "/audit"),
    ] {
        assert_eq!(b.sign_in(user, role).await.path(), home, "{user}");
    }
    let signed_in = |p: Person, subject: &str| {
        expect("signed_in", "person")
            .by(p)
            .with(json!({ "subject": subject }))
    };
    vec![
        signed_in(RACHEL, "555000000101"),
        signed_in(SAM, "555000000102").with(json!({
            "subject": "555000000102",
            "selected_roleid": SAM_RA_AGENT_ROLE,
        })),
        signed_in(TOM, "555000000104"),
        signed_in(GRACE, "555000000105"),
    ]
}

// Pat Jones signs in with a password only: refused, nobody to name.
pub async fn sign_in_refused(cx: &mut Ctx) -> Vec<Expect> {
    let page = cx.portal.browser().sign_in("aal1.user", None).await;
    assert_eq!(page.status, 400, "{}", page.body);
    vec![expect("sign_in_refused", "sign_in").with(json!({ "reason": "assurance" }))]
}

// A manager tries an RA officer's function.
pub async fn refused_access(cx: &mut Ctx) -> Vec<Expect> {
    let (code, _) = cx
        .tom
        .call(
            "allow-list/add",
            &[
                ("domain", "not-mine.org.uk"),
                ("ods_code", "VMB01"),
                ("note", ""),
                ("initial", "active"),
            ],
        )
        .await;
    assert_eq!(code, 403);
    vec![
        expect("access.refused", "access")
            .id("/api/allow-list/add")
            .by(TOM)
            .with(json!({ "method": "POST", "route": "/api/allow-list/add" })),
    ]
}

/// Downloads a CSV export; its data rows (the first table's, without the header).
async fn export(b: &Browser, path: &str) -> usize {
    let res = b.get_raw(&b.url(path)).await;
    assert_eq!(res.status(), 200, "{path}");
    let csv = res.text().await.unwrap();
    csv.split("\n\n").next().unwrap().lines().count() - 1
}

// The auditor takes the trail (filtered) and the device report; an RA officer the allow
// list. Each says how many rows left the portal, with which filters.
pub async fn exports(cx: &mut Ctx) -> Vec<Expect> {
    let sign_ins = cx.seen.iter().filter(|e| e.action == "signed_in").count();
    let trail = export(&cx.grace, "/api/audit/export.csv?action=signed_in").await;
    assert_eq!(trail, sign_ins, "one row a sign-in so far");
    assert_eq!(export(&cx.grace, "/api/audit/devices.csv").await, 1);
    let domains = export(&cx.rachel, "/api/allow-list/export.csv").await;
    assert!(domains >= 6, "{domains}");
    let exported = |p: Person, file: &str, rows: usize, filters: &str| {
        expect("export.csv", "export")
            .id(file)
            .by(p)
            .with(json!({ "file": file, "rows": rows, "filters": filters }))
    };
    vec![
        exported(GRACE, "audit-trail.csv", sign_ins, "action=signed_in"),
        exported(GRACE, "devices.csv", 1, ""),
        exported(RACHEL, "allow-list.csv", domains, ""),
    ]
}

pub async fn sign_out(cx: &mut Ctx) -> Vec<Expect> {
    let res = cx.tom.post_portal("/auth/logout").await;
    assert_eq!(res.status(), 303);
    vec![
        expect("signed_out", "person")
            .by(TOM)
            .with(json!({ "actor_name": "Tom Bell" })),
    ]
}

// CIS2 ends Sam's sessions. The token is signed by the sandbox provider and sent to this
// portal only: the sandbox's own `end_provider_sessions` would sign Sam out of every
// portal on the shared sandbox, other tests' too.
pub async fn back_channel_logout(cx: &mut Ctx) -> Vec<Expect> {
    let jti = ra_portal_tests::builders::unique("jti");
    let claims = json!({
        "iss": issuer(),
        "aud": cx.portal.client_id,
        "iat": chrono::Utc::now().timestamp(),
        "jti": jti,
        "sub": "555000000102",
        "events": { ra_domain::logout::LOGOUT_EVENT: {} },
    });
    let token = provider_signed(json!({}), claims).await;
    let res = reqwest::Client::new()
        .post(cx.portal.url("/auth/backchannel-logout"))
        .form(&[("logout_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (code, me) = cx.sam.call("session/whoami", &[]).await;
    assert_eq!(
        (code, me),
        (401, json!("SignedOutByCis2")),
        "Sam is signed out"
    );
    vec![
        expect("signed_out_by_cis2", "person")
            .by(Person {
                name: SAM.name,
                role: None,
            })
            .with(json!({ "jti": jti, "sub": "555000000102" })),
    ]
}

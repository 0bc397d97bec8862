//! At least twenty kinds of bad logout call, each named, each answered 400 with a JSON
//! `error` and no session ended.

use base64::Engine;

use super::*;
use ra_portal_tests::sandbox::provider_signed;

fn b64(v: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v)
}

/// A token signed with a key the provider does not have (the portal's own test key).
fn foreign_signed(kid: &str, claims: &Value) -> String {
    let pem = std::fs::read(ra_portal_tests::fixture("portal-signing.pem")).unwrap();
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(&pem).unwrap();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

/// The provider's published key, as a string (what an HMAC confusion attack signs with).
async fn provider_public_jwk() -> (String, String) {
    let discovery: Value = reqwest::get(format!("{}/.well-known/openid-configuration", issuer()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let jwks: Value = reqwest::get(discovery["jwks_uri"].as_str().unwrap())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = &jwks["keys"][0];
    (key["kid"].as_str().unwrap().to_owned(), key.to_string())
}

both!(
    bad_logout_calls_are_refused_and_end_nothing,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let b = sam(&portal).await;
        let sid = sids_of(&portal, SAM).await.pop().expect("Sam's sid");
        let good = || claims(&portal, Some(SAM), Some(&sid));
        let with = |f: &dyn Fn(&mut Value)| {
            let mut c = good();
            f(&mut c);
            c
        };
        let signed = |c: Value| async move { provider_signed(json!({}), c).await };
        let (kid, public) = provider_public_jwk().await;

        // A burst of unknown kids first: the provider's keys are fetched once for them all.
        for n in 0..20 {
            let (code, ..) =
                post_token(&portal, &foreign_signed(&format!("unknown-{n}"), &good())).await;
            assert_eq!(code, 400, "unknown kid {n}");
        }
        assert_eq!(
            portal.state.logout_keys.fetches(),
            1,
            "one fetch for the burst"
        );

        let mut kinds: Vec<(&str, Vec<u8>, &str)> = Vec::new();
        let form = |t: String| {
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("logout_token", &t)
                .finish()
                .into_bytes()
        };
        let urlenc = "application/x-www-form-urlencoded";
        let hmac = {
            let header = jsonwebtoken::Header {
                kid: Some(kid.clone()),
                ..jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256)
            };
            jsonwebtoken::encode(
                &header,
                &good(),
                &jsonwebtoken::EncodingKey::from_secret(public.as_bytes()),
            )
            .unwrap()
        };
        let none = format!(
            "{}.{}.",
            b64(br#"{"alg":"none"}"#),
            b64(good().to_string().as_bytes())
        );
        let cases: Vec<(&str, String)> = vec![
            ("unsigned (alg none)", none),
            ("HMAC-signed with the provider's public key as secret", hmac),
            (
                "signed by an unknown key under the provider's kid",
                foreign_signed(&kid, &good()),
            ),
            (
                "wrong iss",
                signed(with(&|c| c["iss"] = json!("https://evil.example/"))).await,
            ),
            (
                "the issuer spelled differently (as dropping CIS2's :443 would)",
                signed(with(&|c| c["iss"] = json!(format!("{}/", issuer())))).await,
            ),
            (
                "wrong aud",
                signed(with(&|c| c["aud"] = json!("another-client"))).await,
            ),
            (
                "stale iat",
                signed(with(&|c| {
                    c["iat"] = json!(chrono::Utc::now().timestamp() - 3600)
                }))
                .await,
            ),
            (
                "iat in the future",
                signed(with(&|c| {
                    c["iat"] = json!(chrono::Utc::now().timestamp() + 3600)
                }))
                .await,
            ),
            (
                "expired exp",
                signed(with(&|c| {
                    c["exp"] = json!(chrono::Utc::now().timestamp() - 1)
                }))
                .await,
            ),
            (
                "with nonce",
                signed(with(&|c| c["nonce"] = json!("n-1"))).await,
            ),
            (
                "without events",
                signed(with(&|c| {
                    c.as_object_mut().unwrap().remove("events");
                }))
                .await,
            ),
            (
                "wrong event member",
                signed(with(&|c| {
                    c["events"] = json!({ "http://schemas.openid.net/event/other": {} })
                }))
                .await,
            ),
            (
                "events not an object",
                signed(with(&|c| c["events"] = json!([LOGOUT_EVENT]))).await,
            ),
            (
                "event value not an object",
                signed(with(&|c| c["events"] = json!({ LOGOUT_EVENT: "yes" }))).await,
            ),
            (
                "neither sub nor sid",
                signed(with(&|c| {
                    let o = c.as_object_mut().unwrap();
                    o.remove("sub");
                    o.remove("sid");
                }))
                .await,
            ),
            (
                "no jti",
                signed(with(&|c| {
                    c.as_object_mut().unwrap().remove("jti");
                }))
                .await,
            ),
            (
                "typ of an access token",
                provider_signed(json!({ "typ": "at+jwt" }), good()).await,
            ),
            (
                "malformed JSON in a segment",
                format!("{}.{}.c2ln", b64(br#"{"alg":"RS256""#), b64(b"{")),
            ),
            ("not a JWT at all", "logout-now-please".to_owned()),
        ];
        for (what, token) in cases {
            kinds.push((what, form(token), urlenc));
        }
        kinds.push(("the parameter missing", b"token=abc".to_vec(), urlenc));
        kinds.push((
            "a wrong content type",
            serde_json::to_vec(&json!({ "logout_token": "x" })).unwrap(),
            "application/json",
        ));
        kinds.push(("an oversized body", form("x".repeat(40 * 1024)), urlenc));
        for (what, body, content_type) in &kinds {
            let (code, cache, answer) = post(&portal, content_type, body.clone()).await;
            let error: Value = serde_json::from_str(&answer).unwrap_or(Value::Null);
            assert_eq!(code, 400, "{what}: {answer}");
            assert!(error["error"].is_string(), "{what}: {answer}");
            assert_eq!(cache, "no-store", "{what}");
        }
        // GET instead of POST.
        let res = reqwest::get(portal.url(PATH)).await.unwrap();
        assert_eq!(res.status(), 400, "GET");
        assert!(res.text().await.unwrap().contains("\"error\""));
        assert!(kinds.len() + 1 >= 20, "{} kinds", kinds.len() + 1);

        // Nothing was ended, and the refused tokens were not remembered.
        assert!(signed_in(&b).await, "Sam is still signed in");
        assert_eq!(sids_of(&portal, SAM).await, std::slice::from_ref(&sid));
        assert_eq!(portal.count("SELECT COUNT(*) FROM logout_tokens").await, 0);

        // A replayed jti: accepted once (ending Sam's session), refused the second time.
        let token = signed(claims(&portal, Some(SAM), Some(&sid))).await;
        assert_eq!(post_token(&portal, &token).await.0, 200);
        let (code, _, answer) = post_token(&portal, &token).await;
        assert_eq!(code, 400, "replayed jti: {answer}");
        assert!(answer.contains("used before"), "{answer}");
    }
);

//! Reading a logout token's header and claims before its signature is checked: the
//! compact JWS form, base64url segments of JSON, and the claims as the rules need them.
//! Untrusted input from the network; fuzzed (`fuzz/fuzz_targets/logout_token.rs`).

use base64::Engine;
use serde_json::Value;

use super::{Events, LOGOUT_EVENT, LogoutClaims};

/// A token that is not even shaped like one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    #[error("not a JWS in compact form")]
    NotAJws,
    #[error("a segment is not base64url JSON")]
    BadSegment,
}

/// The parts of a token, unverified: what the signature check and the rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unverified {
    pub kid: Option<String>,
    pub claims: LogoutClaims,
}

fn segment(part: &str) -> Result<Value, Malformed> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| Malformed::BadSegment)?;
    serde_json::from_slice(&bytes).map_err(|_| Malformed::BadSegment)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The header's `kid` and the claims of a compact JWS (`header.payload.signature`).
pub fn read(token: &str) -> Result<Unverified, Malformed> {
    let parts: Vec<&str> = token.trim().split('.').collect();
    let [header, payload, _] = parts[..] else {
        return Err(Malformed::NotAJws);
    };
    let header = segment(header)?;
    let claims = segment(payload)?;
    Ok(Unverified {
        kid: text(&header, "kid"),
        claims: claims_of(&header, &claims),
    })
}

/// The claims as the rules read them.
pub fn claims_of(header: &Value, c: &Value) -> LogoutClaims {
    let aud = match c.get("aud") {
        Some(Value::String(a)) => vec![a.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    let events = match c.get("events") {
        None => Events::Missing,
        Some(Value::Object(e)) => match e.get(LOGOUT_EVENT) {
            None => Events::WithoutLogout,
            Some(Value::Object(_)) => Events::Logout,
            Some(_) => Events::LogoutNotAnObject,
        },
        Some(_) => Events::NotAnObject,
    };
    LogoutClaims {
        alg: text(header, "alg").unwrap_or_default(),
        typ: text(header, "typ"),
        iss: text(c, "iss"),
        aud,
        iat: c.get("iat").and_then(Value::as_i64),
        exp: c.get("exp").and_then(Value::as_i64),
        jti: text(c, "jti"),
        sub: text(c, "sub"),
        sid: text(c, "sid"),
        has_nonce: c.get("nonce").is_some(),
        events,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_read_as_the_rules_need_them() {
        let header = serde_json::json!({ "alg": "RS256", "typ": "logout+jwt", "kid": "k" });
        let c = claims_of(
            &header,
            &serde_json::json!({
                "iss": "i", "aud": ["a", "b"], "iat": 10, "jti": "j", "sid": "s",
                "events": { LOGOUT_EVENT: {} }
            }),
        );
        assert_eq!(c.aud, ["a", "b"]);
        assert_eq!(c.events, Events::Logout);
        assert_eq!(
            (c.sub, c.sid.as_deref(), c.exp, c.has_nonce),
            (None, Some("s"), None, false)
        );
        for (events, shape) in [
            (serde_json::json!([]), Events::NotAnObject),
            (serde_json::json!({ "other": {} }), Events::WithoutLogout),
            (
                serde_json::json!({ LOGOUT_EVENT: true }),
                Events::LogoutNotAnObject,
            ),
        ] {
            let c = claims_of(
                &header,
                &serde_json::json!({ "events": events, "aud": "a" }),
            );
            assert_eq!((c.events, c.aud), (shape, vec!["a".to_owned()]));
        }
    }

    #[test]
    fn shapes_that_are_not_tokens_are_named() {
        assert_eq!(read("not a jwt"), Err(Malformed::NotAJws));
        assert_eq!(read("a.b.c.d"), Err(Malformed::NotAJws));
        assert_eq!(read("a.b.c"), Err(Malformed::BadSegment));
        let b64 = |v: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
        let t = read(&format!(
            "{}.{}.",
            b64(r#"{"alg":"none","kid":"k"}"#),
            b64("{}")
        ))
        .expect("read");
        assert_eq!(
            (t.kid.as_deref(), t.claims.alg.as_str()),
            (Some("k"), "none")
        );
    }
}

//! Reading a back-channel logout token: its header, its signature against the
//! provider's JWKS (fetched again on an unknown `kid`, at most once per interval, so a
//! flood of unknown kids cannot hammer the provider), and its claims, which
//! `ra_domain::logout` then judges.

use std::{
    collections::HashSet,
    time::{Duration, Instant},
};

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::JwkSet};
use ra_domain::logout::{ALGORITHMS, Events, LOGOUT_EVENT, LogoutClaims};
use serde_json::Value;
use tokio::sync::Mutex;

/// The shortest time between two fetches of the provider's keys.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(30);

/// Why a token could not be read or its signature not verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("not a JWS in compact form")]
    NotAJws,
    #[error("a segment is not base64url JSON")]
    BadSegment,
    #[error("the signing algorithm {0:?} is not accepted")]
    Algorithm(String),
    #[error("no kid, or a kid the provider does not publish")]
    UnknownKey,
    #[error("the signature does not verify")]
    Signature,
    #[error("the provider's keys could not be fetched: {0}")]
    Provider(String),
}

struct Cached {
    keys: JwkSet,
    fetched: Option<Instant>,
}

/// The provider's signing keys, shared by every logout call of this instance.
pub struct ProviderKeys {
    jwks_uri: String,
    http: reqwest::Client,
    cached: Mutex<Cached>,
    fetches: std::sync::atomic::AtomicU64,
}

fn segment(part: &str) -> Result<Value, ReadError> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| ReadError::BadSegment)?;
    serde_json::from_slice(&bytes).map_err(|_| ReadError::BadSegment)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The claims as the domain rules read them.
fn claims_of(header: &Value, c: &Value) -> LogoutClaims {
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

impl ProviderKeys {
    pub fn new(jwks_uri: String, http: reqwest::Client) -> Self {
        Self {
            jwks_uri,
            http,
            cached: Mutex::new(Cached {
                keys: JwkSet { keys: Vec::new() },
                fetched: None,
            }),
            fetches: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// How many times the keys were fetched (for tests of the refetch limit).
    pub fn fetches(&self) -> u64 {
        self.fetches.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The key for `kid`: from the cache, or after one fetch if the cache is older than
    /// [`REFETCH_INTERVAL`]. Calls wait for one another, so a burst fetches once.
    async fn key(&self, kid: &str) -> Result<DecodingKey, ReadError> {
        let mut cached = self.cached.lock().await;
        if cached.keys.find(kid).is_none()
            && cached
                .fetched
                .is_none_or(|t| t.elapsed() >= REFETCH_INTERVAL)
        {
            cached.fetched = Some(Instant::now());
            self.fetches
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let fetched = async {
                self.http
                    .get(&self.jwks_uri)
                    .send()
                    .await?
                    .error_for_status()?
                    .json::<JwkSet>()
                    .await
            }
            .await
            .map_err(|e| ReadError::Provider(e.to_string()))?;
            cached.keys = fetched;
        }
        let jwk = cached.keys.find(kid).ok_or(ReadError::UnknownKey)?;
        DecodingKey::from_jwk(jwk).map_err(|_| ReadError::UnknownKey)
    }

    /// The token's claims, once its header is acceptable and its signature verifies.
    pub async fn read(&self, token: &str) -> Result<LogoutClaims, ReadError> {
        let parts: Vec<&str> = token.trim().split('.').collect();
        let [header, payload, _] = parts[..] else {
            return Err(ReadError::NotAJws);
        };
        let header = segment(header)?;
        let claims = segment(payload)?;
        let alg = text(&header, "alg").unwrap_or_default();
        // Never `none`, never HMAC: only the provider's asymmetric algorithms.
        if !ALGORITHMS.contains(&alg.as_str()) {
            return Err(ReadError::Algorithm(alg));
        }
        let algorithm: Algorithm = alg.parse().map_err(|_| ReadError::Algorithm(alg.clone()))?;
        let kid = text(&header, "kid").ok_or(ReadError::UnknownKey)?;
        let key = self.key(&kid).await?;
        // Only the signature here: the claims are the domain's to judge.
        let mut v = Validation::new(algorithm);
        v.required_spec_claims = HashSet::new();
        v.validate_exp = false;
        v.validate_nbf = false;
        v.validate_aud = false;
        jsonwebtoken::decode::<Value>(token.trim(), &key, &v).map_err(|_| ReadError::Signature)?;
        Ok(claims_of(&header, &claims))
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

    #[tokio::test]
    async fn malformed_and_unacceptable_tokens_are_refused_before_any_key_is_fetched() {
        let keys = ProviderKeys::new("http://127.0.0.1:9/none".into(), reqwest::Client::new());
        let b64 = |v: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
        let none = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64("{}"));
        let hmac = format!("{}.{}.c2ln", b64(r#"{"alg":"HS256","kid":"k"}"#), b64("{}"));
        assert_eq!(keys.read("not a jwt").await, Err(ReadError::NotAJws));
        assert_eq!(keys.read("a.b.c").await, Err(ReadError::BadSegment));
        assert_eq!(
            keys.read(&none).await,
            Err(ReadError::Algorithm("none".into()))
        );
        assert_eq!(
            keys.read(&hmac).await,
            Err(ReadError::Algorithm("HS256".into()))
        );
        assert_eq!(keys.fetches(), 0);
    }
}

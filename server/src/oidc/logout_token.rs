//! Reading a back-channel logout token: its header, its signature against the
//! provider's JWKS (fetched again on an unknown `kid`, at most once per interval, so a
//! flood of unknown kids cannot hammer the provider), and its claims, which
//! `ra_domain::logout` then judges.

use std::{
    collections::HashSet,
    time::{Duration, Instant},
};

use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::JwkSet};
use ra_domain::logout::{ALGORITHMS, LogoutClaims, token};
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
        let unverified = token::read(token).map_err(|e| match e {
            token::Malformed::NotAJws => ReadError::NotAJws,
            token::Malformed::BadSegment => ReadError::BadSegment,
        })?;
        let alg = unverified.claims.alg.clone();
        // Never `none`, never HMAC: only the provider's asymmetric algorithms.
        if !ALGORITHMS.contains(&alg.as_str()) {
            return Err(ReadError::Algorithm(alg));
        }
        let algorithm: Algorithm = alg.parse().map_err(|_| ReadError::Algorithm(alg.clone()))?;
        let kid = unverified.kid.ok_or(ReadError::UnknownKey)?;
        let key = self.key(&kid).await?;
        // Only the signature here: the claims are the domain's to judge.
        let mut v = Validation::new(algorithm);
        v.required_spec_claims = HashSet::new();
        v.validate_exp = false;
        v.validate_nbf = false;
        v.validate_aud = false;
        jsonwebtoken::decode::<serde_json::Value>(token.trim(), &key, &v)
            .map_err(|_| ReadError::Signature)?;
        Ok(unverified.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn malformed_and_unacceptable_tokens_are_refused_before_any_key_is_fetched() {
        use base64::Engine;
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

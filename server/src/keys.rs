//! The portal's own signing keys, for `private_key_jwt` client authentication.
//!
//! The current key signs client assertions (RS512). A second, next key may be configured:
//! both are published at `/.well-known/jwks.json`, so the provider can learn the next key
//! before the portal switches to it.

use std::path::Path;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::{
    RsaPrivateKey, pkcs1::DecodeRsaPrivateKey, pkcs8::DecodePrivateKey, traits::PublicKeyParts,
};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::config::ConfigError;

pub struct SigningKey {
    pub kid: String,
    encoding: EncodingKey,
    jwk: Value,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    pub fn load(setting: &'static str, path: &Path) -> Result<Self, ConfigError> {
        let pem = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::new(setting, format!("cannot read {}: {e}", path.display()))
        })?;
        Self::from_pem(&pem)
            .map_err(|e| ConfigError::new(setting, format!("{}: {e}", path.display())))
    }

    pub fn from_pem(pem: &str) -> Result<Self, String> {
        let key = RsaPrivateKey::from_pkcs8_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem))
            .map_err(|_| "not an RSA private key in PEM (PKCS#8 or PKCS#1)".to_owned())?;
        if key.size() < 256 {
            return Err("RSA keys must be at least 2048 bits".to_owned());
        }
        let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
        let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
        // RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order.
        let thumbprint_input = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
        let kid = URL_SAFE_NO_PAD.encode(Sha256::digest(thumbprint_input.as_bytes()));
        let encoding = EncodingKey::from_rsa_pem(pem.as_bytes())
            .map_err(|e| format!("unusable RSA key: {e}"))?;
        let jwk = json!({ "kty": "RSA", "use": "sig", "alg": "RS512", "kid": kid, "n": n, "e": e });
        Ok(Self { kid, encoding, jwk })
    }

    /// A `private_key_jwt` client assertion (RFC 7523): single use, five minutes, for `aud`.
    pub fn client_assertion(
        &self,
        client_id: &str,
        audience: &str,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        #[derive(Serialize)]
        struct Claims<'a> {
            iss: &'a str,
            sub: &'a str,
            aud: &'a str,
            jti: String,
            iat: i64,
            exp: i64,
        }
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: client_id,
            sub: client_id,
            aud: audience,
            jti: uuid::Uuid::new_v4().to_string(),
            iat: now,
            exp: now + 300,
        };
        let mut header = Header::new(Algorithm::RS512);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding)
    }
}

/// The current key and, during rollover, the next one.
#[derive(Debug)]
pub struct KeySet {
    pub current: SigningKey,
    pub next: Option<SigningKey>,
}

impl KeySet {
    /// The public JWKS document served at `/.well-known/jwks.json`.
    pub fn jwks(&self) -> Value {
        let keys: Vec<&Value> = std::iter::once(&self.current.jwk)
            .chain(self.next.as_ref().map(|k| &k.jwk))
            .collect();
        json!({ "keys": keys })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = include_str!("../../tests/fixtures/portal-signing.pem");
    const NEXT: &str = include_str!("../../tests/fixtures/portal-signing-next.pem");

    #[test]
    fn jwks_publishes_public_parts_only_with_thumbprint_kids() {
        let set = KeySet {
            current: SigningKey::from_pem(KEY).expect("fixture key"),
            next: Some(SigningKey::from_pem(NEXT).expect("fixture key")),
        };
        let jwks = set.jwks();
        let keys = jwks["keys"].as_array().expect("keys array");
        assert_eq!(keys.len(), 2);
        assert_ne!(keys[0]["kid"], keys[1]["kid"]);
        for k in keys {
            assert_eq!(k["kty"], "RSA");
            assert_eq!(k["alg"], "RS512");
            assert!(
                k.get("d").is_none(),
                "private exponent must never be published"
            );
        }
    }

    #[test]
    fn client_assertion_verifies_against_the_published_key() {
        let key = SigningKey::from_pem(KEY).expect("fixture key");
        let jwt = key
            .client_assertion("ra-portal", "https://idp.example/token")
            .expect("signs");
        let header = jsonwebtoken::decode_header(&jwt).expect("header");
        assert_eq!(header.alg, Algorithm::RS512);
        assert_eq!(header.kid.as_deref(), Some(key.kid.as_str()));
        let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(key.jwk.clone()).expect("jwk");
        let decoding = jsonwebtoken::DecodingKey::from_jwk(&jwk).expect("decoding key");
        let mut validation = jsonwebtoken::Validation::new(Algorithm::RS512);
        validation.set_audience(&["https://idp.example/token"]);
        validation.set_issuer(&["ra-portal"]);
        let data =
            jsonwebtoken::decode::<Value>(&jwt, &decoding, &validation).expect("valid assertion");
        assert_eq!(data.claims["sub"], "ra-portal");
        let lifetime =
            data.claims["exp"].as_i64().unwrap_or(0) - data.claims["iat"].as_i64().unwrap_or(0);
        assert_eq!(lifetime, 300);
        let other = key
            .client_assertion("ra-portal", "https://idp.example/token")
            .expect("signs");
        let jti = |t: &str| {
            jsonwebtoken::dangerous::insecure_decode::<Value>(t)
                .map(|d| d.claims["jti"].clone())
                .ok()
        };
        assert_ne!(jti(&jwt), jti(&other), "each assertion has a fresh jti");
    }

    #[test]
    fn non_keys_are_refused_clearly() {
        assert_eq!(
            SigningKey::from_pem("hello").err().as_deref(),
            Some("not an RSA private key in PEM (PKCS#8 or PKCS#1)")
        );
    }
}

//! Encryption at rest for TOTP secrets (AES-256-GCM), and hashing of one-time tokens.

use std::sync::Arc;

use aes_gcm::{
    Aes256Gcm, KeyInit, Nonce,
    aead::{Aead, AeadCore, OsRng},
};
use base64::Engine;
use sha2::{Digest, Sha256};

/// Seals and opens secrets with the key from `RA_TOTP_KEY_FILE`. Never printed.
#[derive(Clone)]
pub struct SecretBox(Arc<Aes256Gcm>);

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(..)")
    }
}

const NONCE_LEN: usize = 12;

impl SecretBox {
    /// A key written as base64 of 32 random bytes (`openssl rand -base64 32`).
    pub fn from_base64(text: &str) -> Result<Self, String> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|_| "the key is not base64".to_owned())?;
        let cipher = Aes256Gcm::new_from_slice(&bytes)
            .map_err(|_| format!("the key has {} bytes; it needs 32", bytes.len()))?;
        Ok(Self(Arc::new(cipher)))
    }

    /// Nonce followed by ciphertext and tag.
    pub fn seal(&self, plain: &[u8]) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let mut out = nonce.to_vec();
        // Encryption into a Vec cannot fail for inputs of this size.
        out.extend(self.0.encrypt(&nonce, plain).unwrap_or_default());
        out
    }

    pub fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        self.0.decrypt(Nonce::from_slice(nonce), body).ok()
    }
}

/// What is stored for a one-time token or code: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A random URL-safe token of 32 bytes.
pub fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A six-digit code for email.
pub fn new_code() -> String {
    use rand::Rng;
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    #[test]
    fn sealed_secrets_open_only_with_their_key() {
        let b = SecretBox::from_base64(KEY).expect("key");
        let sealed = b.seal(b"twenty byte secret!!");
        assert_ne!(&sealed[NONCE_LEN..], b"twenty byte secret!!");
        assert_eq!(
            b.open(&sealed).as_deref(),
            Some(&b"twenty byte secret!!"[..])
        );
        let other =
            SecretBox::from_base64("MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=").expect("key");
        assert_eq!(other.open(&sealed), None);
        let mut tampered = sealed.clone();
        tampered[NONCE_LEN] ^= 1;
        assert_eq!(b.open(&tampered), None);
        assert!(SecretBox::from_base64("c2hvcnQ=").is_err());
    }

    #[test]
    fn tokens_and_codes() {
        assert_eq!(new_code().len(), 6);
        assert_ne!(new_token(), new_token());
        assert_eq!(token_hash("abc").len(), 64);
    }
}

//! CIS2 sign-in as an OpenID Connect relying party.
//!
//! Authorization code flow with PKCE (S256), `state`, `nonce` and `acr_values`; endpoints
//! from discovery; client authentication by `private_key_jwt` (or `client_secret_post`);
//! ID token checked for signature, exact issuer, audience, expiry, nonce and `acr`; the
//! userinfo `sub` must equal the ID token's. `openidconnect` does the protocol work;
//! this module adds what it lacks (client assertions, JWKS refresh, CIS2 claims).

mod claims;
mod client;
pub mod logout_token;
mod provider_http;

pub use claims::{CisIdentity, NhsClaims, UserOrg};
pub use client::{Oidc, OidcError, SignInError};

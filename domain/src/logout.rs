//! Which back-channel logout tokens the portal accepts: OpenID Connect Back-Channel
//! Logout 1.0 incorporating errata set 1, §2.6, with the one allowance CIS2 needs.
//!
//! The server checks the signature against the provider's keys and hands the decoded
//! header and claims here. Accepted: a JWS signed with an asymmetric algorithm (never
//! `none`, never HMAC); `typ` absent, `JWT` or `logout+jwt`; `iss` exactly the configured
//! issuer; `aud` holding the client id; `iat` within the allowed window and not in the
//! future; `exp`, when present, in the future; `events` an object whose
//! back-channel-logout member is an object; `sub` or `sid`; no `nonce`; a `jti`.
//!
//! **The allowance:** errata 1 makes `exp` required, but CIS2 runs ForgeRock/PingAM,
//! which implements draft 06, where `exp` does not exist: a token without `exp` is
//! accepted, bounded instead by the `iat` window (and its `jti` kept for that long).

use chrono::{DateTime, Duration, Utc};

pub mod token;

/// The member of `events` that makes a JWT a logout token.
pub const LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// The signing algorithms accepted: those CIS2 signs ID tokens with, all asymmetric.
pub const ALGORITHMS: &[&str] = &["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];

/// The shape of a token's `events` claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Events {
    Missing,
    NotAnObject,
    /// An object without the logout member.
    WithoutLogout,
    /// The logout member is there but is not an object.
    LogoutNotAnObject,
    Logout,
}

/// A token's header and claims as read from it (the server decodes the JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutClaims {
    pub alg: String,
    pub typ: Option<String>,
    pub iss: Option<String>,
    /// `aud` as a list (a single string is a list of one).
    pub aud: Vec<String>,
    pub iat: Option<i64>,
    pub exp: Option<i64>,
    pub jti: Option<String>,
    pub sub: Option<String>,
    pub sid: Option<String>,
    pub has_nonce: bool,
    pub events: Events,
}

/// What the portal expects of a logout token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// How old `iat` may be.
    pub max_age: Duration,
    /// How far in the future `iat` may be (clock skew).
    pub skew: Duration,
    pub now: DateTime<Utc>,
}

/// Whose sessions a valid token ends, and how long its `jti` must be remembered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logout {
    pub jti: String,
    /// Both may be present; with only `sub`, every CIS2 session of the person ends.
    pub sub: Option<String>,
    pub sid: Option<String>,
    /// After this a replay would be refused anyway (by `iat` or `exp`).
    pub remember_until: DateTime<Utc>,
}

/// Why a token is refused. Logged (never the token itself); the caller gets `400`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the signing algorithm {0:?} is not accepted")]
    Algorithm(String),
    #[error("the header's typ {0:?} is not JWT or logout+jwt")]
    Type(String),
    #[error("iss is missing or not the configured issuer")]
    Issuer,
    #[error("aud does not hold this client")]
    Audience,
    #[error("iat is missing")]
    NoIssuedAt,
    #[error("iat is too old")]
    Stale,
    #[error("iat is in the future")]
    FromTheFuture,
    #[error("exp has passed")]
    Expired,
    #[error("jti is missing")]
    NoId,
    #[error("neither sub nor sid is present")]
    NoSubject,
    #[error("nonce must not be present")]
    Nonce,
    #[error("events is missing")]
    NoEvents,
    #[error("events is not an object")]
    EventsNotObject,
    #[error("events has no back-channel logout member")]
    NotALogout,
    #[error("the back-channel logout event is not an object")]
    EventNotObject,
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Checks everything but the signature (already verified by the caller).
pub fn check(c: &LogoutClaims, e: &Expected<'_>) -> Result<Logout, Refusal> {
    if !ALGORITHMS.contains(&c.alg.as_str()) {
        return Err(Refusal::Algorithm(c.alg.clone()));
    }
    if let Some(typ) = c
        .typ
        .as_deref()
        .filter(|t| !matches!(*t, "JWT" | "logout+jwt"))
    {
        return Err(Refusal::Type(typ.to_owned()));
    }
    if c.iss.as_deref() != Some(e.issuer) {
        return Err(Refusal::Issuer);
    }
    if !c.aud.iter().any(|a| a == e.client_id) {
        return Err(Refusal::Audience);
    }
    let iat = at(c.iat.ok_or(Refusal::NoIssuedAt)?);
    if iat > e.now + e.skew {
        return Err(Refusal::FromTheFuture);
    }
    if iat < e.now - e.max_age {
        return Err(Refusal::Stale);
    }
    let exp = c.exp.map(at);
    if exp.is_some_and(|exp| exp <= e.now) {
        return Err(Refusal::Expired);
    }
    if c.has_nonce {
        return Err(Refusal::Nonce);
    }
    match c.events {
        Events::Missing => return Err(Refusal::NoEvents),
        Events::NotAnObject => return Err(Refusal::EventsNotObject),
        Events::WithoutLogout => return Err(Refusal::NotALogout),
        Events::LogoutNotAnObject => return Err(Refusal::EventNotObject),
        Events::Logout => {}
    }
    if c.sub.is_none() && c.sid.is_none() {
        return Err(Refusal::NoSubject);
    }
    let jti = c
        .jti
        .clone()
        .filter(|j| !j.is_empty())
        .ok_or(Refusal::NoId)?;
    let by_iat = iat + e.max_age + e.skew;
    Ok(Logout {
        jti,
        sub: c.sub.clone(),
        sid: c.sid.clone(),
        remember_until: exp.map_or(by_iat, |exp| exp.max(by_iat)),
    })
}

#[cfg(test)]
mod tests;

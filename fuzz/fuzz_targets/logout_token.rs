//! Back-channel logout tokens from the network (`logout::token::read`, then
//! `logout::check` with fixed expectations). Never panics; an accepted token names a
//! subject or session, has a `jti`, and is remembered until after `now`.
#![no_main]

use chrono::{DateTime, Duration, Utc};
use libfuzzer_sys::fuzz_target;
use ra_domain::logout::{self, Expected, token};

/// The fixed clock: 2025-06-15T15:06:40Z. The seed tokens are issued just before it.
const NOW: i64 = 1_750_000_000;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(u) = token::read(s) else {
        return;
    };
    let now = DateTime::<Utc>::from_timestamp(NOW, 0).expect("valid time");
    let expected = Expected {
        issuer: "https://issuer.example",
        client_id: "ra-portal",
        max_age: Duration::minutes(5),
        skew: Duration::seconds(60),
        now,
    };
    let Ok(l) = logout::check(&u.claims, &expected) else {
        return;
    };
    assert!(l.sub.is_some() || l.sid.is_some());
    assert!(!l.jti.is_empty());
    assert_eq!(Some(&l.jti), u.claims.jti.as_ref());
    assert_eq!((&l.sub, &l.sid), (&u.claims.sub, &u.claims.sid));
    assert!(logout::ALGORITHMS.contains(&u.claims.alg.as_str()));
    assert!(!u.claims.has_nonce);
    // Remembered at least until a replay would be refused by the iat window.
    assert!(l.remember_until > now, "{l:?}");
});

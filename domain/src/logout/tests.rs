use super::*;

const ISSUER: &str = "https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z")
        .expect("time")
        .to_utc()
}

fn expected() -> Expected<'static> {
    Expected {
        issuer: ISSUER,
        client_id: "ra-portal",
        max_age: Duration::minutes(5),
        skew: Duration::seconds(60),
        now: now(),
    }
}

/// A token CIS2 could send: draft 06, so no `exp` and no `typ`.
fn cis2() -> LogoutClaims {
    LogoutClaims {
        alg: "RS256".into(),
        typ: None,
        iss: Some(ISSUER.into()),
        aud: vec!["ra-portal".into()],
        iat: Some(now().timestamp() - 10),
        exp: None,
        jti: Some("j-1".into()),
        sub: Some("555000000102".into()),
        sid: Some("s-1".into()),
        has_nonce: false,
        events: Events::Logout,
    }
}

#[test]
fn a_cis2_token_without_exp_or_typ_ends_its_sid_and_is_remembered_past_its_window() {
    let l = check(&cis2(), &expected()).expect("accepted");
    assert_eq!(l.sid.as_deref(), Some("s-1"));
    assert_eq!(l.sub.as_deref(), Some("555000000102"));
    assert_eq!(
        l.remember_until,
        now() - Duration::seconds(10) + Duration::minutes(5) + Duration::seconds(60)
    );
    let mut errata = cis2();
    errata.typ = Some("logout+jwt".into());
    errata.exp = Some(now().timestamp() + 3600);
    let l = check(&errata, &expected()).expect("accepted");
    assert_eq!(l.remember_until, now() + Duration::hours(1));
}

/// (what, how the token is spoilt, the refusal).
type Case = (&'static str, Box<dyn Fn(&mut LogoutClaims)>, Refusal);

#[test]
fn every_rule_refuses_its_own_kind_of_bad_token() {
    let cases: Vec<Case> = vec![
        (
            "alg none",
            Box::new(|c| c.alg = "none".into()),
            Refusal::Algorithm("none".into()),
        ),
        (
            "HMAC",
            Box::new(|c| c.alg = "HS256".into()),
            Refusal::Algorithm("HS256".into()),
        ),
        (
            "ID token typ",
            Box::new(|c| c.typ = Some("at+jwt".into())),
            Refusal::Type("at+jwt".into()),
        ),
        ("no issuer", Box::new(|c| c.iss = None), Refusal::Issuer),
        (
            "issuer without :443",
            Box::new(|c| c.iss = Some(ISSUER.replace(":443", ""))),
            Refusal::Issuer,
        ),
        (
            "another audience",
            Box::new(|c| c.aud = vec!["other".into()]),
            Refusal::Audience,
        ),
        ("no iat", Box::new(|c| c.iat = None), Refusal::NoIssuedAt),
        (
            "stale iat",
            Box::new(|c| c.iat = Some(now().timestamp() - 301)),
            Refusal::Stale,
        ),
        (
            "iat in the future",
            Box::new(|c| c.iat = Some(now().timestamp() + 61)),
            Refusal::FromTheFuture,
        ),
        (
            "expired",
            Box::new(|c| c.exp = Some(now().timestamp())),
            Refusal::Expired,
        ),
        ("nonce", Box::new(|c| c.has_nonce = true), Refusal::Nonce),
        (
            "no events",
            Box::new(|c| c.events = Events::Missing),
            Refusal::NoEvents,
        ),
        (
            "events not an object",
            Box::new(|c| c.events = Events::NotAnObject),
            Refusal::EventsNotObject,
        ),
        (
            "another event",
            Box::new(|c| c.events = Events::WithoutLogout),
            Refusal::NotALogout,
        ),
        (
            "event not an object",
            Box::new(|c| c.events = Events::LogoutNotAnObject),
            Refusal::EventNotObject,
        ),
        (
            "neither sub nor sid",
            Box::new(|c| {
                c.sub = None;
                c.sid = None;
            }),
            Refusal::NoSubject,
        ),
        ("no jti", Box::new(|c| c.jti = None), Refusal::NoId),
    ];
    for (what, spoil, refusal) in cases {
        let mut c = cis2();
        spoil(&mut c);
        assert_eq!(check(&c, &expected()), Err(refusal), "{what}");
    }
}

#[test]
fn sub_alone_or_sid_alone_is_enough_and_audience_may_be_a_list() {
    let mut by_sub = cis2();
    by_sub.sid = None;
    by_sub.aud = vec!["someone-else".into(), "ra-portal".into()];
    assert!(check(&by_sub, &expected()).is_ok());
    let mut by_sid = cis2();
    by_sid.sub = None;
    by_sid.typ = Some("JWT".into());
    assert!(check(&by_sid, &expected()).is_ok());
    // At the edges of the window.
    let mut edge = cis2();
    edge.iat = Some(now().timestamp() - 300);
    assert!(check(&edge, &expected()).is_ok());
    edge.iat = Some(now().timestamp() + 60);
    assert!(check(&edge, &expected()).is_ok());
}

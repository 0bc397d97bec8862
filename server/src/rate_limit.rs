//! Per-address rate limits on the endpoints anyone can call: starting a sign-in, asking
//! for a manager's sign-in link, spending one, the enrolment steps, and CIS2's
//! back-channel logout. Each (endpoint group, client address) has a bucket of `burst`
//! calls refilled at `per_minute`; an empty bucket answers 429 with `Retry-After`. The
//! address comes through the trusted-proxy rule. Buckets are per instance, which is
//! what a limit against one client's flood needs.

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use app::{AppError, rights::paths};
use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};

use ipnet::IpNet;

/// The endpoints limited together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    SignIn,
    ManagerLink,
    EmailLink,
    Enrolment,
    Logout,
}

impl Group {
    pub fn of(path: &str) -> Option<Self> {
        match path {
            paths::LOGIN => Some(Group::SignIn),
            "/api/manager-access/ask" => Some(Group::ManagerLink),
            paths::EMAIL_LINK => Some(Group::EmailLink),
            paths::BACKCHANNEL_LOGOUT => Some(Group::Logout),
            p if p.starts_with("/api/enrolment/") => Some(Group::Enrolment),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_minute: u32,
    pub burst: u32,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

pub struct RateLimiter {
    people: Rate,
    logout: Rate,
    buckets: Mutex<HashMap<(Group, IpAddr), Bucket>>,
}

impl RateLimiter {
    /// `people` for the endpoints browsers call; `logout` for CIS2's servers, which send
    /// many logouts at once when many sessions end together.
    pub fn new(people: Rate, logout: Rate) -> Self {
        Self {
            people,
            logout,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one call from the bucket, or says how long until there is one.
    pub fn take(&self, group: Group, from: IpAddr, now: Instant) -> Result<(), Duration> {
        let rate = if group == Group::Logout {
            self.logout
        } else {
            self.people
        };
        let per_second = f64::from(rate.per_minute.max(1)) / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 100_000 {
            // Forget full buckets rather than grow without bound under a spread flood.
            buckets.retain(|_, b| {
                now.duration_since(b.at).as_secs_f64() * per_second < f64::from(rate.burst)
            });
        }
        let b = buckets.entry((group, from)).or_insert(Bucket {
            tokens: f64::from(rate.burst),
            at: now,
        });
        let refill = now.duration_since(b.at).as_secs_f64() * per_second;
        b.tokens = (b.tokens + refill).min(f64::from(rate.burst));
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - b.tokens) / per_second))
        }
    }
}

/// What the middleware needs: the limiter and which proxies' `X-Forwarded-For` to believe.
#[derive(Clone)]
pub struct Limiting {
    pub limiter: Arc<RateLimiter>,
    pub trusted_proxies: Arc<[IpNet]>,
}

pub async fn middleware(State(state): State<Limiting>, req: Request, next: Next) -> Response {
    let Some(group) = Group::of(req.uri().path()) else {
        return next.run(req).await;
    };
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>();
    let Some(from) = crate::client_addr::of_request(req.headers(), peer, &state.trusted_proxies)
    else {
        return next.run(req).await;
    };
    match state.limiter.take(group, from, Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            tracing::warn!(?group, %from, "rate limit reached");
            AppError::TooManyRequests(wait.as_secs().max(1)).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_one_call_per_interval_for_each_address_and_group() {
        let limiter = RateLimiter::new(
            Rate {
                per_minute: 6,
                burst: 2,
            },
            Rate {
                per_minute: 600,
                burst: 100,
            },
        );
        let (a, b): (IpAddr, IpAddr) = (
            "198.51.100.1".parse().expect("ip"),
            "198.51.100.2".parse().expect("ip"),
        );
        let t0 = Instant::now();
        assert!(limiter.take(Group::SignIn, a, t0).is_ok());
        assert!(limiter.take(Group::SignIn, a, t0).is_ok());
        let wait = limiter.take(Group::SignIn, a, t0).expect_err("empty");
        assert_eq!(wait.as_secs(), 10, "six a minute: one every ten seconds");
        assert!(
            limiter.take(Group::SignIn, b, t0).is_ok(),
            "another address"
        );
        assert!(
            limiter.take(Group::Enrolment, a, t0).is_ok(),
            "another group"
        );
        assert!(
            limiter
                .take(Group::SignIn, a, t0 + Duration::from_secs(10))
                .is_ok(),
            "refilled"
        );
        assert_eq!(Group::of("/api/enrolment/finish"), Some(Group::Enrolment));
        assert_eq!(Group::of("/api/registration/list"), None);
    }
}

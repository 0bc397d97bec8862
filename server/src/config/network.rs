//! Settings about where requests come from: the reverse proxies whose `X-Forwarded-For`
//! is believed, and the addresses CIS2's back-channel logout may come from.

use std::time::Duration;

use ipnet::IpNet;

use super::ConfigError;
pub use crate::rate_limit::Rate;

/// NHS England's published source ranges for CIS2 back-channel logout calls; the
/// documented value of `RA_BCL_ALLOWED_SOURCES` (off by default).
pub const CIS2_LOGOUT_SOURCES: &str = "52.142.148.70/31 51.143.231.182/31";

#[derive(Debug, Clone)]
pub struct NetworkConfig {
    /// Proxies whose `X-Forwarded-For` names the client; empty: believe no one's.
    pub trusted_proxies: Vec<IpNet>,
    /// Where back-channel logout calls may come from; empty: anywhere (the token is
    /// what proves them).
    pub logout_sources: Vec<IpNet>,
    /// How old a logout token's `iat` may be.
    pub logout_max_age: Duration,
    /// Per-address limits: the public endpoints browsers call, and back-channel logout.
    pub people_rate: Rate,
    pub logout_rate: Rate,
}

/// Addresses or ranges (`10.0.0.1`, `10.0.0.0/8`, `::1`), separated by spaces or commas.
fn ranges(name: &'static str, value: Option<&str>) -> Result<Vec<IpNet>, ConfigError> {
    value
        .unwrap_or_default()
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| ConfigError::new(name, format!("{s:?} is not an address or range")))
        })
        .collect()
}

pub fn parse<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<NetworkConfig, ConfigError> {
    let max_age = match get("RA_BCL_MAX_AGE_SECONDS") {
        None => 300,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| (10..=3600).contains(n))
            .ok_or_else(|| {
                ConfigError::new(
                    "RA_BCL_MAX_AGE_SECONDS",
                    format!("{v:?} is not a number of seconds from 10 to 3600"),
                )
            })?,
    };
    let per_minute = |name: &'static str, default: u32| -> Result<u32, ConfigError> {
        match get(name) {
            None => Ok(default),
            Some(v) => v.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                ConfigError::new(name, format!("{v:?} is not a positive whole number"))
            }),
        }
    };
    let people = per_minute("RA_RATE_LIMIT_PER_MINUTE", 30)?;
    let logout = per_minute("RA_BCL_RATE_LIMIT_PER_MINUTE", 600)?;
    Ok(NetworkConfig {
        people_rate: Rate {
            per_minute: people,
            burst: people,
        },
        logout_rate: Rate {
            per_minute: logout,
            burst: logout,
        },
        trusted_proxies: ranges("RA_TRUSTED_PROXIES", get("RA_TRUSTED_PROXIES"))?,
        logout_sources: ranges("RA_BCL_ALLOWED_SOURCES", get("RA_BCL_ALLOWED_SOURCES"))?,
        logout_max_age: Duration::from_secs(max_age),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_single_addresses_are_read_and_junk_named() {
        let get = |v: &'static str| move |k: &str| (k == "RA_BCL_ALLOWED_SOURCES").then_some(v);
        let n = parse(get(CIS2_LOGOUT_SOURCES)).expect("valid");
        assert_eq!(n.logout_sources.len(), 2);
        assert!(
            n.logout_sources[0].contains(
                &"52.142.148.71"
                    .parse::<std::net::IpAddr>()
                    .expect("address")
            )
        );
        assert!(
            !n.logout_sources[0].contains(
                &"52.142.148.72"
                    .parse::<std::net::IpAddr>()
                    .expect("address")
            )
        );
        assert_eq!(
            parse(get("127.0.0.1, ::1")).map(|n| n.logout_sources.len()),
            Ok(2)
        );
        let e = parse(get("10.0.0.0/8 nope")).expect_err("refused");
        assert_eq!(e.name, "RA_BCL_ALLOWED_SOURCES");
        assert!(e.reason.contains("\"nope\""));
        assert_eq!(parse(|_| None).map(|n| n.logout_max_age.as_secs()), Ok(300));
    }
}

//! Where Prometheus scrapes the portal: a listener of its own, so the figures (routes,
//! pool, outbox, refused sign-ins) are never served to the public by the portal's port.

use std::net::SocketAddr;

use super::ConfigError;

/// `RA_METRICS_ADDR`: unset means no metrics listener at all.
pub fn parse<'a>(
    get: impl Fn(&str) -> Option<&'a str>,
    bind_addr: SocketAddr,
) -> Result<Option<SocketAddr>, ConfigError> {
    const NAME: &str = "RA_METRICS_ADDR";
    let Some(value) = get(NAME) else {
        return Ok(None);
    };
    let addr = value
        .parse::<SocketAddr>()
        .map_err(|e| ConfigError::new(NAME, format!("{value:?} is not valid: {e}")))?;
    // Same port on an overlapping address: the second bind would fail later with a
    // less helpful message, or (0.0.0.0 and 127.0.0.1) one of them would be shadowed.
    let overlaps = addr.ip() == bind_addr.ip()
        || addr.ip().is_unspecified()
        || bind_addr.ip().is_unspecified();
    if overlaps && addr.port() == bind_addr.port() {
        return Err(ConfigError::new(
            NAME,
            format!(
                "{addr} is the portal's own address (RA_BIND_ADDR {bind_addr}); metrics need a port of their own"
            ),
        ));
    }
    Ok(Some(addr))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bind() -> SocketAddr {
        "127.0.0.1:3000".parse().expect("address")
    }

    #[test]
    fn off_unless_set_and_never_the_portal_port() {
        assert_eq!(parse(|_| None, bind()), Ok(None));
        let set = |v: &'static str| move |k: &str| (k == "RA_METRICS_ADDR").then_some(v);
        assert_eq!(
            parse(set("127.0.0.1:9464"), bind()).map(|a| a.map(|a| a.port())),
            Ok(Some(9464))
        );
        let e = parse(set("0.0.0.0:3000"), bind()).expect_err("same port");
        assert_eq!(e.name, "RA_METRICS_ADDR");
        assert!(
            parse(set("10.0.0.5:3000"), bind()).is_ok(),
            "another address may share the port number"
        );
        let e = parse(set("metrics"), bind()).expect_err("junk");
        assert!(e.reason.contains("\"metrics\""));
    }
}

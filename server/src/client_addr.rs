//! The client's address: the connection's peer, unless the peer is a trusted reverse
//! proxy (`RA_TRUSTED_PROXIES`), in which case `X-Forwarded-For` is read from the right,
//! skipping trusted proxies, and the first address that is not one is the client. A
//! client's own `X-Forwarded-For` (sent to a peer we do not trust) is ignored.

use std::net::{IpAddr, SocketAddr};

use axum::{extract::ConnectInfo, http::HeaderMap};
use ipnet::IpNet;

pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |a: &IpAddr| trusted.iter().any(|n| n.contains(a));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_for.unwrap_or_default().rsplit(',') {
        // Anything unreadable ends the walk at the last proxy we could vouch for.
        let Ok(addr) = hop.trim().parse::<IpAddr>() else {
            return client;
        };
        client = addr;
        if !is_trusted(&addr) {
            return addr;
        }
    }
    client
}

/// The client's address for a request, with the connection's peer from `ConnectInfo`.
pub fn of_request(
    headers: &HeaderMap,
    peer: Option<&ConnectInfo<SocketAddr>>,
    trusted: &[IpNet],
) -> Option<IpAddr> {
    let peer = peer?.0.ip();
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    Some(client_address(peer, forwarded, trusted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn only_a_trusted_proxys_header_is_believed() {
        let proxies: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("net")];
        let cis2 = Some("52.142.148.70");
        assert_eq!(
            client_address(ip("10.1.2.3"), cis2, &proxies),
            ip("52.142.148.70")
        );
        // The same header from anyone else is the caller's own claim.
        assert_eq!(
            client_address(ip("203.0.113.9"), cis2, &proxies),
            ip("203.0.113.9")
        );
        // A client cannot prepend: the right-most untrusted hop wins.
        let chain = Some("52.142.148.70, 198.51.100.7, 10.9.9.9");
        assert_eq!(
            client_address(ip("10.1.2.3"), chain, &proxies),
            ip("198.51.100.7")
        );
        // No header, or junk: the proxy itself.
        assert_eq!(
            client_address(ip("10.1.2.3"), None, &proxies),
            ip("10.1.2.3")
        );
        assert_eq!(
            client_address(ip("10.1.2.3"), Some("nope"), &proxies),
            ip("10.1.2.3")
        );
        assert_eq!(
            client_address(ip("10.1.2.3"), Some("1.2.3.4, nope"), &proxies),
            ip("10.1.2.3")
        );
    }
}

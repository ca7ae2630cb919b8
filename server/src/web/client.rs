//! Who is at the other end of a request: the client's address, and whether it came over HTTPS.
//! Behind the TLS proxy a deployment puts in front, the TCP peer is the proxy, so every visitor
//! would share its address. Only when the peer is one of the trusted proxies (`--trusted-proxy
//! CIDR`) are `X-Forwarded-For` and `X-Forwarded-Proto` believed: `X-Forwarded-For` is read right
//! to left and the first address that is not a trusted proxy is the client (the entries left of
//! it are whatever the client wrote). From anyone else both headers are ignored.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

use super::AppState;

/// The proxies whose forwarding headers are believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    /// CIDRs (`10.0.0.0/8`, `::1/128`) or single addresses, comma- or space-separated.
    pub fn parse(items: &[String]) -> Result<TrustedProxies, String> {
        let mut nets = Vec::new();
        for item in items
            .iter()
            .flat_map(|s| s.split([',', ' ']))
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let net = item
                .parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!(
                        "--trusted-proxy takes CIDRs like 10.0.0.0/8 or 127.0.0.1; got {item:?}"
                    )
                })?;
            nets.push(net);
        }
        Ok(TrustedProxies(Arc::new(nets)))
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|n| n.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An IPv4 address seen as `::ffff:a.b.c.d` is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// The request's client, as far as it can be told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Client {
    pub address: IpAddr,
    /// Came over HTTPS (to a trusted proxy that says so).
    pub https: bool,
}

impl Client {
    pub fn of(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &TrustedProxies) -> Client {
        let unknown = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
        let Some(peer) = peer.map(canonical) else {
            return Client {
                address: unknown,
                https: false,
            };
        };
        if !trusted.contains(peer) {
            return Client {
                address: peer,
                https: false,
            };
        }
        // Every X-Forwarded-For header, in order, as one list; read from the right.
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut address = peer;
        for hop in hops.iter().rev() {
            match parse_hop(hop) {
                Some(ip) if trusted.contains(ip) => address = ip,
                Some(ip) => {
                    address = ip;
                    break;
                }
                // A hop that is no address: nothing left of it can be believed.
                None => break,
            }
        }
        let https = headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
        Client {
            address: canonical(address),
            https,
        }
    }
}

/// `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:443`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    hop.parse::<SocketAddr>().ok().map(|s| s.ip())
}

/// Works out the client of every request, once, for everything after it.
pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client = Client::of(peer, req.headers(), &state.trusted_proxies);
    req.extensions_mut().insert(client);
    next.run(req).await
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(of_parts(parts))
    }
}

/// The client `identify` found (an unknown one if it did not run).
pub fn of_parts(parts: &Parts) -> Client {
    parts.extensions.get::<Client>().copied().unwrap_or(Client {
        address: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        https: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarding_headers_are_ignored_from_anyone_but_a_trusted_proxy() {
        let none = TrustedProxies::default();
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-proto", "https"),
        ]);
        let c = Client::of(Some(ip("203.0.113.9")), &h, &none);
        assert_eq!(c.address, ip("203.0.113.9"));
        assert!(!c.https);
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client() {
        let trusted = TrustedProxies::parse(&["10.0.0.0/8, 127.0.0.1".into()]).unwrap();
        // The client wrote a fake first entry; the proxies appended the real ones.
        let h = headers(&[
            ("x-forwarded-for", "1.1.1.1, 198.51.100.7"),
            ("x-forwarded-for", "10.0.0.5"),
            ("x-forwarded-proto", "https"),
        ]);
        let c = Client::of(Some(ip("127.0.0.1")), &h, &trusted);
        assert_eq!(c.address, ip("198.51.100.7"));
        assert!(c.https);
        // Only proxies in the chain: the leftmost proxy is as far as it goes.
        let h = headers(&[("x-forwarded-for", "10.1.1.1")]);
        assert_eq!(
            Client::of(Some(ip("127.0.0.1")), &h, &trusted).address,
            ip("10.1.1.1")
        );
        // No header: the proxy itself.
        assert_eq!(
            Client::of(Some(ip("127.0.0.1")), &HeaderMap::new(), &trusted).address,
            ip("127.0.0.1")
        );
        // Garbage stops the walk at the last good hop.
        let h = headers(&[("x-forwarded-for", "1.1.1.1, nonsense, 10.2.2.2")]);
        assert_eq!(
            Client::of(Some(ip("127.0.0.1")), &h, &trusted).address,
            ip("10.2.2.2")
        );
        let h = headers(&[("x-forwarded-for", "[2001:db8::7]:5555")]);
        assert_eq!(
            Client::of(Some(ip("::ffff:127.0.0.1")), &h, &trusted).address,
            ip("2001:db8::7")
        );
    }

    #[test]
    fn proxies_are_cidrs_or_addresses() {
        let t = TrustedProxies::parse(&["192.168.0.0/16".into(), "::1".into()]).unwrap();
        assert!(t.contains(ip("192.168.3.4")));
        assert!(t.contains(ip("::1")));
        assert!(!t.contains(ip("192.169.0.1")));
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(TrustedProxies::parse(&["proxy.local".into()]).is_err());
    }
}

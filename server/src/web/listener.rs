//! Accepting connections, so that idle or slow ones cannot use the server up: HTTP/1.1 (what a
//! proxy speaks to its backends) with a header-read timeout, which also closes a kept-alive
//! connection that sends nothing that long; at most so many connections from one address
//! (trusted proxies aside) and in all, below the file-descriptor limit (raised to its hard limit
//! at start); a graceful stop that lets requests in flight finish within a bound.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use super::client::TrustedProxies;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections from one address (a trusted proxy's are not capped).
    pub per_address: usize,
    /// Open connections in all.
    pub total: usize,
    /// Time to send a request's headers, and the longest a kept-alive connection stays idle.
    pub header_timeout: Duration,
    /// How long a graceful stop waits for requests in flight.
    pub drain: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            per_address: 128,
            total: total_for(raise_open_files()),
            header_timeout: Duration::from_secs(15),
            drain: Duration::from_secs(30),
        }
    }
}

/// Connections allowed with `files` file descriptors: the rest are for the database, files
/// and logs.
fn total_for(files: u64) -> usize {
    files.saturating_sub(256).clamp(64, 65_536) as usize
}

/// Raises the soft limit of open files to the hard one; the soft limit now.
fn raise_open_files() -> u64 {
    // SAFETY: getrlimit/setrlimit with a valid pointer to a local struct.
    unsafe {
        let mut l = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) != 0 {
            return 1024;
        }
        if l.rlim_cur < l.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: l.rlim_max,
                rlim_max: l.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                l.rlim_cur = l.rlim_max;
            }
        }
        l.rlim_cur as u64
    }
}

/// The open connections, per address and in all.
#[derive(Default)]
struct Open {
    by_address: HashMap<IpAddr, usize>,
    total: usize,
}

/// One open connection, counted until dropped.
struct Counted {
    open: Arc<Mutex<Open>>,
    address: IpAddr,
}

impl Counted {
    fn take(
        open: &Arc<Mutex<Open>>,
        address: IpAddr,
        limits: &ConnectionLimits,
        capped: bool,
    ) -> Option<Counted> {
        let mut o = open.lock().unwrap_or_else(|e| e.into_inner());
        if o.total >= limits.total {
            return None;
        }
        let mine = o.by_address.entry(address).or_default();
        if capped && *mine >= limits.per_address {
            return None;
        }
        *mine += 1;
        o.total += 1;
        Some(Counted {
            open: open.clone(),
            address,
        })
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut o = self.open.lock().unwrap_or_else(|e| e.into_inner());
        o.total = o.total.saturating_sub(1);
        if let Some(n) = o.by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                o.by_address.remove(&self.address);
            }
        }
    }
}

/// Serves `app` on `listener` until `stop` resolves, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    trusted: TrustedProxies,
    stop: impl Future<Output = ()>,
) {
    let open = Arc::new(Mutex::new(Open::default()));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut refused_logged = std::time::Instant::now() - Duration::from_secs(60);
    tokio::pin!(stop);
    loop {
        let (stream, peer): (tokio::net::TcpStream, SocketAddr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors, or the peer gave up: wait a moment, go on.
                    tracing::warn!(error = %e, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let address = peer.ip();
        let Some(counted) = Counted::take(&open, address, &limits, !trusted.contains(address))
        else {
            if refused_logged.elapsed() > Duration::from_secs(10) {
                tracing::warn!(%address, "a connection over the limits was closed");
                refused_logged = std::time::Instant::now();
            }
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service =
            app.clone()
                .map_request(move |mut req: axum::http::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(ConnectInfo(peer));
                    req.map(axum::body::Body::new)
                });
        // hyper's own HTTP/1 connection: its header-read timeout runs from the first moment (a
        // version-sniffing wrapper would wait for a first byte with no timer at all).
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            let _counted = counted;
            if let Err(e) = watched.await {
                tracing::debug!(error = %e, "a connection ended with an error");
            }
        });
    }
    drop(listener);
    tracing::info!(
        seconds = limits.drain.as_secs(),
        "no new connections; finishing requests in flight"
    );
    if tokio::time::timeout(limits.drain, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after the drain were cut off");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_capped_per_address_and_in_all() {
        let limits = ConnectionLimits {
            per_address: 2,
            total: 3,
            header_timeout: Duration::from_secs(1),
            drain: Duration::from_secs(1),
        };
        let open = Arc::new(Mutex::new(Open::default()));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let first = Counted::take(&open, a, &limits, true).unwrap();
        let _second = Counted::take(&open, a, &limits, true).unwrap();
        assert!(Counted::take(&open, a, &limits, true).is_none());
        let _other = Counted::take(&open, b, &limits, true).unwrap();
        assert!(Counted::take(&open, b, &limits, false).is_none(), "in all");
        drop(first);
        assert!(Counted::take(&open, a, &limits, true).is_some());
        assert_eq!(total_for(1024), 768);
    }
}

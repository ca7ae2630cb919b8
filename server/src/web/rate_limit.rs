//! Per-address limits on what anyone may ask without signing in (the certificate check): a burst,
//! then a steady rate per minute, counted in the process's memory (governor's GCRA, no storage).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Checks allowed per address and minute unless `--verify-rate` says otherwise.
pub const DEFAULT_PER_MINUTE: u32 = 30;

#[derive(Clone)]
pub struct AddressLimit {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl AddressLimit {
    pub fn per_minute(n: u32) -> AddressLimit {
        let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        AddressLimit {
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(n))),
        }
    }

    /// `Err(seconds to wait)` when `from` has used its allowance.
    pub fn check(&self, from: ClientAddress) -> Result<(), u64> {
        let ip = from.0.unwrap_or(IpAddr::from([0, 0, 0, 0]));
        self.limiter.check_key(&ip).map_err(|not_until| {
            let wait: Duration = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs().max(1)
        })
    }

    /// Forgets addresses that have not asked for a while (a keyed limiter keeps one entry each).
    pub fn spawn_cleanup(&self) {
        let limiter = self.limiter.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                limiter.retain_recent();
            }
        });
    }
}

impl Default for AddressLimit {
    fn default() -> AddressLimit {
        AddressLimit::per_minute(DEFAULT_PER_MINUTE)
    }
}

/// The address a request came from (none when the server was not asked to record it).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

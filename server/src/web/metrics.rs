//! Prometheus metrics: requests by route (count by status, latency histogram), submissions, and
//! the database pool. Served on a listener of its own (`--metrics-addr`, off by default) so the
//! public address never shows them.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};

use super::AppState;

/// The latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct RouteStats {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Clone, Default)]
pub struct Metrics {
    routes: Arc<Mutex<HashMap<(String, String), RouteStats>>>,
    submissions: Arc<AtomicU64>,
}

impl Metrics {
    /// An application submitted (counted once, not for a repeated click).
    pub fn submitted(&self) {
        self.submissions.fetch_add(1, Ordering::Relaxed);
    }

    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let stats = routes
            .entry((method.to_string(), route.to_string()))
            .or_default();
        *stats.by_status.entry(status).or_default() += 1;
        for (bucket, le) in stats.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= le {
                *bucket += 1;
            }
        }
        stats.count += 1;
        stats.sum += seconds;
    }

    /// The text exposition format (version 0.0.4).
    pub fn render(&self, db: &DatabaseConnection) -> String {
        let mut out = String::new();
        let routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let mut keys: Vec<_> = routes.keys().collect();
        keys.sort();
        out.push_str("# HELP chuding_http_requests_total Requests answered, by route and status.\n# TYPE chuding_http_requests_total counter\n");
        for key @ (method, route) in &keys {
            for (status, n) in &routes[*key].by_status {
                let _ = writeln!(
                    out,
                    "chuding_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str("# HELP chuding_http_request_duration_seconds Time to answer, by route.\n# TYPE chuding_http_request_duration_seconds histogram\n");
        for key @ (method, route) in &keys {
            let s = &routes[*key];
            let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
            for (n, le) in s.buckets.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "chuding_http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "chuding_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}\nchuding_http_request_duration_seconds_sum{{{labels}}} {}\nchuding_http_request_duration_seconds_count{{{labels}}} {}",
                s.count, s.sum, s.count
            );
        }
        drop(routes);
        let _ = writeln!(
            out,
            "# HELP chuding_submissions_total Applications submitted through this process.\n# TYPE chuding_submissions_total counter\nchuding_submissions_total {}",
            self.submissions.load(Ordering::Relaxed)
        );
        let (size, idle) = match db.get_database_backend() {
            DbBackend::Sqlite => {
                let p = db.get_sqlite_connection_pool();
                (p.size(), p.num_idle())
            }
            DbBackend::Postgres => {
                let p = db.get_postgres_connection_pool();
                (p.size(), p.num_idle())
            }
            _ => (0, 0),
        };
        let _ = writeln!(
            out,
            "# HELP chuding_db_pool_connections Database connections open.\n# TYPE chuding_db_pool_connections gauge\nchuding_db_pool_connections {size}\n# HELP chuding_db_pool_idle_connections Database connections open and idle.\n# TYPE chuding_db_pool_idle_connections gauge\nchuding_db_pool_idle_connections {idle}"
        );
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Counts and times each request to a route (a route layer: the matched route is known).
pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    state.metrics.observe(
        &method,
        &route,
        res.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    res
}

/// Serves GET /metrics at `addr`, beside the site.
pub async fn serve(addr: SocketAddr, state: AppState) -> anyhow::Result<()> {
    let app = Router::new()
        .route(
            "/metrics",
            get(|State(s): State<AppState>| async move {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4",
                    )],
                    s.metrics.render(&s.db),
                )
                    .into_response()
            }),
        )
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "metrics at http://{addr}/metrics");
    axum::serve(listener, app).await?;
    Ok(())
}

//! The HTTP side, a thin typed layer over `workflow`: the state every handler shares, the
//! extractors and the one error type, the page renderer, and the routes cut by audience
//! (`public`, `applicant`, `staff`). Serving with graceful shutdown.

mod applicant;
pub mod application_data;
pub mod assets;
pub mod audit_trail;
pub mod client;
pub mod confirm;
pub mod documents;
pub mod door;
pub mod error;
pub mod extract;
pub mod identity;
pub mod listener;
pub mod metrics;
pub mod page;
mod public;
pub mod rate_limit;
mod request_id;
pub mod route_table;
mod security_headers;
pub mod staff;

use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sea_orm::DatabaseConnection;
use shared::Round;
use tower_http::trace::TraceLayer;

use crate::clock::Clock;
use crate::config::Settings;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub round: Arc<Round>,
    /// Whether `round` is the one the browser has bundled (else pages carry it).
    pub round_is_bundled: bool,
    pub leptos: LeptosOptions,
    pub typesetter: Arc<crate::printed::LazyTypesetter>,
    /// Submissions waiting to be written (SQLite writes them in batches).
    pub submissions: crate::workflow::submit::Queue,
    /// The center's dashboard, as last counted.
    pub dashboards: crate::reports::dashboard::Snapshots,
    /// The seal key and the keys published.
    pub sealing: crate::verification::Sealing,
    /// Online checks of certificates, waiting to be counted.
    pub checks: crate::verification::CheckTally,
    /// The public check's answers of the last second.
    pub answers: crate::verification::RecentAnswers,
    /// The limits every process enforces alike (in the database).
    pub limiter: crate::limits::Limiter,
    /// The proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
    pub trusted_proxies: client::TrustedProxies,
    /// The site's address as people reach it (`https://…`, no trailing slash): every printed or
    /// sent link starts with it, never with what a request's Host header says.
    pub public_url: Arc<str>,
    /// The sessions in use whose idle deadline this process moved on lately.
    pub sessions: crate::auth::session::Touches,
    /// What /metrics reports.
    pub metrics: metrics::Metrics,
    /// The audit log's writer, which appends the entries of concurrent requests together.
    pub audit: crate::audit::Appender,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos.clone()
    }
}

fn leptos_options(settings: &Settings) -> anyhow::Result<LeptosOptions> {
    // cargo-leptos bakes LEPTOS_OUTPUT_NAME into its builds; a plain `cargo build` has none.
    let mut options = get_configuration(None)
        .context("reading the LEPTOS_* settings")?
        .leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "chuding".into();
    }
    options.site_root = settings.site_root.to_string_lossy().into_owned().into();
    options.site_addr = settings.site_addr;
    if let Some(file) = assets::hash_file(&settings.site_root) {
        options.hash_files = true;
        options.hash_file = file.to_string_lossy().into_owned().into();
    }
    assets::remember_stylesheet(assets::stylesheet_href(
        &settings.site_root,
        &options.output_name,
    ));
    Ok(options)
}

/// Pages that need data loaded per request (/apply…, /staff…) have their own handlers, which
/// answer with a `Page` of the same Leptos route; the rest Leptos renders alone.
fn leptos_pages() -> Vec<leptos_axum::AxumRouteListing> {
    const OWN_HANDLERS: [&str; 6] = [
        "/verify",
        "/apply",
        "/staff",
        "/invite",
        "/account",
        "/login/two-factor",
    ];
    generate_route_list(app::App)
        .into_iter()
        .filter(|r| !OWN_HANDLERS.iter().any(|p| r.path().starts_with(p)))
        .collect()
}

/// The pages and forms of the server's own handlers (rendered through `page::render`).
fn page_routes() -> route_table::Routes {
    route_table::Routes::new()
        .merge(public::account::routes())
        .merge(public::lang::routes())
        .merge(public::invite::routes())
        .merge(public::second_factor::routes())
        .merge(public::verify::routes())
        .merge(applicant::routes())
        .merge(staff::routes())
}

/// The JSON API, the published documents and the health checks.
fn api_routes() -> route_table::Routes {
    route_table::Routes::new()
        .merge(public::health::routes())
        .merge(public::api::routes())
        .merge(public::openapi::routes())
        .merge(public::verify::api_routes())
}

/// Every path the server answers (with `{name}` for the parts of a path that vary), from the
/// lists the router is built with: the handlers' routes and Leptos's pages. The static files
/// under /pkg are not listed.
pub fn route_paths() -> Vec<String> {
    let mut paths = api_routes().paths().to_vec();
    paths.extend_from_slice(page_routes().paths());
    paths.extend(leptos_pages().iter().map(|r| r.path().to_string()));
    paths.sort();
    paths.dedup();
    paths
}

pub fn router(state: AppState) -> Router {
    let leptos = state.leptos.clone();
    let site_root = std::path::PathBuf::from(state.leptos.site_root.as_ref());
    Router::new()
        .merge(assets::routes(&site_root, state.leptos.hash_files))
        .merge(api_routes().into_router())
        .merge(
            page_routes()
                .into_router()
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    page::render,
                )),
        )
        .leptos_routes_with_context(&state, leptos_pages(), page::context(&state), move || {
            app::shell(leptos.clone())
        })
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::record,
        ))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(page::context(&state), app::shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::web::audit_trail::record,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            identity::identify,
        ))
        .layer(axum::middleware::from_fn(assets::revalidate_pages))
        .layer(axum::middleware::from_fn(security_headers::harden))
        .layer(assets::compression())
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            client::identify,
        ))
        .layer(axum::middleware::from_fn(request_id::tag))
        .with_state(state)
}

pub async fn serve(settings: Settings, run_migrations: bool) -> anyhow::Result<()> {
    let (round, round_is_bundled) =
        page::round_for_pages(crate::config::load_round(settings.round_file.as_deref())?);
    let db = crate::db::connect(&settings.database_url).await?;
    if run_migrations {
        crate::db::migrate(&db)
            .await
            .context("migrating the database")?;
    }
    crate::db::spawn_checkpoints(&db);
    let clock = settings
        .clock
        .map(Clock::fixed)
        .unwrap_or_else(Clock::system);
    if let Some(day) = clock.fixed_date() {
        tracing::warn!(%day, "the clock is fixed: every page says so");
    }
    let typesetter = Arc::new(crate::printed::LazyTypesetter::new(
        settings.font_dir.clone(),
    ));
    // Read the fonts now rather than on the first download; a missing font is logged at start.
    let preload = typesetter.clone();
    tokio::spawn(async move { preload.get().await });
    spawn_ticks(db.clone(), round.clone(), clock);
    let sealing = crate::verification::Sealing::new(
        settings
            .seal_key
            .as_deref()
            .map(crate::verification::keys::read)
            .transpose()?,
    );
    match sealing.key() {
        Some(key) => {
            sealing
                .register(&db, clock.now())
                .await
                .context("publishing the seal key")?;
            tracing::info!(kid = %key.id(), "certificates are sealed with this key");
        }
        None => tracing::warn!(
            "no seal key (--seal-key or CHUDING_SEAL_KEY; make one with `chuding keygen`): certificates carry no signed QR code"
        ),
    }
    let limiter = crate::limits::Limiter::new(
        db.clone(),
        crate::secret::get_or_create(&db, "limits")
            .await
            .context("reading the server's secret")?,
        settings.limits.clone(),
    );
    let trusted_proxies =
        client::TrustedProxies::parse(&settings.trusted_proxies).map_err(|e| anyhow::anyhow!(e))?;
    if trusted_proxies.is_empty() {
        tracing::info!("no trusted proxy: clients are told apart by their TCP address");
    }
    let public_url = settings.public_url();
    tracing::info!(%public_url, "printed and sent links start with this address");
    let state = AppState {
        db,
        clock,
        round,
        round_is_bundled,
        leptos: leptos_options(&settings)?,
        typesetter,
        submissions: crate::workflow::submit::Queue::default(),
        dashboards: Default::default(),
        sealing,
        checks: Default::default(),
        answers: Default::default(),
        limiter,
        trusted_proxies,
        public_url: public_url.into(),
        sessions: Default::default(),
        metrics: Default::default(),
        audit: Default::default(),
    };
    state.checks.spawn_flushes(state.db.clone());
    state.limiter.spawn_cleanup();
    if let Some(addr) = settings.metrics_addr {
        let state = state.clone();
        tokio::spawn(async move {
            if let Err(e) = metrics::serve(addr, state).await {
                tracing::error!(error = %e, %addr, "the metrics listener stopped");
            }
        });
    }
    let trusted = state.trusted_proxies.clone();
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(settings.site_addr)
        .await
        .with_context(|| format!("listening on {}", settings.site_addr))?;
    tracing::info!(addr = %settings.site_addr, database = %crate::db::redact(&settings.database_url), "chuding is serving at http://{}", settings.site_addr);
    listener::serve(
        listener,
        app,
        listener::ConnectionLimits {
            per_address: settings.connections_per_address.max(1),
            ..Default::default()
        },
        trusted,
        shutdown_signal(),
    )
    .await;
    tracing::info!("stopped");
    Ok(())
}

/// What the date calls for, at start and every few minutes (the paper window's end, 五（四））.
/// Every process does it; the workflow makes each change once.
fn spawn_ticks(db: sea_orm::DatabaseConnection, round: Arc<shared::Round>, clock: Clock) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(TICK_SECONDS));
        loop {
            every.tick().await;
            if let Err(e) = crate::workflow::abandonment::tick(&db, &round, clock.now()).await {
                tracing::error!(error = %e, "the tick failed; it runs again shortly");
            }
        }
    });
}

/// How often the server ticks.
const TICK_SECONDS: u64 = 300;

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

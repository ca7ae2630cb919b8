//! The HTTP side: the state every handler shares, the router, and serving with graceful shutdown.

mod account;
mod api;
mod apply;
mod health;
mod lang;
pub mod render;

use std::sync::Arc;

use anyhow::Context;
use app::site::FixedClock;
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
    pub leptos: LeptosOptions,
    pub typesetter: Arc<crate::declaration::LazyTypesetter>,
    /// Submissions waiting to be written (SQLite writes them in batches).
    pub submissions: crate::submission::Queue,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos.clone()
    }
}

pub fn load_round(path: Option<&std::path::Path>) -> anyhow::Result<Round> {
    match path {
        None => Ok(Round::current()),
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading --round {}", path.display()))?;
            Round::from_json(&text).map_err(|e| anyhow::anyhow!("--round {}: {e}", path.display()))
        }
    }
}

fn leptos_options(settings: &Settings) -> anyhow::Result<LeptosOptions> {
    // cargo-leptos bakes LEPTOS_OUTPUT_NAME into its builds; a plain `cargo build` has none.
    let mut options = get_configuration(None).context("reading the LEPTOS_* settings")?.leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "chuding".into();
    }
    options.site_root = settings.site_root.to_string_lossy().into_owned().into();
    options.site_addr = settings.site_addr;
    Ok(options)
}

pub fn router(state: AppState) -> Router {
    // Pages that need data loaded per request (/apply…) have their own GET handlers, which
    // render the same Leptos routes with that data in context.
    let routes: Vec<_> = generate_route_list(app::App).into_iter().filter(|r| !r.path().starts_with("/apply")).collect();
    let fixed = state.clock.fixed_date().map(FixedClock);
    let leptos = state.leptos.clone();
    Router::new()
        .merge(health::routes())
        .merge(api::routes())
        .merge(lang::routes())
        .merge(account::routes())
        .merge(apply::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                if let Some(clock) = fixed {
                    provide_context(clock);
                }
            },
            move || app::shell(leptos.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(app::shell))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth::identity_layer::identify))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

pub async fn serve(settings: Settings, run_migrations: bool) -> anyhow::Result<()> {
    let round = Arc::new(load_round(settings.round_file.as_deref())?);
    let db = crate::db::connect(&settings.database_url).await?;
    if run_migrations {
        crate::db::migrate(&db).await.context("migrating the database")?;
    }
    crate::db::spawn_checkpoints(&db);
    let clock = settings.clock.map(Clock::fixed).unwrap_or_else(Clock::system);
    if let Some(day) = clock.fixed_date() {
        tracing::warn!(%day, "the clock is fixed: every page says so");
    }
    let typesetter = Arc::new(crate::declaration::LazyTypesetter::new(settings.font_dir.clone()));
    // Read the fonts now rather than on the first download; a missing font is logged at start.
    let preload = typesetter.clone();
    tokio::spawn(async move { preload.get().await });
    let state = AppState { db, clock, round, leptos: leptos_options(&settings)?, typesetter, submissions: crate::submission::Queue::default() };
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(settings.site_addr)
        .await
        .with_context(|| format!("listening on {}", settings.site_addr))?;
    tracing::info!(addr = %settings.site_addr, database = %crate::db::redact(&settings.database_url), "chuding is serving at http://{}", settings.site_addr);
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).with_graceful_shutdown(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

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

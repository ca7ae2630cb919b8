//! Rendering a page from a POST handler: the same Leptos route as the GET, with the form's
//! feedback (errors and values) in context.

use app::form::feedback::FormFeedback;
use app::site::FixedClock;
use axum::{
    body::Body,
    http::{request::Parts, Method, Request, StatusCode},
    response::Response,
};
use leptos::prelude::provide_context;

use super::AppState;

pub async fn render_page(state: &AppState, parts: &Parts, feedback: FormFeedback, status: StatusCode) -> Response {
    let fixed = state.clock.fixed_date().map(FixedClock);
    let leptos = state.leptos.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || {
            provide_context(feedback.clone());
            if let Some(clock) = fixed {
                provide_context(clock);
            }
        },
        move || app::shell(leptos.clone()),
    );
    let mut req = Request::new(Body::empty());
    *req.method_mut() = Method::GET;
    *req.uri_mut() = parts.uri.clone();
    *req.headers_mut() = parts.headers.clone();
    *req.extensions_mut() = parts.extensions.clone();
    let mut res = handler(req).await;
    *res.status_mut() = status;
    res
}

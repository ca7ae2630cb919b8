//! A page as a handler's answer: which Leptos route to render, with what form feedback and page
//! data, under which status. Handlers return a `Page`; the `render` layer renders it with the
//! request it answers (its address, headers and identity), so a request goes down once and the
//! page comes back up, with no second request made up in between.

use std::sync::Arc;

use app::form::feedback::FormFeedback;
use app::site::{FixedClock, RequestIdentity, RoundInfo};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use content::page_data::PageData;
use content::questionnaire::answers::FieldError;
use leptos::prelude::provide_context;

use super::AppState;

#[derive(Clone, Debug)]
pub struct Page {
    pub status: StatusCode,
    pub feedback: Option<FormFeedback>,
    pub data: Option<PageData>,
    /// The route to render, when not the request's own (a refused submission shows the review page).
    pub path: Option<String>,
    /// Seconds to wait, sent as `Retry-After` (a 429).
    pub retry_after: Option<u64>,
}

impl Page {
    /// The request's own route, 200.
    pub fn ok() -> Page {
        Page::status(StatusCode::OK)
    }

    pub fn status(status: StatusCode) -> Page {
        Page {
            status,
            feedback: None,
            data: None,
            path: None,
            retry_after: None,
        }
    }

    pub fn with_status(mut self, status: StatusCode) -> Page {
        self.status = status;
        self
    }

    pub fn with_data(mut self, data: PageData) -> Page {
        self.data = Some(data);
        self
    }

    pub fn with_values(mut self, values: std::collections::BTreeMap<String, String>) -> Page {
        self.feedback
            .get_or_insert_with(FormFeedback::default)
            .values = values;
        self
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Page {
        self.feedback
            .get_or_insert_with(FormFeedback::default)
            .errors
            .extend(errors);
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Page {
        self.retry_after = Some(seconds);
        self
    }

    pub fn at(mut self, path: impl Into<String>) -> Page {
        self.path = Some(path.into());
        self
    }

    /// The page out of date: the values typed are shown again with a message, nothing saved.
    pub fn changed_elsewhere(self) -> Page {
        use content::td_string;
        self.with_errors(vec![FieldError::localized("", |lang| {
            td_string!(lang, apply.saved_elsewhere)
        })])
    }
}

/// The page waiting in a response for the `render` layer.
#[derive(Clone)]
struct Pending(Page);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let mut res = self.status.into_response();
        res.extensions_mut().insert(Pending(self));
        res
    }
}

/// What every rendered page gets as context: the server's round and its fixed clock, if any.
pub fn context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let fixed = state.clock.fixed_date().map(FixedClock);
    let round = RoundInfo {
        round: state.round.clone(),
        bundled: state.round_is_bundled,
    };
    move || {
        if let Some(clock) = fixed {
            provide_context(clock);
        }
        provide_context(round.clone());
    }
}

/// The layer that renders a `Page` a handler answered with, for the request it answers.
pub async fn render(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (uri, headers, identity): (Uri, HeaderMap, Option<RequestIdentity>) = (
        req.uri().clone(),
        req.headers().clone(),
        req.extensions().get::<RequestIdentity>().cloned(),
    );
    let mut res = next.run(req).await;
    let Some(Pending(page)) = res.extensions_mut().remove::<Pending>() else {
        return res;
    };
    // A page rendered at another address: one of ours, always a valid path.
    let uri = page
        .path
        .as_deref()
        .and_then(|p| p.parse::<Uri>().ok())
        .unwrap_or(uri);
    let base = context(&state);
    let (feedback, data) = (page.feedback.clone(), page.data.clone());
    let leptos = state.leptos.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || {
            base();
            if let Some(f) = feedback.clone() {
                provide_context(f);
            }
            if let Some(d) = data.clone() {
                provide_context(d);
            }
        },
        move || app::shell(leptos.clone()),
    );
    // The request as it came, asked with GET: the route renders what a GET of it shows.
    let mut req = Request::new(Body::empty());
    *req.method_mut() = Method::GET;
    *req.uri_mut() = uri;
    *req.headers_mut() = headers;
    if let Some(identity) = identity {
        req.extensions_mut().insert(identity);
    }
    let mut rendered = handler(req).await;
    *rendered.status_mut() = page.status;
    if let Some(seconds) = page.retry_after {
        rendered
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, seconds.into());
    }
    rendered.headers_mut().extend(
        res.headers()
            .iter()
            .filter(|(name, _)| *name == axum::http::header::SET_COOKIE)
            .map(|(n, v)| (n.clone(), v.clone())),
    );
    rendered
}

/// An `Arc` of the round for the state, and whether it is the bundled one.
pub fn round_for_pages(round: shared::Round) -> (Arc<shared::Round>, bool) {
    let bundled = round == shared::Round::current();
    (Arc::new(round), bundled)
}

//! The audit log's side of a request (`crate::audit` keeps the log itself): the staff extractor
//! (and the bulk actions) say who acted for which organisation on which applications; after the
//! answer, one entry per application is appended, with the answer's status. Every staff request
//! that passed its role check is recorded (a page shows personal data, a form changes state, an
//! export hands it on), as are the applicant's own state changes.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use shared::Role;

use super::AppState;
use crate::audit::Entry;
use crate::auth::session::SignedIn;

/// The applicant's requests that change their application's state.
const APPLICANT_CHANGES: [&str; 2] = ["/apply/start", "/apply/submit"];

#[derive(Default)]
struct Acting {
    /// Set by the staff extractor: a staff member acted for this organisation.
    organisation_id: Option<i32>,
    roles: Vec<Role>,
    references: Vec<String>,
}

/// Put in every request's extensions by `record`.
#[derive(Clone, Default)]
pub struct RequestAudit(Arc<Mutex<Acting>>);

impl RequestAudit {
    /// A staff member acting for an organisation, on the application the address names if any.
    pub fn staff(&self, organisation_id: i32, roles: &[Role], reference: Option<String>) {
        let mut a = self.0.lock().expect("not poisoned");
        a.organisation_id = Some(organisation_id);
        a.roles = roles.to_vec();
        a.references.extend(reference);
    }

    /// The applications a bulk action touched: one entry each.
    pub fn applications(&self, references: impl IntoIterator<Item = String>) {
        let mut a = self.0.lock().expect("not poisoned");
        for r in references {
            if !a.references.contains(&r) {
                a.references.push(r);
            }
        }
    }
}

/// The middleware: runs the request, then appends its entries (through `AppState::audit`, which
/// writes the entries of many requests in one transaction) before answering. A failure to
/// append is logged as an error; the answer has already been decided.
pub async fn record(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let audit = RequestAudit::default();
    req.extensions_mut().insert(audit.clone());
    let person = req.extensions().get::<Arc<SignedIn>>().cloned();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let action = format!(
        "{} {}",
        method,
        req.uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or(&path)
    );
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(100).collect::<String>());
    let res = next.run(req).await;
    let Some(person) = person else { return res };
    let acting = std::mem::take(&mut *audit.0.lock().expect("not poisoned"));
    let staff = acting.organisation_id.is_some();
    let applicant_change = method == Method::POST && APPLICANT_CHANGES.contains(&path.as_str());
    if !staff && !applicant_change {
        return res;
    }
    let (roles, references) = if staff {
        (
            acting
                .roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(","),
            acting.references,
        )
    } else {
        (
            Role::Applicant.as_str().to_string(),
            person
                .application
                .as_ref()
                .map(|a| vec![a.reference.clone()])
                .unwrap_or_default(),
        )
    };
    // One entry per application, or one about none.
    let references: Vec<Option<String>> = if references.is_empty() {
        vec![None]
    } else {
        references.into_iter().map(Some).collect()
    };
    let address = match (peer, forwarded) {
        (Some(p), Some(f)) => Some(format!("{p} (for {f})")),
        (p, _) => p,
    };
    let at = state.clock.now();
    let entries = references
        .into_iter()
        .map(|r| Entry {
            at,
            account_id: Some(person.account.id),
            roles: roles.clone(),
            organisation_id: acting.organisation_id,
            address: address.clone(),
            action: action.chars().take(2000).collect(),
            application_reference: r,
            outcome: i32::from(res.status().as_u16()),
        })
        .collect();
    if let Err(e) = state.audit.append(&state.db, entries).await {
        tracing::error!(error = %e, %action, "the audit log could not be appended to");
    }
    res
}

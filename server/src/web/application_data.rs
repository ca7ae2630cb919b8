//! An application as the applicant's and the reviewers' pages show it.

use content::page_data::{ApplicationData, ChainView, PaperDeadline};
use content::questionnaire::answers::FieldError;
use shared::approval_chain::Chain;
use shared::ApplicationStatus;

use super::error::WebError;
use super::AppState;
use crate::workflow;
pub use crate::workflow::timeline::Audience;
use crate::workflow::Application;

/// Reference, state, version and level: what a draft's pages need.
pub fn summary(app: &Application, status: ApplicationStatus) -> ApplicationData {
    ApplicationData {
        reference: app.reference.clone(),
        status,
        version: app.version,
        level: app.level.as_deref().and_then(shared::Level::from_code),
        verdict: None,
        timeline: Vec::new(),
        paper: None,
        paper_missing: Vec::new(),
        looked_at_by: Vec::new(),
        certificate: None,
        outlook: None,
        chain: None,
    }
}

/// The chain as the pages show it: the stamps with the organisations' names, the unit to route, or
/// the problems.
pub async fn chain_view(
    state: &AppState,
    chain: Result<Chain, Vec<FieldError>>,
    unit_name: Option<&str>,
) -> Result<ChainView, WebError> {
    Ok(match chain {
        Ok(Chain::ToRoute) => ChainView {
            to_route: Some(unit_name.unwrap_or_default().to_string()),
            ..ChainView::default()
        },
        Ok(Chain::Stamps(stamps)) => {
            let names = crate::directory::names(
                &state.db,
                stamps.iter().map(|s| s.organisation_id).collect(),
            )
            .await?;
            ChainView {
                stamps: stamps
                    .iter()
                    .map(|s| {
                        (
                            s.role,
                            names.get(&s.organisation_id).cloned().unwrap_or_default(),
                        )
                    })
                    .collect(),
                ..ChainView::default()
            }
        }
        Err(problems) => ChainView {
            problems: problems
                .into_iter()
                .map(|e| {
                    (
                        e.message(app::site::Lang::zh).to_string(),
                        e.message(app::site::Lang::en).to_string(),
                    )
                })
                .collect(),
            ..ChainView::default()
        },
    })
}

/// With the verdict at submission, the timeline as `audience` reads it, and the paper deadline as of today.
pub async fn submitted(
    state: &AppState,
    app: &Application,
    status: ApplicationStatus,
    audience: Audience,
) -> Result<ApplicationData, WebError> {
    Ok(ApplicationData {
        verdict: workflow::intake::verdict(app),
        timeline: workflow::timeline::steps(&state.db, app.id, audience).await?,
        paper: Some(PaperDeadline::of(&state.round, state.clock.today())),
        paper_missing: workflow::intake::recorded(app)
            .into_iter()
            .filter(|(_, item)| *item == shared::workflow::PaperItem::Missing)
            .map(|(m, _)| m)
            .collect(),
        looked_at_by: if audience == Audience::Applicant {
            crate::audit::organisations_that_looked(&state.db, &app.reference)
                .await?
                .into_iter()
                .map(|(name, at, times)| {
                    (
                        name,
                        at.with_timezone(&crate::clock::china()).naive_local(),
                        times,
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        certificate: held(state, app).await?,
        outlook: refused_outlook(state, app, status),
        chain: Some(
            chain_view(
                state,
                Ok(workflow::routing::kept(app)),
                workflow::draft::unit_name(app).as_deref(),
            )
            .await?,
        ),
        ..summary(app, status)
    })
}

/// After a refusal, when the submitted answers would reach a level in a later round (the
/// rules of the round the server runs, evaluated again: the answers do not change).
fn refused_outlook(
    state: &AppState,
    app: &Application,
    status: ApplicationStatus,
) -> Option<shared::Outlook> {
    if !matches!(
        status,
        ApplicationStatus::Rejected | ApplicationStatus::Declined
    ) {
        return None;
    }
    let profile = shared::parse_profile(app.profile_json.as_deref()?).ok()?;
    shared::evaluate(&profile, &state.round).outlook
}

/// The application's certificate as its holder's page shows it.
async fn held(
    state: &AppState,
    app: &Application,
) -> Result<Option<content::page_data::HeldCertificate>, WebError> {
    let Some(c) = workflow::certificates::of(&state.db, app.id)
        .await
        .map_err(|_| WebError::Unavailable)?
    else {
        return Ok(None);
    };
    let (qualification_zh, qualification_en) = c.qualification_words();
    // This process's checks not yet written count too.
    if let Err(e) = state.checks.flush(&state.db).await {
        tracing::warn!(error = %e, "the check counts were not written");
    }
    let checks = crate::verification::tally::days_checked(&state.db, c.id).await?;
    Ok(Some(content::page_data::HeldCertificate {
        number: c.number_shown(),
        qualification_zh,
        qualification_en,
        issued: c
            .issued_at
            .with_timezone(&crate::clock::china())
            .date_naive(),
        revoked: c.revoked_at.is_some(),
        checks,
    }))
}

//! Printed documents as responses: the 《专业技术资格初定申报表》 of an application, for its
//! applicant and for its reviewers, typeset from what was submitted and what the unit recorded.

use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

use super::identity::is_https;
use super::AppState;
use crate::declaration::{Applicant, Declaration, Submitted, TypesetError, UnitReview};
use crate::entity::{account, application};

/// Why a document was not printed (each logged where it happened).
pub enum NotPrinted {
    /// The stored answers, profile or verdict cannot be read.
    Unreadable,
    /// A character no font has: no PDF with an empty box.
    MissingGlyphs,
    /// The fonts or the typesetting failed.
    Unavailable,
}

/// The absolute address of the applicant's status page for the QR code: the host the person used.
fn status_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if is_https(headers) { "https" } else { "http" };
    format!("{scheme}://{host}/apply/status")
}

/// The 申报表 of a submitted application of `owner`, as a PDF response.
pub async fn declaration(
    state: &AppState,
    headers: &HeaderMap,
    owner: &account::Model,
    app: &application::Model,
) -> Result<Response, NotPrinted> {
    let answers = crate::workflow::draft::answers_of(app)
        .map_err(|_| NotPrinted::Unreadable)?
        .0;
    let profile = app
        .profile_json
        .as_deref()
        .and_then(|p| shared::parse_profile(p).ok());
    let verdict = app
        .verdict_json
        .as_deref()
        .and_then(|v| serde_json::from_str::<shared::Verdict>(v).ok());
    let (Some(profile), Some(verdict), Some(submitted_at)) = (profile, verdict, app.submitted_at)
    else {
        tracing::error!(reference = %app.reference, "a submitted application without its profile or verdict");
        return Err(NotPrinted::Unreadable);
    };
    let applicant = Applicant {
        name: owner.real_name.clone(),
        id_type: owner.id_type.clone(),
        id_number: owner.id_number.clone(),
        mobile: owner.mobile.clone(),
    };
    let unit_review = app.appraisal.as_deref().map(|appraisal| UnitReview {
        publicity: app.publicity_start.zip(app.publicity_end),
        appraisal,
    });
    let submitted = Submitted {
        reference: &app.reference,
        submitted_at,
        answers: &answers,
        profile: &profile,
        verdict: &verdict,
        unit_review,
    };
    let declaration = Declaration::new(&applicant, &submitted, &state.round, &status_url(headers));
    let Ok(typesetter) = state.typesetter.get().await else {
        return Err(NotPrinted::Unavailable);
    };
    match tokio::task::spawn_blocking(move || typesetter.pdf(&declaration)).await {
        Ok(Ok(bytes)) => {
            let name = format!("专业技术资格初定申报表-{}.pdf", app.reference);
            let encoded =
                percent_encoding::utf8_percent_encode(&name, percent_encoding::NON_ALPHANUMERIC);
            let disposition = format!(
                "inline; filename=\"declaration-{}.pdf\"; filename*=UTF-8''{encoded}",
                app.reference
            );
            Ok((
                [
                    (header::CONTENT_TYPE, "application/pdf".to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, "private, no-store".to_string()),
                ],
                bytes,
            )
                .into_response())
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, reference = %app.reference, "typesetting the 申报表 failed");
            Err(if matches!(e, TypesetError::MissingGlyphs(_)) {
                NotPrinted::MissingGlyphs
            } else {
                NotPrinted::Unavailable
            })
        }
        Err(e) => {
            tracing::error!(error = %e, "the typesetting task failed");
            Err(NotPrinted::Unavailable)
        }
    }
}

//! Printed documents as responses: the 《专业技术资格初定申报表》 of an application, for its
//! applicant and for its reviewers, typeset from what was submitted and what the unit recorded;
//! the notice of a unit's 公示.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::auth::accounts::Account;
use crate::printed::{
    publicity, Applicant, Declaration, Printable, Submitted, TypesetError, UnitReview,
};
use crate::workflow::certificates::Issued;
use crate::workflow::Application;

/// Why a document was not printed (each logged where it happened).
pub enum NotPrinted {
    /// The stored answers, profile or verdict cannot be read.
    Unreadable,
    /// A character no font has: no PDF with an empty box.
    MissingGlyphs,
    /// The fonts or the typesetting failed.
    Unavailable,
}

/// The absolute address of `path` on the site's public address (`--public-url`), never on the
/// request's Host header, which anyone can write.
fn site_url(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.public_url)
}

/// The applicant's status page, which the 申报表's QR code opens; the reference in it is what the
/// intake desk's scanner types into the desk's search (`shared::status::scanned_reference`).
fn status_url(state: &AppState, reference: &str) -> String {
    site_url(
        state,
        &format!(
            "/apply/status?ref={}",
            shared::status::display_reference(reference)
        ),
    )
}

/// The certificate of `holder` as a PDF response. Its QR code opens the public check with the
/// signed seal after `#` (checked in the browser, offline too); without a seal key, with the
/// number filled in.
pub async fn certificate(
    state: &AppState,
    holder: &Account,
    issued: &Issued,
) -> Result<Response, NotPrinted> {
    let verify = match state.sealing.seal(issued, &holder.real_name) {
        Some(seal) => site_url(state, &format!("/verify#{seal}")),
        None => site_url(state, &format!("/verify?number={}", issued.number)),
    };
    let issuer = "连云港市人才服务中心";
    let document = crate::printed::certificate::Certificate::new(
        issued,
        &holder.real_name,
        &holder.id_number,
        issuer,
        &verify,
        &site_url(state, "/verify"),
    );
    let bytes = typeset(state, document).await?;
    Ok(pdf_response(
        bytes,
        &format!("certificate-{}.pdf", issued.number),
        &format!("专业技术资格证书-{}.pdf", issued.number),
    ))
}

/// The 申报表 of a submitted application of `owner`, as a PDF response.
pub async fn declaration(
    state: &AppState,
    owner: &Account,
    app: &Application,
) -> Result<Response, NotPrinted> {
    let answers = crate::workflow::draft::answers_of(app)
        .map_err(|_| NotPrinted::Unreadable)?
        .0;
    let profile = app
        .profile_json
        .as_deref()
        .and_then(|p| shared::parse_profile(p).ok());
    let verdict = crate::workflow::intake::verdict(app);
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
    let chain = crate::workflow::routing::kept(&app);
    let submitted = Submitted {
        reference: &app.reference,
        submitted_at,
        answers: &answers,
        profile: &profile,
        verdict: &verdict,
        unit_review,
        chain: Some(&chain),
    };
    let declaration = Declaration::new(
        &applicant,
        &submitted,
        &state.round,
        &status_url(state, &app.reference),
    );
    let bytes = typeset(state, declaration).await?;
    Ok(pdf_response(
        bytes,
        &format!("declaration-{}.pdf", app.reference),
        &format!("专业技术资格初定申报表-{}.pdf", app.reference),
    ))
}

/// The notice of a unit's 公示, as a PDF response.
pub async fn publicity_notice(
    state: &AppState,
    page: &content::page_data::PublicityNotice,
) -> Result<Response, NotPrinted> {
    let notice = publicity::Notice::new(page, &state.round);
    let bytes = typeset(state, notice).await?;
    Ok(pdf_response(
        bytes,
        &format!("publicity-{}.pdf", page.today),
        &format!("公示-{}-{}.pdf", page.organisation.name, page.today),
    ))
}

/// The document typeset off the async threads.
async fn typeset<D: Printable + Send + 'static>(
    state: &AppState,
    document: D,
) -> Result<Vec<u8>, NotPrinted> {
    let Ok(typesetter) = state.typesetter.get().await else {
        return Err(NotPrinted::Unavailable);
    };
    match tokio::task::spawn_blocking(move || typesetter.pdf(&document)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => {
            tracing::error!(error = %e, template = D::TEMPLATE, "typesetting failed");
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

/// A PDF shown in the browser, saved under its Chinese name where the browser can.
fn pdf_response(bytes: Vec<u8>, ascii_name: &str, name: &str) -> Response {
    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    let disposition = format!("inline; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}");
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

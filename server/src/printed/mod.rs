//! The printed documents, each a `Printable` with its typst template in `templates/`: the
//! 《专业技术资格初定申报表》 of an application and the notice of a unit's 公示. `Typesetter`
//! turns any of them into a PDF.

pub mod certificate;
pub mod declaration;
pub mod publicity;
mod typeset;

pub use declaration::{Applicant, Declaration, Submitted, UnitReview};
pub use typeset::{LazyTypesetter, TypesetError, Typesetter, DEFAULT_FONT_DIR, FONT_FILES};

/// A document with its template: serialised as the template's `data` input.
pub trait Printable: serde::Serialize {
    /// The template's file name in `templates/`.
    const TEMPLATE: &'static str;
}

/// A QR code as SVG: the 申报表's link to the status page, the second factor's secret.
pub fn qr_svg(text: &str) -> String {
    use qrcode::render::svg;
    // Level Q (25 % recoverable): a printed page survives a fold or a stain.
    match qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::Q) {
        Ok(code) => code
            .render::<svg::Color>()
            .quiet_zone(true)
            .min_dimensions(200, 200)
            .build(),
        // Far below the QR capacity; should it ever fail, show no code rather than no page.
        Err(_) => String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#),
    }
}

//! The electronic certificate of initial determination (五（五））: who, the qualification named by
//! series and level, the number, the date, the issuer, and a QR code to the public verify page.
//! A4, printed in Chinese as issued. The layout lives in `templates/certificate.typ`.

use serde::Serialize;
use shared::Series;

use super::{qr_svg, Printable};
use crate::entity::certificate;

#[derive(Clone, Debug, Serialize)]
pub struct Certificate {
    pub name: String,
    /// Partly hidden, as on every printed list.
    pub id_masked: String,
    pub series: String,
    pub level: String,
    pub qualification: String,
    pub number: String,
    pub issued: String,
    pub issuer: String,
    pub revoked: bool,
    pub qr_svg: String,
    /// The check's address printed in words, for whoever cannot scan the code.
    pub check_address: String,
}

impl Printable for Certificate {
    const TEMPLATE: &'static str = "certificate.typ";
}

impl Certificate {
    /// The certificate `row` of `name` (ID `id_number`), issued by `issuer`; the QR code opens
    /// `verify_url`, and `check_address` (the public check's page) is printed beside it.
    pub fn new(
        row: &certificate::Model,
        name: &str,
        id_number: &str,
        issuer: &str,
        verify_url: &str,
        check_address: &str,
    ) -> Certificate {
        Certificate {
            name: name.to_string(),
            id_masked: shared::identity::mask(id_number),
            series: Series::from_code(&row.series)
                .map(|s| s.label_zh().to_string())
                .unwrap_or_default(),
            level: row
                .level_of()
                .map(|l| l.label_zh().to_string())
                .unwrap_or_default(),
            qualification: row.qualification_words().0,
            number: row.number_shown(),
            issued: row
                .issued_at
                .with_timezone(&crate::clock::china())
                .format("%Y年%-m月%-d日")
                .to_string(),
            issuer: issuer.to_string(),
            revoked: row.revoked_at.is_some(),
            qr_svg: qr_svg(verify_url),
            check_address: check_address.to_string(),
        }
    }
}

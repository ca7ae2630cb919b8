//! `/verify`: anyone checks a certificate by its number and the holder's name. The answer is
//! valid (qualification, level, date), revoked (date), or not found; nothing else about the
//! holder is shown. Works without JavaScript (a GET form; the address can be shared).

use std::collections::BTreeMap;

use app::page_data::{PageData, VerifyData, VerifyResult};
use app::questionnaire::answers::FieldError;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::Router;
use shared::certificate::CertificateNumber;

use crate::clock::china;
use crate::web::error::WebError;
use crate::web::page::Page;
use crate::web::AppState;
use crate::workflow::certificates::{self, Checked};

pub fn routes() -> Router<AppState> {
    Router::new().route("/verify", get(page))
}

async fn page(
    State(state): State<AppState>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Page, WebError> {
    let number = q
        .get("number")
        .map(|n| n.trim().to_string())
        .unwrap_or_default();
    let name = q
        .get("name")
        .map(|n| n.trim().to_string())
        .unwrap_or_default();
    let mut data = VerifyData {
        number: number.clone(),
        name: name.clone(),
        result: None,
    };
    if number.is_empty() && name.is_empty() {
        return Ok(Page::ok().with_data(PageData::Verify(Box::new(data))));
    }
    let mut errors = Vec::new();
    let parsed = match CertificateNumber::parse(&number) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.push(FieldError::new("number", e.zh, e.en));
            None
        }
    };
    if name.is_empty() {
        errors.push(FieldError::new(
            "name",
            "请填写证书上的姓名",
            "Enter the name on the certificate",
        ));
    }
    if let (Some(n), true) = (parsed, errors.is_empty()) {
        data.result = Some(
            match certificates::check(&state.db, n, &name)
                .await
                .map_err(|_| WebError::Unavailable)?
            {
                Checked::Valid(c) => {
                    let (zh, en) = c.qualification_words();
                    VerifyResult::Valid {
                        qualification_zh: zh,
                        qualification_en: en,
                        level: c.level_of(),
                        issued: c.issued_at.with_timezone(&china()).date_naive(),
                    }
                }
                Checked::Revoked(c) => {
                    let (zh, en) = c.qualification_words();
                    VerifyResult::Revoked {
                        qualification_zh: zh,
                        qualification_en: en,
                        revoked: c
                            .revoked_at
                            .map(|r| r.with_timezone(&china()).date_naive())
                            .unwrap_or_default(),
                        reason: c.revoked_reason.clone().unwrap_or_default(),
                    }
                }
                Checked::NotFound => VerifyResult::NotFound,
            },
        );
    }
    Ok(Page::ok()
        .with_errors(errors)
        .with_data(PageData::Verify(Box::new(data))))
}

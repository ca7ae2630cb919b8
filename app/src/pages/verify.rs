//! `/verify`: anyone checks a certificate by its number and the holder's name (a GET form, so it
//! works without JavaScript and the address can be shared; the certificate's QR code opens it with
//! the number filled in).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, ErrorSummary, TextField};
use crate::i18n::td_string;
use crate::page_data::{PageData, VerifyData, VerifyResult};
use crate::site::{fill, use_lang};

#[component]
pub fn VerifyPage() -> impl IntoView {
    let lang = use_lang();
    let data = match use_context::<PageData>() {
        Some(PageData::Verify(d)) => *d,
        _ => VerifyData::default(),
    };
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let title = td_string!(lang, verify.title);
    view! {
        <Title text=error_title(lang, !errors.is_empty(), title)/>
        <ErrorSummary errors=errors lang/>
        <h1>{title}</h1>
        <p class="lead">{td_string!(lang, verify.lead)}</p>
        {data.result.clone().map(|r| match r {
            VerifyResult::Valid { qualification_zh, qualification_en, level, issued } => view! {
                <div class="notice-box verify-valid" role="status" data-testid="verify-result">
                    <h2>{td_string!(lang, verify.valid)}</h2>
                    <p>{fill(td_string!(lang, verify.valid_detail), &[
                        ("qualification", &lang.words(&qualification_zh, &qualification_en)),
                        ("level", &level.map(|l| lang.pick(l.label_zh(), l.label_en()).to_string()).unwrap_or_default()),
                        ("date", &issued.to_string()),
                    ])}</p>
                </div>
            }.into_any(),
            VerifyResult::Revoked { qualification_zh, qualification_en, revoked, reason } => view! {
                <div class="notice-box verify-revoked" role="status" data-testid="verify-result">
                    <h2>{td_string!(lang, verify.revoked)}</h2>
                    <p>{fill(td_string!(lang, verify.revoked_detail), &[
                        ("qualification", &lang.words(&qualification_zh, &qualification_en)),
                        ("date", &revoked.to_string()),
                    ])}</p>
                    <p>{td_string!(lang, verify.revoked_reason)}{reason}</p>
                </div>
            }.into_any(),
            VerifyResult::NotFound => view! {
                <div class="notice-box verify-not-found" role="status" data-testid="verify-result">
                    <h2>{td_string!(lang, verify.not_found)}</h2>
                    <p>{td_string!(lang, verify.not_found_detail)}</p>
                </div>
            }.into_any(),
        })}
        <form method="get" action="/verify" novalidate>
            <TextField id="number" label=td_string!(lang, verify.number) hint=td_string!(lang, verify.number_hint) value=data.number.clone() error=fb.error("number", lang) width="input-medium"/>
            <TextField id="name" label=td_string!(lang, verify.name) value=data.name.clone() error=fb.error("name", lang) autocomplete="off"/>
            <button type="submit" class="button">{td_string!(lang, verify.check)}</button>
        </form>
    }
}

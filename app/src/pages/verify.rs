//! `/verify`: anyone checks a certificate by its number and the holder's name (a GET form, so it
//! works without JavaScript and the address can be shared). The certificate's QR code opens it
//! with the signed seal after `#`: the page's own small script (`seal_check.js`, no framework,
//! with the WebAssembly of `shared::seal` alone) checks the signature with the published keys the
//! page carries (so it holds with the server gone), then asks the server whether it was revoked.
//! What it shows is written here, in `<template>`s in the page's language; the script only
//! fills them in, so the words and markup stay in one place.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::form::feedback::{script_safe, use_feedback};
use crate::form::fields::{error_title, ErrorSummary, TextField};
use crate::page_data::{PageData, VerifyData, VerifyResult};
use crate::site::{fill, use_lang, Lang};
use content::td_string;
use shared::seal::Keyring;

/// The script of the QR code's check; `{wasm}` is its WebAssembly (`scripts/setup.sh` builds it).
pub const SEAL_CHECK_SCRIPT: &str = include_str!("seal_check.js");

/// `text` with each `{name}` made an empty `<span data-slot=name>` for the script to fill.
fn slotted(text: &str) -> impl IntoView {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            break;
        };
        parts.push(before.to_string().into_any());
        parts.push(view! { <span data-slot=name.to_string()></span> }.into_any());
        rest = tail;
    }
    parts.push(rest.to_string().into_any());
    parts
}

/// One outcome of the QR code's check, as a template: the first line and colour say it.
fn outcome(
    part: &'static str,
    state: &'static str,
    class: &'static str,
    heading: &str,
    detail: &str,
) -> impl IntoView {
    let role = if part == "invalid" { "alert" } else { "status" };
    view! {
        <template data-part=part>
            <div
                class=format!("notice-box verify-outcome {class}")
                role=role
                data-testid="seal-online"
                data-outcome=state
            >
                <h2>{heading.to_string()}</h2>
                {(!detail.is_empty()).then(|| view! { <p>{slotted(detail)}</p> })}
            </div>
        </template>
    }
}

/// The check of the QR code's seal: nothing without JavaScript (the page says so); else the
/// script shows the outcome first (valid, revoked with date and reason, not found, or that it
/// could not be confirmed), then what the seal holds.
#[component]
fn SealCheck(keys: Keyring, lang: Lang) -> impl IntoView {
    let keys = script_safe(serde_json::to_string(&keys).unwrap_or_default());
    let row = |label: &str, slot: &'static str, testid: &'static str| {
        view! {
            // A space until filled, so the rows have their height from the first paint.
            <div>
                <dt>{label.to_string()}</dt>
                <dd data-slot=slot data-testid=testid>
                    "\u{a0}"
                </dd>
                <dd></dd>
            </div>
        }
    };
    view! {
        <noscript>
            <p class="hint">{td_string!(lang, verify.seal_needs_js)}</p>
        </noscript>
        <script type="application/json" id="seal-keys" inner_html=keys></script>
        <div
            id="seal-check"
            aria-live="polite"
            data-testid="seal-check"
            data-permanent=td_string!(lang, verify.seal_permanent)
            data-signature=td_string!(lang, verify.qr_seal_line)
        >
            {outcome(
                "checking",
                "pending",
                "verify-pending",
                td_string!(lang, verify.qr_checking),
                td_string!(lang, verify.qr_checking_detail),
            )}
            {outcome(
                "pending",
                "pending",
                "verify-pending",
                td_string!(lang, verify.qr_pending),
                td_string!(lang, verify.qr_checking_detail),
            )}
            {outcome(
                "valid",
                "valid",
                "verify-valid",
                td_string!(lang, verify.qr_valid),
                td_string!(lang, verify.qr_valid_detail),
            )}
            {outcome(
                "revoked",
                "revoked",
                "verify-revoked",
                td_string!(lang, verify.qr_revoked),
                td_string!(lang, verify.qr_revoked_detail),
            )}
            {outcome(
                "not_found",
                "not_found",
                "verify-revoked",
                td_string!(lang, verify.qr_not_found),
                td_string!(lang, verify.qr_not_found_detail),
            )}
            {outcome(
                "too_many",
                "unknown",
                "verify-not-found",
                td_string!(lang, verify.qr_unknown),
                td_string!(lang, verify.too_many),
            )}
            {outcome(
                "unreachable",
                "unknown",
                "verify-not-found",
                td_string!(lang, verify.qr_unknown),
                td_string!(lang, verify.qr_unknown_detail),
            )}
            {outcome(
                "invalid",
                "invalid",
                "verify-revoked",
                td_string!(lang, verify.seal_invalid),
                "{message}",
            )}
            {outcome(
                "unchecked",
                "unknown",
                "verify-not-found",
                td_string!(lang, verify.seal_unchecked),
                td_string!(lang, verify.seal_unchecked_detail),
            )}
            <template data-part="details">
                <h3>{td_string!(lang, verify.qr_details)}</h3>
                // Said once the signature holds (the outline shows before it is checked).
                <p class="hint" data-slot="signature">
                    "\u{a0}"
                </p>
                <dl class="summary-list">
                    {row(td_string!(lang, verify.seal_name), "name", "seal-name")}
                    {row(td_string!(lang, verify.seal_number), "number", "seal-number")}
                    {row(
                        td_string!(lang, verify.seal_qualification),
                        "qualification",
                        "seal-qualification",
                    )} {row(td_string!(lang, verify.seal_series), "series", "seal-series")}
                    {row(td_string!(lang, verify.seal_level), "level", "seal-level")}
                    {row(td_string!(lang, verify.seal_issued), "issued", "seal-issued")}
                    {row(td_string!(lang, verify.seal_validity), "until", "seal-validity")}
                    {row(td_string!(lang, verify.seal_key), "key", "seal-key")}
                </dl>
            </template>
            // Seals printed before layout 2 carry a digest of the ID number, compared here.
            <template data-part="legacy">
                <div class="field">
                    <label class="label" for="seal-id">
                        {td_string!(lang, verify.seal_id_check)}
                    </label>
                    <input class="input input-medium" id="seal-id" type="text" autocomplete="off" />
                </div>
                <p
                    data-testid="seal-id-result"
                    data-matches=td_string!(lang, verify.seal_id_matches)
                    data-differs=td_string!(lang, verify.seal_id_differs)
                ></p>
            </template>
            <template data-part="online-id">
                <p class="hint" data-testid="seal-id-online">
                    {td_string!(lang, verify.seal_id_online)}
                </p>
            </template>
            <div data-testid="seal-result" hidden></div>
        </div>
    }
}

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
        <Title text=error_title(lang, !errors.is_empty(), title) />
        <ErrorSummary errors=errors lang />
        <h1>{title}</h1>
        <p class="lead">{td_string!(lang, verify.lead)}</p>
        <SealCheck keys=data.keys.clone() lang />
        {data
            .result
            .clone()
            .map(|r| match r {
                VerifyResult::Valid { qualification_zh, qualification_en, level, issued } => {
                    view! {
                        <div
                            class="notice-box verify-valid"
                            role="status"
                            data-testid="verify-result"
                        >
                            <h2>{td_string!(lang, verify.valid)}</h2>
                            <p>
                                {fill(
                                    td_string!(lang, verify.valid_detail),
                                    &[
                                        (
                                            "qualification",
                                            &lang.words(&qualification_zh, &qualification_en),
                                        ),
                                        (
                                            "level",
                                            &level
                                                .map(|l| lang.label(l).to_string())
                                                .unwrap_or_default(),
                                        ),
                                        ("date", &issued.to_string()),
                                    ],
                                )}
                            </p>
                        </div>
                    }
                        .into_any()
                }
                VerifyResult::Revoked { qualification_zh, qualification_en, revoked, reason } => {
                    view! {
                        <div
                            class="notice-box verify-revoked"
                            role="status"
                            data-testid="verify-result"
                        >
                            <h2>{td_string!(lang, verify.revoked)}</h2>
                            <p>
                                {fill(
                                    td_string!(lang, verify.revoked_detail),
                                    &[
                                        (
                                            "qualification",
                                            &lang.words(&qualification_zh, &qualification_en),
                                        ),
                                        ("date", &revoked.to_string()),
                                    ],
                                )}
                            </p>
                            <p>{td_string!(lang, verify.revoked_reason)}{reason}</p>
                        </div>
                    }
                        .into_any()
                }
                VerifyResult::TooMany { retry_seconds } => {
                    view! {
                        <div
                            class="notice-box verify-not-found"
                            role="alert"
                            data-testid="verify-result"
                        >
                            <h2>{td_string!(lang, verify.too_many)}</h2>
                            <p>
                                {fill(
                                    td_string!(lang, verify.too_many_detail),
                                    &[("seconds", &retry_seconds.to_string())],
                                )}
                            </p>
                        </div>
                    }
                        .into_any()
                }
                VerifyResult::NotFound => {
                    view! {
                        <div
                            class="notice-box verify-not-found"
                            role="status"
                            data-testid="verify-result"
                        >
                            <h2>{td_string!(lang, verify.not_found)}</h2>
                            <p>{td_string!(lang, verify.not_found_detail)}</p>
                        </div>
                    }
                        .into_any()
                }
            })}
        <form method="get" action="/verify" novalidate>
            <TextField
                id="number"
                label=td_string!(lang, verify.number)
                hint=td_string!(lang, verify.number_hint)
                value=data.number.clone()
                error=fb.error("number", lang)
                width="input-medium"
            />
            <TextField
                id="name"
                label=td_string!(lang, verify.name)
                value=data.name.clone()
                error=fb.error("name", lang)
                autocomplete="off"
            />
            <TextField
                id="id_end"
                label=td_string!(lang, verify.id_end)
                hint=td_string!(lang, verify.id_end_hint)
                value=data.id_end.clone()
                error=fb.error("id_end", lang)
                width="input-short"
                autocomplete="off"
            />
            <button type="submit" class="button">
                {td_string!(lang, verify.check)}
            </button>
        </form>
    }
}

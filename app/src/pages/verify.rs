//! `/verify`: anyone checks a certificate by its number and the holder's name (a GET form, so it
//! works without JavaScript and the address can be shared). The certificate's QR code opens it
//! with the signed seal after `#`: the browser checks the signature with the published keys the
//! page carries (so it holds with the server gone), then asks the server whether it was revoked.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, ErrorSummary, TextField};
use crate::i18n::td_string;
use crate::page_data::{PageData, VerifyData, VerifyResult};
use crate::site::{fill, use_lang, Lang};
use shared::certificate::qualification;
use shared::seal::{Keyring, Opened, Validity};

/// What the QR code's seal said, once the browser has opened it.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq)]
enum Seal {
    Opened(Box<Opened>),
    Refused { zh: String, en: String },
}

/// What the server says of the sealed certificate.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq)]
enum Online {
    Pending,
    Valid,
    Revoked { date: String, reason: String },
    NotFound,
    TooMany,
    Unreachable,
}

/// Asks the server about the sealed certificate (the same question as the form's).
#[cfg(feature = "hydrate")]
async fn ask_online(number: String, name: String) -> Online {
    let name: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let url = format!("/api/v1/certificates/{number}?name={name}");
    let Ok(r) = gloo_net::http::Request::get(&url).send().await else {
        return Online::Unreachable;
    };
    if r.status() == 429 {
        return Online::TooMany;
    }
    if r.status() != 200 {
        return Online::Unreachable;
    }
    let Ok(v) = r.json::<serde_json::Value>().await else {
        return Online::Unreachable;
    };
    let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    match v["status"].as_str() {
        Some("valid") => Online::Valid,
        Some("revoked") => Online::Revoked {
            date: text("revoked"),
            reason: text("reason"),
        },
        Some("not_found") => Online::NotFound,
        _ => Online::Unreachable,
    }
}

/// The check of the QR code's seal: nothing without JavaScript (the page says so), else what
/// the seal holds and whether the server still stands by it.
#[component]
fn SealCheck(keys: Keyring, lang: Lang) -> impl IntoView {
    let seal = RwSignal::new(None::<Seal>);
    let online = RwSignal::new(None::<Online>);
    let id_typed = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    {
        let read = move || {
            let hash = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
            if hash.len() <= 1 {
                seal.set(None);
                online.set(None);
                return;
            }
            match shared::seal::open(&hash, &keys) {
                Ok(opened) => {
                    let number = opened.certificate.number.compact();
                    let name = opened.certificate.name.clone();
                    seal.set(Some(Seal::Opened(Box::new(opened))));
                    online.set(Some(Online::Pending));
                    wasm_bindgen_futures::spawn_local(async move {
                        online.set(Some(ask_online(number, name).await));
                    });
                }
                Err(e) => {
                    seal.set(Some(Seal::Refused {
                        zh: e.zh(),
                        en: e.en(),
                    }));
                    online.set(None);
                }
            }
        };
        let again = read.clone();
        Effect::new(move |_| read());
        let handle = window_event_listener(leptos::ev::hashchange, move |_| again());
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = keys;
    let row = |label: String, value: String, testid: &'static str| {
        view! {
            <div><dt>{label}</dt><dd data-testid=testid>{value}</dd><dd></dd></div>
        }
    };
    view! {
        <noscript><p class="hint">{td_string!(lang, verify.seal_needs_js)}</p></noscript>
        <div aria-live="polite" data-testid="seal-check">
        {move || seal.get().map(|s| match s {
            Seal::Refused { zh, en } => view! {
                <div class="notice-box verify-revoked" role="alert" data-testid="seal-result">
                    <h2>{td_string!(lang, verify.seal_invalid)}</h2>
                    <p>{lang.words(&zh, &en)}</p>
                </div>
            }.into_any(),
            Seal::Opened(o) => {
                let c = o.certificate.clone();
                let q = qualification(c.series, c.level);
                let salt_holder = o.clone();
                view! {
                    <div data-testid="seal-result">
                        // The outcome first, in its colour: the signature alone says nothing of a
                        // revocation, so it is never the headline.
                        {move || {
                            let (class, state, heading, detail) = match online.get().unwrap_or(Online::Pending) {
                                Online::Pending => ("verify-pending", "pending", td_string!(lang, verify.qr_pending).to_string(), String::new()),
                                Online::Valid => ("verify-valid", "valid", td_string!(lang, verify.qr_valid).to_string(), td_string!(lang, verify.qr_valid_detail).to_string()),
                                Online::Revoked { date, reason } => ("verify-revoked", "revoked", td_string!(lang, verify.qr_revoked).to_string(), fill(td_string!(lang, verify.qr_revoked_detail), &[("date", &date), ("reason", &reason)])),
                                Online::NotFound => ("verify-revoked", "not_found", td_string!(lang, verify.qr_not_found).to_string(), td_string!(lang, verify.qr_not_found_detail).to_string()),
                                Online::TooMany => ("verify-not-found", "unknown", td_string!(lang, verify.qr_unknown).to_string(), td_string!(lang, verify.too_many).to_string()),
                                Online::Unreachable => ("verify-not-found", "unknown", td_string!(lang, verify.qr_unknown).to_string(), td_string!(lang, verify.qr_unknown_detail).to_string()),
                            };
                            view! {
                                <div class=format!("notice-box verify-outcome {class}") role="status" data-testid="seal-online" data-outcome=state>
                                    <h2>{heading}</h2>
                                    {(!detail.is_empty()).then(|| view! { <p>{detail}</p> })}
                                </div>
                            }
                        }}
                        <h3>{td_string!(lang, verify.qr_details)}</h3>
                        <p class="hint">{td_string!(lang, verify.qr_seal_line)}</p>
                        <dl class="summary-list">
                            {row(td_string!(lang, verify.seal_name).to_string(), c.name.clone(), "seal-name")}
                            {row(td_string!(lang, verify.seal_number).to_string(), c.number.to_string(), "seal-number")}
                            {row(td_string!(lang, verify.seal_qualification).to_string(), q.map(|q| lang.pick(q.zh, q.en).to_string()).unwrap_or_default(), "seal-qualification")}
                            {row(td_string!(lang, verify.seal_series).to_string(), lang.pick(c.series.label_zh(), c.series.label_en()).to_string(), "seal-series")}
                            {row(td_string!(lang, verify.seal_level).to_string(), lang.pick(c.level.label_zh(), c.level.label_en()).to_string(), "seal-level")}
                            {row(td_string!(lang, verify.seal_issued).to_string(), c.issued.to_string(), "seal-issued")}
                            {row(td_string!(lang, verify.seal_validity).to_string(), match c.validity {
                                Validity::Permanent => td_string!(lang, verify.seal_permanent).to_string(),
                                Validity::Until(d) => d.to_string(),
                            }, "seal-validity")}
                            {row(td_string!(lang, verify.seal_key).to_string(), o.key_id.to_string(), "seal-key")}
                        </dl>
                        {if salt_holder.certificate.legacy_id_digest.is_some() {
                            view! {
                                <div class="field">
                                    <label class="label" for="seal-id">{td_string!(lang, verify.seal_id_check)}</label>
                                    <input class="input input-medium" id="seal-id" type="text" autocomplete="off"
                                        on:input=move |ev| id_typed.set(event_target_value(&ev))/>
                                </div>
                                <p data-testid="seal-id-result">{move || {
                                    let typed = id_typed.get();
                                    (typed.trim().len() >= 15).then(|| match salt_holder.id_matches(&typed) {
                                        Some(true) => td_string!(lang, verify.seal_id_matches),
                                        _ => td_string!(lang, verify.seal_id_differs),
                                    })
                                }}</p>
                            }.into_any()
                        } else {
                            view! { <p class="hint" data-testid="seal-id-online">{td_string!(lang, verify.seal_id_online)}</p> }.into_any()
                        }}
                    </div>
                }.into_any()
            }
        })}
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
        <Title text=error_title(lang, !errors.is_empty(), title)/>
        <ErrorSummary errors=errors lang/>
        <h1>{title}</h1>
        <p class="lead">{td_string!(lang, verify.lead)}</p>
        <SealCheck keys=data.keys.clone() lang/>
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
            VerifyResult::TooMany { retry_seconds } => view! {
                <div class="notice-box verify-not-found" role="alert" data-testid="verify-result">
                    <h2>{td_string!(lang, verify.too_many)}</h2>
                    <p>{fill(td_string!(lang, verify.too_many_detail), &[("seconds", &retry_seconds.to_string())])}</p>
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
            <TextField id="id_end" label=td_string!(lang, verify.id_end) hint=td_string!(lang, verify.id_end_hint) value=data.id_end.clone() error=fb.error("id_end", lang) width="input-short" autocomplete="off"/>
            <button type="submit" class="button">{td_string!(lang, verify.check)}</button>
        </form>
    }
}

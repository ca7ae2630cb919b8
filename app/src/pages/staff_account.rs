//! A staff person's own steps: the page an invitation's link opens (set a password, or give the
//! one of the account they have), and the second factor of center accounts (set it up with an
//! authenticator app and keep the recovery codes; then a code after each password).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, CsrfField, ErrorSummary, PasswordField, TextField};
use crate::page_data::{InviteData, PageData, SecondFactorData};
use crate::site::{fill, use_lang};
use content::td_string;

#[component]
pub fn InvitePage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let title = td_string!(lang, staff_account.invitation);
    let Some(PageData::Invite(InviteData::Open {
        name,
        id_masked,
        organisation,
        role,
        expires_at,
        has_account,
    })) = use_context::<PageData>()
    else {
        return view! {
            <Title text=title />
            <h1>{td_string!(lang, staff_account.link_closed)}</h1>
            <p>{td_string!(lang, staff_account.link_closed_text)}</p>
        }
        .into_any();
    };
    let role = role.map(|r| lang.label(r)).unwrap_or("");
    let action = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    view! {
        <Title text=error_title(lang, !errors.is_empty(), title) />
        <ErrorSummary errors=errors lang />
        <h1>{title}</h1>
        <p class="lead">
            {fill(
                td_string!(lang, staff_account.invited_as),
                &[("name", &name), ("organisation", &organisation), ("role", &role)],
            )}
        </p>
        <dl class="summary-list">
            <div>
                <dt>{td_string!(lang, staff_account.document_number)}</dt>
                <dd>{id_masked}</dd>
                <dd></dd>
            </div>
            <div>
                <dt>{td_string!(lang, staff_account.link_open_until)}</dt>
                <dd>{expires_at.format("%Y-%m-%d %H:%M").to_string()}</dd>
                <dd></dd>
            </div>
        </dl>
        <form method="post" action=action novalidate class="narrow-form">
            <CsrfField />
            {if has_account {
                view! {
                    <p>{td_string!(lang, staff_account.you_have_an_account)}</p>
                    <PasswordField
                        id="password"
                        label=td_string!(lang, staff_account.password_of_your_account)
                        error=fb.error("password", lang)
                        autocomplete="current-password"
                    />
                }
                    .into_any()
            } else {
                view! {
                    <PasswordField
                        id="password"
                        label=td_string!(lang, staff_account.set_a_password)
                        hint=td_string!(lang, staff_account.password_hint)
                        error=fb.error("password", lang)
                        autocomplete="new-password"
                    />
                    <PasswordField
                        id="password_confirm"
                        label=td_string!(lang, staff_account.password_again)
                        error=fb.error("password_confirm", lang)
                        autocomplete="new-password"
                    />
                }
                    .into_any()
            }}
            <button type="submit" class="button">
                {td_string!(lang, staff_account.accept)}
            </button>
        </form>
    }
    .into_any()
}

#[component]
pub fn SecondFactorSetupPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let title = td_string!(lang, staff_account.second_factor);
    match use_context::<PageData>() {
        Some(PageData::SecondFactor(SecondFactorData::RecoveryCodes(codes))) => view! {
            <Title text=title />
            <h1>{td_string!(lang, staff_account.second_factor_on)}</h1>
            <div class="notice-box" role="status">
                <h2>{td_string!(lang, staff_account.recovery_codes)}</h2>
                <p>{td_string!(lang, staff_account.recovery_codes_hint)}</p>
                <ul class="recovery-codes" data-testid="recovery-codes">
                    {codes
                        .into_iter()
                        .map(|c| {
                            view! {
                                <li>
                                    <code>{c}</code>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
            <p>
                <a href="/staff" rel="external" class="button">
                    {td_string!(lang, staff_account.to_the_desk)}
                </a>
            </p>
        }
        .into_any(),
        Some(PageData::SecondFactor(SecondFactorData::Setup { secret, qr_svg })) => view! {
            <Title text=error_title(lang, !errors.is_empty(), title) />
            <ErrorSummary errors=errors lang />
            <h1>{title}</h1>
            <p class="lead">{td_string!(lang, staff_account.setup_lead)}</p>
            <ol>
                <li>{td_string!(lang, staff_account.setup_scan)}</li>
                <li>{td_string!(lang, staff_account.setup_type)}</li>
            </ol>
            <div
                class="qr"
                role="img"
                aria-label=td_string!(lang, staff_account.qr_label)
                inner_html=qr_svg
            ></div>
            <p>
                {td_string!(lang, staff_account.or_type_the_key)}" "
                <code data-testid="totp-secret">{secret.clone()}</code>
            </p>
            <form method="post" action="/account/two-factor" novalidate class="narrow-form">
                <CsrfField />
                <input type="hidden" name="secret" value=secret />
                <TextField
                    id="code"
                    label=td_string!(lang, staff_account.code)
                    hint=td_string!(lang, staff_account.code_hint)
                    value=String::new()
                    error=fb.error("code", lang)
                    inputmode="numeric"
                    autocomplete="one-time-code"
                />
                <button type="submit" class="button">
                    {td_string!(lang, staff_account.turn_on)}
                </button>
            </form>
        }
        .into_any(),
        _ => crate::pages::not_found::NotFound().into_any(),
    }
}

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let title = td_string!(lang, staff_account.second_factor);
    view! {
        <Title text=error_title(lang, !errors.is_empty(), title) />
        <ErrorSummary errors=errors lang />
        <h1>{title}</h1>
        <p class="lead">{td_string!(lang, staff_account.verify_lead)}</p>
        <form method="post" action="/login/two-factor" novalidate class="narrow-form">
            <CsrfField />
            <TextField
                id="code"
                label=td_string!(lang, staff_account.code_or_recovery)
                hint=td_string!(lang, staff_account.code_or_recovery_hint)
                value=String::new()
                error=fb.error("code", lang)
                autocomplete="one-time-code"
            />
            <button type="submit" class="button">
                {td_string!(lang, staff_account.go_on)}
            </button>
        </form>
    }
}

//! Accounts: register, sign in, the account page, change password. Plain HTML forms posting to
//! the server (which answers with a redirect, or this page again with the errors and values).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::IdType;

use crate::form::feedback::use_feedback;
use crate::form::fields::{
    error_title, CsrfField, ErrorSummary, PasswordField, SelectField, TextField,
};
use crate::site::fill;
use crate::site::{use_lang, use_site, Lang};
use content::questionnaire::sections::Choice;
use content::td_string;

fn id_type_choices(lang: Lang) -> Vec<Choice> {
    IdType::ALL
        .iter()
        .map(|t| (t.as_str(), lang.label(*t)))
        .collect()
}

/// Pages for signed-in people send others to the sign-in page (on the server, before any HTML).
fn require_account() {
    #[cfg(feature = "ssr")]
    if use_site().account_name.is_none() {
        leptos_axum::redirect("/login");
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let e = |f: &str| fb.error(f, lang);
    view! {
        <Title text=error_title(
            lang,
            !fb.errors.is_empty(),
            td_string!(lang, account.title_register),
        ) />
        <ErrorSummary errors=fb.errors.clone() lang />
        <h1>{td_string!(lang, account.create_an_account)}</h1>
        <p class="lead">{td_string!(lang, account.register_with_your_own_identity_document)}</p>
        <form method="post" action="/register" novalidate class="narrow-form">
            <CsrfField />
            <TextField
                id="real_name"
                label=td_string!(lang, account.full_name_as_on_your_document)
                value=fb.value("real_name")
                error=e("real_name")
                autocomplete="name"
            />
            <SelectField
                id="id_type"
                label=td_string!(lang, account.document_type)
                choices=id_type_choices(lang)
                placeholder=td_string!(lang, account.choose)
                value=fb.value("id_type")
                error=e("id_type")
            />
            <TextField
                id="id_number"
                label=td_string!(lang, account.document_number)
                hint=td_string!(lang, account.a_resident_id_number_has_18)
                value=fb.value("id_number")
                error=e("id_number")
                autocomplete="off"
            />
            <TextField
                id="mobile"
                label=td_string!(lang, account.mobile_number)
                hint=td_string!(lang, account.n11_digit_mainland_number_or_and)
                value=fb.value("mobile")
                error=e("mobile")
                inputmode="tel"
                autocomplete="tel"
            />
            <PasswordField
                id="password"
                label=td_string!(lang, account.choose_a_password)
                hint=td_string!(lang, account.at_least_8_characters_with_both)
                error=e("password")
                autocomplete="new-password"
            />
            <PasswordField
                id="password_confirm"
                label=td_string!(lang, account.type_the_password_again)
                error=e("password_confirm")
                autocomplete="new-password"
            />
            <button type="submit" class="button">
                {td_string!(lang, account.create_account)}
            </button>
        </form>
        <p>
            {td_string!(lang, account.already_registered)}
            <a href="/login">{td_string!(lang, account.sign_in)}</a>
        </p>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let e = |f: &str| fb.error(f, lang);
    view! {
        <Title text=error_title(
            lang,
            !fb.errors.is_empty(),
            td_string!(lang, account.title_login),
        ) />
        <ErrorSummary errors=fb.errors.clone() lang />
        <h1>{td_string!(lang, account.sign_in)}</h1>
        <form method="post" action="/login" novalidate class="narrow-form">
            <CsrfField />
            <TextField
                id="id_number"
                label=td_string!(lang, account.document_number)
                value=fb.value("id_number")
                error=e("id_number")
                autocomplete="username"
            />
            <PasswordField
                id="password"
                label=td_string!(lang, account.password)
                error=e("password")
                autocomplete="current-password"
            />
            <button type="submit" class="button">
                {td_string!(lang, account.sign_in)}
            </button>
        </form>
        <p>
            {td_string!(lang, account.no_account_yet)}
            <a href="/register">{td_string!(lang, account.create_an_account)}</a>
        </p>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    require_account();
    let lang = use_lang();
    let site = use_site();
    let name = site.account_name.clone().unwrap_or_default();
    view! {
        <Title text=td_string!(lang, account.my_account) />
        {use_query_map()
            .with_untracked(|q| q.get("changed").is_some())
            .then(|| {
                view! {
                    <div class="notice-panel" role="status">
                        <p>{td_string!(lang, account.your_password_has_been_changed)}</p>
                    </div>
                }
            })}
        <h1>{td_string!(lang, account.my_account)}</h1>
        <p class="lead">{fill(td_string!(lang, account.hello_name), &[("name", &name)])}</p>
        <ul class="action-list">
            <li>
                <a href="/apply" rel="external">
                    {td_string!(lang, account.my_application)}
                </a>
            </li>
            <li>
                <a href="/check">{td_string!(lang, account.eligibility_self_check)}</a>
            </li>
            <li>
                <a href="/account/password">{td_string!(lang, account.change_password)}</a>
            </li>
        </ul>
        <form method="post" action="/logout">
            <CsrfField />
            <button type="submit" class="button-secondary">
                {td_string!(lang, account.sign_out)}
            </button>
        </form>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    require_account();
    let lang = use_lang();
    let fb = use_feedback();
    let e = |f: &str| fb.error(f, lang);
    view! {
        <Title text=error_title(
            lang,
            !fb.errors.is_empty(),
            td_string!(lang, account.title_change_password),
        ) />
        <ErrorSummary errors=fb.errors.clone() lang />
        <h1>{td_string!(lang, account.change_password)}</h1>
        <form method="post" action="/account/password" novalidate class="narrow-form">
            <CsrfField />
            <PasswordField
                id="current_password"
                label=td_string!(lang, account.current_password)
                error=e("current_password")
                autocomplete="current-password"
            />
            <PasswordField
                id="password"
                label=td_string!(lang, account.new_password)
                hint=td_string!(lang, account.at_least_8_characters_with_both)
                error=e("password")
                autocomplete="new-password"
            />
            <PasswordField
                id="password_confirm"
                label=td_string!(lang, account.type_the_new_password_again)
                error=e("password_confirm")
                autocomplete="new-password"
            />
            <button type="submit" class="button">
                {td_string!(lang, account.change_password)}
            </button>
        </form>
        <p>
            <a href="/account">{td_string!(lang, account.back_to_my_account)}</a>
        </p>
    }
}

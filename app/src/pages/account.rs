//! Accounts: register, sign in, the account page, change password. Plain HTML forms posting to
//! the server (which answers with a redirect, or this page again with the errors and values).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::IdType;

use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, Choice, CsrfField, ErrorSummary, PasswordField, SelectField, TextField};
use crate::site::{use_lang, use_site, Lang};

fn id_type_choices(lang: Lang) -> Vec<Choice> {
    IdType::ALL.iter().map(|t| (t.as_str(), lang.t(t.label_zh(), t.label_en()))).collect()
}

/// Pages for signed-in people send others to the sign-in page (on the server, before any HTML).
fn require_account() {
    #[cfg(feature = "ssr")]
    if use_site().account_name.is_none() {
        leptos_axum::redirect("/login");
    }
}

fn page_title(lang: Lang, has_errors: bool, zh: &'static str, en: &'static str) -> String {
    error_title(lang, has_errors, lang.t(zh, en))
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let e = |f: &str| fb.error(f, lang);
    view! {
        <Title text=page_title(lang, !fb.errors.is_empty(), "注册账号", "Create an account")/>
        <ErrorSummary errors=fb.errors.clone() lang/>
        <h1>{lang.t("注册账号", "Create an account")}</h1>
        <p class="lead">{lang.t("用您本人的证件注册。每个证件号码只能注册一个账号，申报表上的姓名和证件号码取自这里。", "Register with your own identity document. One account per document number; the application form takes your name and number from here.")}</p>
        <form method="post" action="/register" novalidate class="narrow-form">
            <CsrfField/>
            <TextField id="real_name" label=lang.t("真实姓名", "Full name as on your document") value=fb.value("real_name") error=e("real_name") autocomplete="name"/>
            <SelectField id="id_type" label=lang.t("证件类型", "Document type") choices=id_type_choices(lang)
                placeholder=lang.t("请选择", "Choose") value=fb.value("id_type") error=e("id_type")/>
            <TextField id="id_number" label=lang.t("证件号码", "Document number")
                hint=lang.t("居民身份证为18位，最后一位可能是 X。", "A resident ID number has 18 characters; the last may be X.")
                value=fb.value("id_number") error=e("id_number") autocomplete="off"/>
            <TextField id="mobile" label=lang.t("手机号码", "Mobile number")
                hint=lang.t("11位手机号码；境外号码以 + 和国家代码开头。", "11-digit mainland number, or + and the country code.")
                value=fb.value("mobile") error=e("mobile") inputmode="tel" autocomplete="tel"/>
            <PasswordField id="password" label=lang.t("设置密码", "Choose a password")
                hint=lang.t("至少8位，须同时包含字母和数字。", "At least 8 characters, with both letters and digits.")
                error=e("password") autocomplete="new-password"/>
            <PasswordField id="password_confirm" label=lang.t("再次输入密码", "Type the password again") error=e("password_confirm") autocomplete="new-password"/>
            <button type="submit" class="button">{lang.t("注册", "Create account")}</button>
        </form>
        <p>{lang.t("已有账号？", "Already registered? ")}<a href="/login">{lang.t("登录", "Sign in")}</a></p>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let e = |f: &str| fb.error(f, lang);
    view! {
        <Title text=page_title(lang, !fb.errors.is_empty(), "登录", "Sign in")/>
        <ErrorSummary errors=fb.errors.clone() lang/>
        <h1>{lang.t("登录", "Sign in")}</h1>
        <form method="post" action="/login" novalidate class="narrow-form">
            <CsrfField/>
            <TextField id="id_number" label=lang.t("证件号码", "Document number") value=fb.value("id_number") error=e("id_number") autocomplete="username"/>
            <PasswordField id="password" label=lang.t("密码", "Password") error=e("password") autocomplete="current-password"/>
            <button type="submit" class="button">{lang.t("登录", "Sign in")}</button>
        </form>
        <p>{lang.t("还没有账号？", "No account yet? ")}<a href="/register">{lang.t("注册账号", "Create an account")}</a></p>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    require_account();
    let lang = use_lang();
    let site = use_site();
    let name = site.account_name.clone().unwrap_or_default();
    view! {
        <Title text=lang.t("我的账号", "My account")/>
        {use_query_map().with_untracked(|q| q.get("changed").is_some()).then(|| view! {
            <div class="notice-panel" role="status"><p>{lang.t("密码已修改。", "Your password has been changed.")}</p></div>
        })}
        <h1>{lang.t("我的账号", "My account")}</h1>
        <p class="lead">{match lang { Lang::Zh => format!("{name}，您好。"), Lang::En => format!("Hello, {name}.") }}</p>
        <ul class="action-list">
            <li><a href="/apply" rel="external">{lang.t("我的申报", "My application")}</a></li>
            <li><a href="/check">{lang.t("资格自测", "Eligibility self-check")}</a></li>
            <li><a href="/account/password">{lang.t("修改密码", "Change password")}</a></li>
        </ul>
        <form method="post" action="/logout">
            <CsrfField/>
            <button type="submit" class="button-secondary">{lang.t("退出登录", "Sign out")}</button>
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
        <Title text=page_title(lang, !fb.errors.is_empty(), "修改密码", "Change password")/>
        <ErrorSummary errors=fb.errors.clone() lang/>
        <h1>{lang.t("修改密码", "Change password")}</h1>
        <form method="post" action="/account/password" novalidate class="narrow-form">
            <CsrfField/>
            <PasswordField id="current_password" label=lang.t("当前密码", "Current password") error=e("current_password") autocomplete="current-password"/>
            <PasswordField id="password" label=lang.t("新密码", "New password")
                hint=lang.t("至少8位，须同时包含字母和数字。", "At least 8 characters, with both letters and digits.")
                error=e("password") autocomplete="new-password"/>
            <PasswordField id="password_confirm" label=lang.t("再次输入新密码", "Type the new password again") error=e("password_confirm") autocomplete="new-password"/>
            <button type="submit" class="button">{lang.t("修改密码", "Change password")}</button>
        </form>
        <p><a href="/account">{lang.t("返回我的账号", "Back to my account")}</a></p>
    }
}

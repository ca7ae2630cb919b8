//! The frame of every page: skip link, header with the language switch, the fixed-clock banner,
//! and the footer with the contact window of the notice (六).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::site::{use_lang, use_site};

/// Address and phone of the contact window, as the notice (六) gives them.
pub const CONTACT_ADDRESS_ZH: &str = "海州区花果山大道19-5号一楼跃层办公区连云港市人才服务中心职称申报窗口";
pub const CONTACT_ADDRESS_EN: &str = "Title application window, Lianyungang Talent Service Center, mezzanine of the 1st floor, 19-5 Huaguoshan Avenue, Haizhou District";
pub const CONTACT_PHONE: &str = "0518—85812002";

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    view! {
        <a class="skip-link" href="#main">{lang.t("跳到正文", "Skip to main content")}</a>
        <ClockBanner/>
        <header class="site-header">
            <div class="container header-row">
                <a class="brand" href="/">
                    <span class="brand-org">{lang.t("连云港市人才服务中心", "Lianyungang Talent Service Center")}</span>
                    <span class="brand-sep" aria-hidden="true">" · "</span>
                    <span class="brand-service">{lang.t("专业技术资格初定", "Professional Title Initial Determination")}</span>
                </a>
                <nav class="header-nav" aria-label=lang.t("主导航", "Main navigation")>
                    <a href="/check">{lang.t("资格自测", "Eligibility self-check")}</a>
                    {match use_site().account_name {
                        Some(name) => view! { <a href="/account" class="account-link">{name}</a> }.into_any(),
                        None => view! { <a href="/login">{lang.t("登录 / 注册", "Sign in")}</a> }.into_any(),
                    }}
                    <LangSwitch/>
                </nav>
            </div>
        </header>
        <main id="main" class="container" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="container">
                <p class="footer-title">{lang.t("连云港市人才服务中心 职称申报窗口", "Lianyungang Talent Service Center, title application window")}</p>
                <p>
                    <span class="footer-label">{lang.t("地址：", "Address: ")}</span>
                    {lang.t(CONTACT_ADDRESS_ZH, CONTACT_ADDRESS_EN)}
                </p>
                <p>
                    <span class="footer-label">{lang.t("电话：", "Phone: ")}</span>
                    <a href="tel:051885812002">{CONTACT_PHONE}</a>
                </p>
                <p class="footer-hours">{lang.t("双休日、法定节假日正常休息。", "Closed on weekends and public holidays.")}</p>
            </div>
        </footer>
    }
}

/// The link to the other language. A plain link (the server sets the cookie and redirects back),
/// so it works without JavaScript.
#[component]
fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let other = lang.other();
    let href = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let back = if search.is_empty() { path } else { format!("{path}?{search}") };
        format!("/lang/{}?back={}", other.tag(), encode_query_value(&back))
    };
    view! {
        <a class="lang-switch" href=href hreflang=other.code() lang=other.code() rel="external">
            {match other { crate::site::Lang::En => "English", crate::site::Lang::Zh => "中文" }}
        </a>
    }
}

/// Percent-encodes a value for a query string (what `encodeURIComponent` keeps, kept).
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Says on every page that "today" is fixed, so nobody mistakes a demo for the live service.
#[component]
fn ClockBanner() -> impl IntoView {
    let site = use_site();
    site.fixed_clock.map(|d| {
        let lang = site.lang;
        view! {
            <div class="clock-banner" role="note">
                {lang.t("演示模式：系统日期固定为 ", "Demo mode: the system date is fixed at ")}
                <strong>{d.format("%Y-%m-%d").to_string()}</strong>
                {lang.t("，不是今天的真实日期。", ", not today's real date.")}
            </div>
        }
    })
}

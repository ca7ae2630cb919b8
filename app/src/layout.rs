//! The frame of every page: skip link, header with the language switch, the fixed-clock banner,
//! and the footer with the contact window of the notice (六).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::site::{use_lang, use_site};
use content::td_string;

/// Address and phone of the contact window, as the notice (六) gives them.
pub use content::CONTACT_PHONE;

/// 打印: a button where a person prints a page. It needs the browser's print dialog, so it shows
/// only where a script can open it (the shell's `PRINT_SCRIPT` unhides it); without JavaScript
/// the page's hint says to print with the browser.
#[component]
pub fn PrintButton(lang: crate::site::Lang) -> impl IntoView {
    view! {
        <p class="no-print print-row">
            <button type="button" class="button-secondary" data-print="" hidden=true>
                {td_string!(lang, site.print)}
            </button>
        </p>
    }
}

/// Unhides every print button and opens the print dialog on a press (nonce'd inline, every page).
pub const PRINT_SCRIPT: &str = "addEventListener('DOMContentLoaded',()=>{for(const b of document.querySelectorAll('button[data-print]')){b.hidden=false;b.addEventListener('click',()=>print())}})";

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    view! {
        <a class="skip-link" href="#main">
            {td_string!(lang, layout.skip_to_main_content)}
        </a>
        <ClockBanner />
        <header class="site-header">
            <div class="container header-row">
                <a class="brand" href="/">
                    <span class="brand-org">
                        {td_string!(lang, layout.lianyungang_talent_service_center)}
                    </span>
                    <span class="brand-sep" aria-hidden="true">
                        " · "
                    </span>
                    <span class="brand-service">
                        {td_string!(lang, layout.professional_title_initial_determination)}
                    </span>
                </a>
                <nav class="header-nav" aria-label=td_string!(lang, layout.main_navigation)>
                    <a href="/check">{td_string!(lang, layout.eligibility_self_check)}</a>
                    {match use_site().account_name {
                        Some(name) => {
                            view! {
                                <a href="/account" class="account-link">
                                    {name}
                                </a>
                            }
                                .into_any()
                        }
                        None => {
                            view! { <a href="/login">{td_string!(lang, layout.sign_in)}</a> }
                                .into_any()
                        }
                    }}
                    <TextSizeSwitch />
                    <LangSwitch />
                </nav>
            </div>
        </header>
        <main id="main" class="container" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="container">
                <p class="footer-title">
                    {td_string!(lang, layout.lianyungang_talent_service_center_title_application)}
                </p>
                <p>
                    <span class="footer-label">{td_string!(lang, layout.address)}</span>
                    {td_string!(lang, site.contact_address)}
                </p>
                <p>
                    <span class="footer-label">{td_string!(lang, layout.phone)}</span>
                    <a href="tel:051885812002">{CONTACT_PHONE}</a>
                </p>
                <p class="footer-hours">
                    {td_string!(lang, layout.closed_on_weekends_and_public_holidays)}
                </p>
            </div>
        </footer>
    }
}

/// The link to the other language. A plain link (the server sets the cookie and redirects back),
/// so it works without JavaScript.
#[component]
fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let other = lang.other();
    let href = switch_href("lang", other.tag());
    view! {
        <a class="lang-switch" href=href hreflang=other.code() lang=other.code() rel="external">
            {td_string!(lang, site.other_language)}
        </a>
    }
}

/// 长辈模式 on and off: a link to `/text/{size}` that comes back to this page.
#[component]
fn TextSizeSwitch() -> impl IntoView {
    let lang = use_lang();
    let other = use_site().text.other();
    let href = switch_href("text", other.tag());
    let label = match other {
        crate::site::TextSize::Large => td_string!(lang, site.large_text_on),
        crate::site::TextSize::Standard => td_string!(lang, site.large_text_off),
    };
    view! {
        <a class="text-switch" href=href rel="external" data-testid="text-switch">
            {label}
        </a>
    }
}

/// The address of a preference switch (`/lang/en`, `/text/large`) that comes back to this page.
fn switch_href(
    preference: &'static str,
    tag: &'static str,
) -> impl Fn() -> String + Send + Sync + 'static {
    let location = use_location();
    move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let back = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        format!(
            "/{preference}/{tag}?back={}",
            percent_encoding::utf8_percent_encode(&back, QUERY_VALUE)
        )
    }
}

/// A query value keeps letters, digits, `-_.~` and `/` (what `encodeURIComponent` keeps, and the
/// path separator, so a `back` path stays readable); everything else is percent-encoded.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Says on every page that "today" is fixed, so nobody mistakes a demo for the live service.
#[component]
fn ClockBanner() -> impl IntoView {
    let site = use_site();
    site.fixed_clock.map(|d| {
        let lang = site.lang;
        view! {
            <div class="clock-banner" role="note">
                {td_string!(lang, layout.demo_mode_the_system_date_is)}
                <strong>{d.format("%Y-%m-%d").to_string()}</strong>
                {td_string!(lang, layout.not_today_s_real_date)}
            </div>
        }
    })
}

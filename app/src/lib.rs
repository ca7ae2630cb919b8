//! The pages and components of chuding. Compiled twice: with `ssr` into the server, and with
//! `hydrate` into the WebAssembly that makes the server's HTML interactive.

// The view types of long forms nest deeply.
#![recursion_limit = "512"]

pub mod bundle;
pub mod form;
pub mod layout;
pub mod page_data;
pub mod pages;
pub mod site;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::layout::Layout;
use crate::site::SiteInfo;
use content::td_string;

/// The HTML document around the app. Runs on the server only.
/// The print buttons' script (`layout::PrintButton`), with the request's CSP nonce.
#[cfg(feature = "ssr")]
fn print_script() -> impl IntoView {
    view! { <script nonce=leptos::nonce::use_nonce() inner_html=layout::PRINT_SCRIPT></script> }
}
#[cfg(not(feature = "ssr"))]
fn print_script() -> impl IntoView {}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let site = {
        let identity = site::RequestIdentity::of_request();
        if !identity.nonce.is_empty() {
            provide_context(leptos::nonce::Nonce::from_value(identity.nonce.clone()));
        }
        SiteInfo::from_request(identity)
    };
    #[cfg(not(feature = "ssr"))]
    let site = SiteInfo::default();
    let clock = site.fixed_clock.map(|d| d.format("%Y-%m-%d").to_string());
    let lang = site.lang;
    let text_class = site.text.class();
    let csrf = site.csrf.clone();
    let account = site.account_name.clone();
    let feedback = use_context::<form::feedback::FormFeedback>().map(|f| f.to_script_json());
    let page_data = use_context::<page_data::PageData>().map(|d| page_data::to_script_json(&d));
    // The browser has the bundled round; any other is written out for it.
    let round = use_context::<site::RoundInfo>()
        .filter(|r| !r.bundled)
        .map(|r| form::feedback::script_safe(r.round.to_json_with_its_calendar()));
    provide_context(site);
    #[cfg(feature = "ssr")]
    let bundle = use_context::<http::request::Parts>().map_or(bundle::Bundle::Applicant, |p| {
        bundle::Bundle::for_path(p.uri.path())
    });
    #[cfg(not(feature = "ssr"))]
    let bundle = bundle::Bundle::Applicant;
    let desk = (bundle == bundle::Bundle::Desk)
        .then(|| desk_bundle(&options))
        .flatten();
    #[cfg(feature = "ssr")]
    let applicant = (bundle == bundle::Bundle::Applicant)
        .then(|| view! { <bundle::ApplicantHydration options=options.clone() /> });
    #[cfg(not(feature = "ssr"))]
    let applicant: Option<()> = None;
    #[cfg(feature = "ssr")]
    let seal_check = (bundle == bundle::Bundle::SealCheck)
        .then(|| view! { <bundle::SealCheckScript options=options.clone() /> });
    #[cfg(not(feature = "ssr"))]
    let seal_check: Option<()> = None;
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() class=text_class>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content=td_string!(lang, site.meta_description) />
                // The stylesheet first: it is what the first paint waits for.
                <HashedStylesheet options=options.clone() id="leptos" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                {clock.map(|c| view! { <meta name="chuding-clock" content=c /> })}
                <meta name="csrf-token" content=csrf />
                {account.map(|a| view! { <meta name="chuding-account" content=a /> })}
                {feedback
                    .map(|json| {
                        view! {
                            <script
                                type="application/json"
                                id="chuding-feedback"
                                inner_html=json
                            ></script>
                        }
                    })}
                {page_data
                    .map(|json| {
                        view! {
                            <script
                                type="application/json"
                                id="chuding-page"
                                inner_html=json
                            ></script>
                        }
                    })}
                {round
                    .map(|json| {
                        view! {
                            <script
                                type="application/json"
                                id="chuding-round"
                                inner_html=json
                            ></script>
                        }
                    })}
                // The server-rendered page paints first and works without them: the applicant
                // bundle hydrates at the first sign of use, the desk's when the browser is idle.
                {applicant}
                {desk.map(|options| view! { <HydrationScripts options defer=true /> })}
                <MetaTags />
                {print_script()}
            </head>
            <body>
                <App />
                {seal_check}
            </body>
        </html>
    }
}

/// The desk bundle's options: its name, and its own list of hashed names beside the site's
/// (`hash-desk.txt`, written by `scripts/setup.sh`). `None` when it was not built (a dev build):
/// the desk's pages then work as the server sends them, as with JavaScript off. The site's files
/// do not change while the server runs, so the files are looked for once.
fn desk_bundle(options: &LeptosOptions) -> Option<LeptosOptions> {
    static DESK: std::sync::OnceLock<Option<LeptosOptions>> = std::sync::OnceLock::new();
    DESK.get_or_init(|| find_desk_bundle(options)).clone()
}

fn find_desk_bundle(options: &LeptosOptions) -> Option<LeptosOptions> {
    let output_name = format!("{}-desk", options.output_name);
    let built = if options.hash_files {
        let list = std::path::Path::new(options.hash_file.as_ref()).with_file_name("hash-desk.txt");
        let found = list.is_absolute() && list.exists();
        found.then(|| list.to_string_lossy().into_owned())
    } else {
        let js = std::path::Path::new(options.site_root.as_ref())
            .join(options.site_pkg_dir.as_ref())
            .join(format!("{output_name}.js"));
        js.exists().then(|| options.hash_file.to_string())
    };
    let mut desk = options.clone();
    desk.hash_file = built?.into();
    desk.output_name = output_name.into();
    Some(desk)
}

/// The title as the document gets it. On the server it is written between `<title>` tags as it
/// is (leptos_meta does not escape it), and titles carry names people typed: escaped there. In
/// the browser it is set as text, so it stays as it is.
fn title_text(title: String) -> String {
    if cfg!(feature = "ssr") {
        html_text(&title)
    } else {
        title
    }
}

/// `text` safe between tags: `&`, `<`, `>` and quotes as entities.
pub fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    if use_context::<SiteInfo>().is_none() {
        provide_context(SiteInfo::from_document());
        if let Some(feedback) = form::feedback::FormFeedback::from_document() {
            provide_context(feedback);
        }
        if let Some(data) = page_data::from_document() {
            provide_context(data);
        }
        provide_context(site::RoundInfo::from_document());
    }
    let lang = site::use_lang();
    // Tells tests (and anyone curious) that the WebAssembly has taken over the page.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Title formatter=move |t: String| {
            let title = if t.is_empty() {
                td_string!(lang, site.professional_title_initial_determination).to_string()
            } else {
                format!("{t} - {}", td_string!(lang, site.professional_title_initial_determination))
            };
            title_text(title)
        } />
        <Router>
            <Layout>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("") view=pages::home::HomePage />
                    <Route path=path!("/check") view=pages::check::CheckPage />
                    <Route path=path!("/verify") view=pages::verify::VerifyPage />
                    <Route path=path!("/register") view=pages::account::RegisterPage />
                    <Route path=path!("/login") view=pages::account::LoginPage />
                    <Route path=path!("/account") view=pages::account::AccountPage />
                    <Route path=path!("/account/password") view=pages::account::PasswordPage />
                    <Route path=path!("/apply") view=pages::apply::ApplyPage />
                    <Route path=path!("/apply/review") view=pages::apply::ReviewPage />
                    <Route path=path!("/apply/submitted") view=pages::apply::SubmittedPage />
                    <Route path=path!("/apply/materials") view=pages::after_submit::MaterialsPage />
                    <Route path=path!("/apply/status") view=pages::after_submit::StatusPage />
                    <Route path=path!("/apply/:section") view=pages::apply::SectionPage />
                    <pages::staff::StaffRoutes />
                    <Route path=path!("/invite/:token") view=pages::staff_account::InvitePage />
                    <Route
                        path=path!("/account/two-factor")
                        view=pages::staff_account::SecondFactorSetupPage
                    />
                    <Route
                        path=path!("/login/two-factor")
                        view=pages::staff_account::SecondFactorPage
                    />
                </Routes>
            </Layout>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}

//! What every page needs to know about the request: the language and whether the clock is fixed.
//!
//! The server reads them from the request (cookie `lang`, the `--clock` flag) and writes them into
//! the document (`<html lang>`, `<meta name="chuding-clock">`); the browser reads them back from
//! there, so the hydrated page renders exactly what the server rendered.

use leptos::prelude::*;

/// The languages of the site: leptos_i18n's `Locale`, generated from `app/locales/{zh,en}.json`
/// (Chinese is the default). UI texts are `td_string!(lang, group.key)`.
pub use crate::i18n::Locale as Lang;

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::zh => "zh-CN",
            Lang::en => "en",
        }
    }

    /// The cookie value and the `/lang/{tag}` path segment.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::zh => "zh",
            Lang::en => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "zh" | "zh-CN" => Some(Lang::zh),
            "en" => Some(Lang::en),
            _ => None,
        }
    }

    /// Picks one of the two texts that domain data carries in both languages (labels of the
    /// rules crate's enums, findings); the page's own texts are in the locale files.
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::zh => zh,
            Lang::en => en,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::zh => Lang::en,
            Lang::en => Lang::zh,
        }
    }
}

/// Fills the `{name}` placeholders of a translated text. (leptos_i18n interpolates into plain
/// strings only through its build-script code generation, which brings ICU's data exporter into
/// every build; the few texts with a number or a name in them do not need that.)
pub fn fill(text: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    args.iter().fold(text.to_string(), |text, (name, value)| text.replace(&format!("{{{name}}}"), &value.to_string()))
}

/// A "today" fixed by `chuding serve --clock`, for demos and tests. The server provides it as context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedClock(pub chrono::NaiveDate);

/// Who is asking, as the server's session middleware found it (a request extension).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RequestIdentity {
    /// The CSRF token every form of the page carries (double-submit: it equals a cookie).
    pub csrf: String,
    /// The signed-in account's id and real name.
    pub account: Option<(i32, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SiteInfo {
    pub lang: Lang,
    pub fixed_clock: Option<chrono::NaiveDate>,
    pub csrf: String,
    /// The signed-in person's name, for the header.
    pub account_name: Option<String>,
}

impl SiteInfo {
    /// On the server: from the request's cookie and the server's context.
    #[cfg(feature = "ssr")]
    pub fn from_request() -> SiteInfo {
        let parts = use_context::<http::request::Parts>();
        let lang = parts
            .as_ref()
            .and_then(|parts| lang_from_cookie_header(parts.headers.get(http::header::COOKIE)?.to_str().ok()?))
            .unwrap_or_default();
        let identity = parts.and_then(|p| p.extensions.get::<RequestIdentity>().cloned()).unwrap_or_default();
        let fixed_clock = use_context::<FixedClock>().map(|c| c.0);
        SiteInfo { lang, fixed_clock, csrf: identity.csrf, account_name: identity.account.map(|a| a.1) }
    }

    /// In the browser: from what the server wrote into the document.
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    pub fn from_document() -> SiteInfo {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return SiteInfo::default();
        };
        let lang = doc
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Lang::from_tag(&l))
            .unwrap_or_default();
        let meta = |name: &str| {
            doc.query_selector(&format!("meta[name={name}]"))
                .ok()
                .flatten()
                .and_then(|m| m.get_attribute("content"))
        };
        let fixed_clock = meta("chuding-clock").and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        SiteInfo { lang, fixed_clock, csrf: meta("csrf-token").unwrap_or_default(), account_name: meta("chuding-account") }
    }
}

/// Finds `lang=xx` in a Cookie header.
pub fn lang_from_cookie_header(header: &str) -> Option<Lang> {
    header
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| Lang::from_tag(v.trim()))
}

/// The site information of the page being rendered.
pub fn use_site() -> SiteInfo {
    use_context::<SiteInfo>().unwrap_or_default()
}

pub fn use_lang() -> Lang {
    use_site().lang
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_gives_the_language() {
        assert_eq!(lang_from_cookie_header("a=1; lang=en; b=2"), Some(Lang::en));
        assert_eq!(lang_from_cookie_header("lang=zh"), Some(Lang::zh));
        assert_eq!(lang_from_cookie_header("lang=fr"), None);
        assert_eq!(lang_from_cookie_header("language=en"), None);
    }
}

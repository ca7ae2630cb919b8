//! What every page needs to know about the request: the language and whether the clock is fixed.
//!
//! The server reads them from the request (cookie `lang`, the `--clock` flag) and writes them into
//! the document (`<html lang>`, `<meta name="chuding-clock">`); the browser reads them back from
//! there, so the hydrated page renders exactly what the server rendered.

use std::sync::Arc;

use leptos::prelude::*;
use shared::Round;

/// The languages of the site and the texts' placeholders: see the `content` crate. UI texts are
/// `td_string!(lang, group.key)`.
pub use content::{fill, Lang};

/// 长辈模式 (the MIIT 适老化 guidance for websites): larger text and spacing, higher contrast and
/// larger targets, kept for the visitor in the `text` cookie and switched from the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TextSize {
    #[default]
    Standard,
    Large,
}

impl TextSize {
    /// The cookie value and the `/text/{size}` path segment.
    pub fn tag(self) -> &'static str {
        match self {
            TextSize::Standard => "standard",
            TextSize::Large => "large",
        }
    }

    pub fn from_tag(tag: &str) -> Option<TextSize> {
        match tag {
            "standard" => Some(TextSize::Standard),
            "large" => Some(TextSize::Large),
            _ => None,
        }
    }

    pub fn other(self) -> TextSize {
        match self {
            TextSize::Standard => TextSize::Large,
            TextSize::Large => TextSize::Standard,
        }
    }

    /// The class on `<html>` that the stylesheet enlarges.
    pub fn class(self) -> Option<&'static str> {
        (self == TextSize::Large).then_some("large-text")
    }
}

/// A "today" fixed by `chuding serve --clock`, for demos and tests. The server provides it as context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedClock(pub chrono::NaiveDate);

/// Who is asking, as the server's identity middleware found it (a request extension).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RequestIdentity {
    /// The CSRF token every form of the page carries (double-submit: it equals a cookie).
    pub csrf: String,
    /// The signed-in account's id and real name.
    pub account: Option<(i32, String)>,
    /// The language of the `lang` cookie, if set.
    pub lang: Option<Lang>,
    /// The `text` cookie's size.
    pub text: TextSize,
    /// The nonce of the page's Content-Security-Policy: the one inline script that runs (the
    /// hydration loader) carries it.
    pub nonce: String,
}

impl RequestIdentity {
    /// What the identity middleware found for the request being rendered (nothing outside one).
    #[cfg(feature = "ssr")]
    pub fn of_request() -> RequestIdentity {
        use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<RequestIdentity>().cloned())
            .unwrap_or_default()
    }
}

/// The round the server runs with (`--round FILE` or the bundled one), provided as context by
/// the server. The shell writes it into the document when it is not the bundled round, so the
/// browser's live verdict is judged in the same round as the server's.
#[derive(Clone, Debug)]
pub struct RoundInfo {
    pub round: Arc<Round>,
    /// Whether it is `Round::current()`, which the browser has bundled already.
    pub bundled: bool,
}

impl RoundInfo {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    pub fn from_document() -> RoundInfo {
        let written = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("chuding-round"))
            .and_then(|e| e.text_content())
            .and_then(|json| Round::from_json_with_its_calendar(&json).ok());
        match written {
            Some(round) => RoundInfo {
                round: Arc::new(round),
                bundled: false,
            },
            None => RoundInfo {
                round: Arc::new(Round::current()),
                bundled: true,
            },
        }
    }
}

/// The round of the page being rendered.
pub fn use_round() -> Arc<Round> {
    use_context::<RoundInfo>()
        .map(|r| r.round)
        .unwrap_or_else(|| Arc::new(Round::current()))
}

/// The round's name in the page's language.
pub fn round_name(round: &Round, lang: Lang) -> &str {
    match lang {
        Lang::zh => &round.name_zh,
        Lang::en => &round.name_en,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SiteInfo {
    pub lang: Lang,
    pub text: TextSize,
    pub fixed_clock: Option<chrono::NaiveDate>,
    pub csrf: String,
    /// The signed-in person's name, for the header.
    pub account_name: Option<String>,
}

impl SiteInfo {
    /// On the server: from what the identity middleware found and the server's context.
    #[cfg(feature = "ssr")]
    pub fn from_request(identity: RequestIdentity) -> SiteInfo {
        let fixed_clock = use_context::<FixedClock>().map(|c| c.0);
        SiteInfo {
            lang: identity.lang.unwrap_or_default(),
            text: identity.text,
            fixed_clock,
            csrf: identity.csrf,
            account_name: identity.account.map(|a| a.1),
        }
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
        let text = match doc.document_element().map(|e| e.class_name()) {
            Some(c) if c.split(' ').any(|c| Some(c) == TextSize::Large.class()) => TextSize::Large,
            _ => TextSize::Standard,
        };
        let meta = |name: &str| {
            doc.query_selector(&format!("meta[name={name}]"))
                .ok()
                .flatten()
                .and_then(|m| m.get_attribute("content"))
        };
        let fixed_clock = meta("chuding-clock")
            .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        SiteInfo {
            lang,
            text,
            fixed_clock,
            csrf: meta("csrf-token").unwrap_or_default(),
            account_name: meta("chuding-account"),
        }
    }
}

/// The site information of the page being rendered.
pub fn use_site() -> SiteInfo {
    use_context::<SiteInfo>().unwrap_or_default()
}

pub fn use_lang() -> Lang {
    use_site().lang
}

//! What the pages show and say, without the pages. The server's core (workflow, reports,
//! directory, printed documents) returns these values and the pages render them, so the core
//! compiles without Leptos and the browser's bundle reads the same types:
//!
//! - `page_data`: the typed data of each page the server loads per request;
//! - `questionnaire`: the application's answers as posted, their reading into the engine's
//!   profile, their field errors and every answer in words;
//! - `words` (generated from `locales/{zh,en}.json`): every UI text in both languages, read with
//!   `td_string!(lang, group.key)`.

pub mod page_data;
pub mod questionnaire;

/// Every UI text, a module per group of `locales/*.json` and a function per text (`build.rs`).
pub mod words {
    include!(concat!(env!("OUT_DIR"), "/words.rs"));
}

/// A UI text in a language: `td_string!(lang, group.key)` is `&'static str`. (The name and the
/// syntax are leptos_i18n's, which the pages used before the texts moved here.)
#[macro_export]
macro_rules! td_string {
    ($lang:expr, $group:ident . $key:ident) => {
        $crate::words::$group::$key($lang)
    };
}

/// The center's telephone, on the pages and the printed documents.
pub const CONTACT_PHONE: &str = "0518—85812002";

/// The languages of the site; Chinese is the default.
#[allow(non_camel_case_types)]
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Lang {
    #[default]
    zh,
    en,
}

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

    /// The label of a vocabulary's term (`shared::Vocabulary`: the rules crate's enums) in this
    /// language.
    pub fn label<V: shared::Vocabulary>(self, term: V) -> &'static str {
        self.pick(term.label_zh(), term.label_en())
    }

    /// The same for texts held as strings in both languages (page data: names of qualifications,
    /// tallies, messages worded by the server).
    pub fn words(self, zh: &str, en: &str) -> String {
        match self {
            Lang::zh => zh,
            Lang::en => en,
        }
        .to_string()
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::zh => Lang::en,
            Lang::en => Lang::zh,
        }
    }
}

/// Fills the `{name}` placeholders of a translated text.
pub fn fill(text: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    args.iter().fold(text.to_string(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), &value.to_string())
    })
}

//! Turns the UI texts, `locales/{zh,en}.json` (one group per page or part, one key per text), into
//! `words.rs`: a module per group and a `const fn key(lang) -> &'static str` per text, which the
//! `td_string!` macro calls. A key missing from one language, or a text that is not a string,
//! stops the build with its name; the placeholders are compared by `tests/locales.rs`.

use std::collections::BTreeMap;
use std::fmt::Write;

type Texts = BTreeMap<String, BTreeMap<String, String>>;

fn read(lang: &str) -> Texts {
    let path = format!("locales/{lang}.json");
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not groups of texts: {e}"))
}

/// Keys are Rust identifiers; the few that are keywords are written raw.
fn ident(key: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
        "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
        "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async",
        "await", "dyn", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
        "typeof", "unsized", "virtual", "yield", "try", "gen",
    ];
    if KEYWORDS.contains(&key) {
        format!("r#{key}")
    } else {
        key.to_string()
    }
}

fn main() {
    let zh = read("zh");
    let en = read("en");
    let mut out = String::new();
    for (group, texts) in &zh {
        let Some(en_texts) = en.get(group) else {
            panic!("locales/en.json has no group {group}");
        };
        writeln!(out, "pub mod {} {{\n    use crate::Lang;", ident(group)).unwrap();
        for (key, zh_text) in texts {
            let Some(en_text) = en_texts.get(key) else {
                panic!("locales/en.json has no {group}.{key}");
            };
            writeln!(
                out,
                "    pub const fn {}(lang: Lang) -> &'static str {{\n        match lang {{\n            Lang::zh => {zh_text:?},\n            Lang::en => {en_text:?},\n        }}\n    }}",
                ident(key)
            )
            .unwrap();
        }
        out.push_str("}\n");
        if let Some(extra) = en_texts.keys().find(|k| !texts.contains_key(*k)) {
            panic!("locales/zh.json has no {group}.{extra}");
        }
    }
    if let Some(extra) = en.keys().find(|g| !zh.contains_key(*g)) {
        panic!("locales/zh.json has no group {extra}");
    }
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("words.rs");
    std::fs::write(path, out).unwrap();
}

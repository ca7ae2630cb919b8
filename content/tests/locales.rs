//! The two locale files say the same things: the same keys, no empty text, and the same `{name}`
//! placeholders (a placeholder missing from one language would print a bare `{name}`).

use std::collections::BTreeSet;

use serde_json::Value;

fn texts(lang: &str) -> Vec<(String, String)> {
    let path = format!("{}/locales/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut out = Vec::new();
    for (group, keys) in json.as_object().unwrap() {
        for (key, text) in keys
            .as_object()
            .unwrap_or_else(|| panic!("{path}: {group} is not a group"))
        {
            out.push((
                format!("{group}.{key}"),
                text.as_str()
                    .unwrap_or_else(|| panic!("{path}: {group}.{key} is not a text"))
                    .to_string(),
            ));
        }
    }
    out
}

fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn chinese_and_english_have_the_same_keys_and_placeholders() {
    let zh = texts("zh");
    let en: std::collections::BTreeMap<_, _> = texts("en").into_iter().collect();
    assert!(zh.len() > 250, "only {} texts", zh.len());
    assert_eq!(
        zh.iter().map(|(k, _)| k.as_str()).collect::<BTreeSet<_>>(),
        en.keys().map(String::as_str).collect::<BTreeSet<_>>()
    );
    for (key, zh_text) in &zh {
        let en_text = &en[key];
        assert!(
            !zh_text.trim().is_empty() && !en_text.trim().is_empty(),
            "{key} is empty"
        );
        assert_eq!(
            placeholders(zh_text),
            placeholders(en_text),
            "{key}: placeholders differ"
        );
    }
}

#[test]
fn placeholders_are_filled() {
    use content::fill;
    assert_eq!(
        fill("还有 {days} 个工作日。", &[("days", &13)]),
        "还有 13 个工作日。"
    );
    assert_eq!(
        fill("{q} ({n})", &[("n", &2), ("q", &"Level")]),
        "Level (2)"
    );
}

//! 五（二）「《专业技术资格初定申报表》中“工作单位或人事档案管理部门鉴定意见”栏对申报人须做较全面的
//! 鉴定，不能用“同意申报”等简单表述。」
//!
//! The unit's appraisal is checked here, so the reviewer's page says it as they type and the
//! server refuses the same text: stock phrases on their own, or a text too short to describe the
//! person's work, are not an appraisal.

use crate::clause;
use crate::verdict::{Finding, FindingStatus};

/// The fewest characters of substance an appraisal takes: what is left once stock phrases,
/// punctuation, symbols, spaces and long numbers are taken out. Set from the cases in
/// `shared/data/appraisal/cases.json`: the shortest real appraisal there (a sentence on the
/// work, one on its results) keeps 26, the longest stock one that is not padding 17 (该同志工作
/// 认真负责，表现良好，团结同事: it says nothing a unit could not say of anyone).
pub const MIN_CHARS: usize = 20;

/// The fewest different characters among them: padding (好好好…, ＡＡＡ…) is not a description.
pub const MIN_DISTINCT: usize = 10;

/// Formal statements that say nothing of the person (the notice's example and its like), taken
/// out wherever they stand, the longest first.
pub const STOCK_PHRASES: &[&str] = &[
    "以上情况属实",
    "情况属实同意申报",
    "符合申报条件",
    "同意推荐申报",
    "经单位研究",
    "同意申报",
    "同意推荐",
    "同意上报",
    "同意初定",
    "推荐申报",
    "予以推荐",
    "予以批准",
    "请予审批",
    "鉴定意见",
    "符合条件",
    "符合要求",
    "情况属实",
    "经审核",
    "经研究",
    "审核通过",
    "材料属实",
    "特此证明",
    "特此鉴定",
    "无异议",
    "请审批",
    "望批准",
    "属实",
    "同意",
];

/// Digits in a row from this many on are a phone or ID number, not a description.
const LONG_NUMBER: usize = 6;

/// A full-width letter, digit or sign as its ASCII form (Ａ → A, １ → 1).
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// What is left of the text once punctuation, symbols, spaces (anything neither a letter nor a
/// digit, in any script or width), long numbers and stock phrases are taken out. The browser and
/// the server run this same function.
pub fn substance(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, kept: &mut String| {
        if digits.chars().count() < LONG_NUMBER {
            kept.push_str(digits);
        }
        digits.clear();
    };
    for c in text.chars().map(half_width) {
        if c.is_ascii_digit() || (c == 'X' || c == 'x') && !digits.is_empty() {
            digits.push(c);
            continue;
        }
        flush(&mut digits, &mut kept);
        if c.is_alphanumeric() {
            kept.push(c);
        }
    }
    flush(&mut digits, &mut kept);
    let mut rest = kept;
    for phrase in STOCK_PHRASES {
        rest = rest.replace(phrase, "");
    }
    rest
}

/// The problem with an appraisal, as a finding citing 五（二）, or `None` when it will do.
pub fn check(text: &str) -> Option<Finding> {
    let problem = |zh: String, en: String| {
        Some(
            Finding::new("appraisal", clause::APPRAISAL, FindingStatus::Fail, zh, en)
                .with_field("appraisal"),
        )
    };
    if !text.chars().any(char::is_alphanumeric) {
        return problem("请填写鉴定意见。".into(), "Write the appraisal.".into());
    }
    let substance = substance(text);
    let written = substance.chars().count();
    if written == 0 {
        return problem(
            "鉴定意见须对申报人做较全面的鉴定，不能只用“同意申报”等简单表述：请写明其思想品德、专业技术工作及业绩。".into(),
            "The appraisal must describe the applicant fully, not only say “同意申报” or the like: write about their conduct, professional work and results.".into(),
        );
    }
    let distinct = {
        let mut seen: Vec<char> = substance.chars().collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    };
    if written < MIN_CHARS || distinct < MIN_DISTINCT {
        return problem(
            format!("鉴定意见过于简单：除去“同意申报”等套话、标点符号和号码，只有 {written} 个字，请至少写 {MIN_CHARS} 个字，写明申报人的思想品德、专业技术工作及业绩（通知五（二））。"),
            format!("The appraisal is too short: without stock phrases such as “同意申报”, punctuation, symbols and numbers it has {written} characters; write at least {MIN_CHARS} on the applicant's conduct, professional work and results (notice 5(2))."),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stock_phrases_alone_are_refused_citing_the_notice() {
        for text in [
            "同意申报",
            "同意申报。",
            " 情况属实，同意申报！",
            "符合条件",
            "同意",
            "经审核，情况属实，符合申报条件，同意推荐。",
        ] {
            let f = check(text).unwrap_or_else(|| panic!("{text:?} passed"));
            assert_eq!(f.clause, "5.2");
            assert!(f.message.contains("同意申报"), "{text:?}: {}", f.message);
        }
        assert_eq!(clause::display_zh(clause::APPRAISAL), "五（二）");
    }

    #[test]
    fn a_short_text_is_refused_and_an_empty_one_asked_for() {
        let f = check("该同志工作认真负责，同意申报。").unwrap();
        assert!(f.message.contains("过于简单"), "{}", f.message);
        assert!(check("  ").unwrap().message.contains("请填写"));
        assert!(check("！！？？☆☆").unwrap().message.contains("请填写"));
    }

    #[test]
    fn symbols_numbers_and_full_width_forms_are_not_substance() {
        assert_eq!(substance("同意申报！！☆★😀"), "");
        assert_eq!(
            substance("电话13812345678，身份证32070619900101001X"),
            "电话身份证"
        );
        assert_eq!(substance("２０２４年考核优秀"), "2024年考核优秀");
        assert_eq!(substance("ＡＢＣ"), "ABC");
    }

    /// The cases the thresholds were set from: every real one passes, every stock one fails.
    #[test]
    fn the_kept_cases_decide() {
        #[derive(serde::Deserialize)]
        struct Cases {
            accept: Vec<String>,
            refuse: Vec<String>,
        }
        let cases: Cases =
            serde_json::from_str(include_str!("../data/appraisal/cases.json")).unwrap();
        assert!(cases.accept.len() >= 20 && cases.refuse.len() >= 20);
        for text in &cases.accept {
            assert_eq!(check(text), None, "refused: {text} ({})", substance(text));
        }
        for text in &cases.refuse {
            assert!(
                check(text).is_some(),
                "accepted: {text} ({})",
                substance(text)
            );
        }
        // The margins: the shortest real one, and the longest stock one that is not padding
        // (padding fails by its few different characters).
        let distinct = |t: &str| {
            let mut c: Vec<char> = substance(t).chars().collect();
            c.sort_unstable();
            c.dedup();
            c.len()
        };
        let shortest = cases
            .accept
            .iter()
            .map(|t| substance(t).chars().count())
            .min();
        let longest = cases
            .refuse
            .iter()
            .filter(|t| distinct(t) >= MIN_DISTINCT)
            .map(|t| substance(t).chars().count())
            .max();
        assert_eq!(
            (shortest, longest),
            (Some(26), Some(17)),
            "the doc of MIN_CHARS says these"
        );
        assert!(longest.unwrap() < MIN_CHARS && MIN_CHARS < shortest.unwrap());
    }

    #[test]
    fn a_real_appraisal_passes_even_with_a_stock_phrase_at_the_end() {
        let text = "该同志遵纪守法，爱岗敬业，2024年7月入职以来从事建筑工程质量检测工作，独立完成检测报告一百余份，\
                    参与市重点工程检测项目三项，年度考核均为合格。经审核，情况属实，同意申报。";
        assert_eq!(check(text), None);
    }
}

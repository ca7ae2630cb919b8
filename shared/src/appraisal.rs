//! 五（二）「《专业技术资格初定申报表》中“工作单位或人事档案管理部门鉴定意见”栏对申报人须做较全面的
//! 鉴定，不能用“同意申报”等简单表述。」
//!
//! The unit's appraisal is checked here, so the reviewer's page says it as they type and the
//! server refuses the same text: stock phrases on their own, or a text too short to describe the
//! person's work, are not an appraisal.

use crate::clause;
use crate::verdict::{Finding, FindingStatus};

/// The fewest characters (punctuation and spaces not counted) a full appraisal takes: a sentence
/// on conduct, one on the work and its results, one on the recommendation.
pub const MIN_CHARS: usize = 30;

/// Simple statements that say nothing of the person (the notice's example and its like).
pub const STOCK_PHRASES: &[&str] = &[
    "情况属实同意申报",
    "同意申报",
    "同意推荐",
    "同意上报",
    "同意初定",
    "符合申报条件",
    "符合条件",
    "情况属实",
    "经审核",
    "审核通过",
    "材料属实",
    "属实",
    "同意",
    "无异议",
    "特此证明",
];

fn is_punctuation_or_space(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || "，。、；：！？“”‘’（）《》【】—…·".contains(c)
}

/// What is left of the text once spaces, punctuation and stock phrases are taken out.
fn substance(text: &str) -> String {
    let mut rest: String = text
        .chars()
        .filter(|c| !is_punctuation_or_space(*c))
        .collect();
    for phrase in STOCK_PHRASES {
        rest = rest.replace(phrase, "");
    }
    rest
}

/// The problem with an appraisal, as a finding citing 五（二）, or `None` when it will do.
pub fn check(text: &str) -> Option<Finding> {
    let written: usize = text
        .chars()
        .filter(|c| !is_punctuation_or_space(*c))
        .count();
    let problem = |zh: String, en: String| {
        Some(
            Finding::new("appraisal", clause::APPRAISAL, FindingStatus::Fail, zh, en)
                .with_field("appraisal"),
        )
    };
    if written == 0 {
        return problem("请填写鉴定意见。".into(), "Write the appraisal.".into());
    }
    if substance(text).is_empty() {
        return problem(
            "鉴定意见须对申报人做较全面的鉴定，不能只用“同意申报”等简单表述：请写明其思想品德、专业技术工作及业绩。".into(),
            "The appraisal must describe the applicant fully, not only say “同意申报” or the like: write about their conduct, professional work and results.".into(),
        );
    }
    if written < MIN_CHARS {
        return problem(
            format!("鉴定意见过于简单（{written} 字），请至少写 {MIN_CHARS} 字，写明申报人的思想品德、专业技术工作及业绩。"),
            format!("The appraisal is too short ({written} characters): write at least {MIN_CHARS}, on the applicant's conduct, professional work and results."),
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
    }

    #[test]
    fn a_real_appraisal_passes_even_with_a_stock_phrase_at_the_end() {
        let text = "该同志遵纪守法，爱岗敬业，2024年7月入职以来从事建筑工程质量检测工作，独立完成检测报告一百余份，\
                    参与市重点工程检测项目三项，年度考核均为合格。经审核，情况属实，同意申报。";
        assert_eq!(check(text), None);
    }
}

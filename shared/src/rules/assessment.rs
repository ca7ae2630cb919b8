//! 二（三）「单位年度考核均在合格以上。」

use std::borrow::Cow;

use super::required_years::{describe_years, mark, required_years, Duplicates, YearMark};
use super::{Ctx, Findings};
use crate::clause;
use crate::verdict::{Finding, FindingStatus::*};

const RULE: &str = "assessment.annual";

/// Every required year's assessment is excellent or qualified; a year without a record is
/// missing, any other result fails.
pub fn annual(ctx: &Ctx, out: &mut Findings) {
    let c = clause::ANNUAL_ASSESSMENT;
    let Some(start) = ctx.profile.work_start_date else {
        out.push(
            Finding::new(
                RULE,
                c,
                Missing,
                "请填写参加工作时间，以确定须提供年度考核的年份。",
                "Enter the date you started work: it fixes the years whose assessments are needed.",
            )
            .with_field("work_start_date"),
        );
        return;
    };
    let range = required_years(start, ctx.cutoff);
    if range.is_empty() {
        out.push(
            Finding::new(
                RULE,
                c,
                Pass,
                "参加工作时间较短，本次无须提供年度考核结果。",
                "Work started recently: no annual assessment is required this round.",
            )
            .with_facts(format!("参加工作 {start}，资历计算到 {}", ctx.cutoff))
            .with_field("work_start_date"),
        );
        return;
    }
    let list = &ctx.profile.annual_assessments;
    let m = mark(
        range,
        list.iter()
            .map(|a| (a.year, a.result.map(|r| r.is_qualified_or_better()))),
        Duplicates::BadWins,
    );
    let mut decided = false;
    if let Some(i) = m.first_bad {
        decided = true;
        let bad = describe_years(m.years_with(YearMark::Bad), 6);
        out.push(
            Finding::new(
                RULE,
                c,
                Fail,
                format!("{bad} 年度考核未达到合格以上，不符合初定条件。"),
                format!("The annual assessment of {bad} is below qualified."),
            )
            .with_facts(format!(
                "须 {}–{} 年度考核均合格以上",
                range.first, range.last
            ))
            .with_field(format!("annual_assessments[{i}].result")),
        );
    }
    if m.any(YearMark::Absent) {
        decided = true;
        let absent = describe_years(m.years_with(YearMark::Absent), 6);
        let field: Cow<'static, str> = match m.first_unanswered {
            Some(i) => format!("annual_assessments[{i}].result").into(),
            None => "annual_assessments".into(),
        };
        out.push(
            Finding::new(
                RULE,
                c,
                Missing,
                format!("请填写 {absent} 年度考核结果。"),
                format!("Enter the annual assessment of {absent}."),
            )
            .with_facts(format!(
                "须 {}–{} 年度考核均合格以上",
                range.first, range.last
            ))
            .with_field(field),
        );
    }
    if !decided {
        out.push(
            Finding::new(
                RULE,
                c,
                Pass,
                format!("{}–{} 年度考核均在合格以上。", range.first, range.last),
                format!(
                    "Every annual assessment {}–{} is qualified or better.",
                    range.first, range.last
                ),
            )
            .with_field("annual_assessments"),
        );
    }
}

//! 二（四）「参加继续教育，从参加工作时开始，每年至少参加1门公共科目学习并考核合格。」

use std::borrow::Cow;

use super::required_years::{describe_years, mark, required_years, Duplicates, YearMark};
use super::{Ctx, Findings};
use crate::clause;
use crate::verdict::{Finding, FindingStatus::*};

const RULE: &str = "ce.public_subject";

/// Every required year has at least one public subject passed; a year without a record is
/// missing, a year with 0 fails.
pub fn public_subject(ctx: &Ctx, out: &mut Findings) {
    let c = clause::CONTINUING_EDUCATION;
    let Some(start) = ctx.profile.work_start_date else {
        out.push(Finding::new(RULE, c, Missing,
            "请填写参加工作时间，以确定须参加继续教育的年份。",
            "Enter the date you started work: it fixes the years of continuing education needed.")
            .with_field("work_start_date"));
        return;
    };
    let range = required_years(start, ctx.cutoff);
    if range.is_empty() {
        out.push(
            Finding::new(
                RULE,
                c,
                Pass,
                "参加工作时间较短，本次无须提供继续教育公共科目成绩。",
                "Work started recently: no continuing-education year is required this round.",
            )
            .with_facts(format!("参加工作 {start}，资历计算到 {}", ctx.cutoff))
            .with_field("work_start_date"),
        );
        return;
    }
    let list = &ctx.profile.continuing_education;
    let m = mark(
        range,
        list.iter()
            .map(|e| (e.year, e.public_subjects_passed.map(|n| n >= 1))),
        Duplicates::GoodWins,
    );
    let mut decided = false;
    if m.any(YearMark::Bad) {
        decided = true;
        let bad = describe_years(m.years_with(YearMark::Bad), 6);
        let field: Cow<'static, str> = match m.first_bad {
            Some(i) => format!("continuing_education[{i}].public_subjects_passed").into(),
            None => "continuing_education".into(),
        };
        out.push(
            Finding::new(
                RULE,
                c,
                Fail,
                format!(
                    "{bad} 年度未有公共科目考核合格，每年至少须参加 1 门公共科目学习并考核合格。"
                ),
                format!("No public subject passed in {bad}; at least one is needed every year."),
            )
            .with_facts(format!(
                "须 {}–{} 每年至少 1 门公共科目合格",
                range.first, range.last
            ))
            .with_field(field),
        );
    }
    if m.any(YearMark::Absent) {
        decided = true;
        let absent = describe_years(m.years_with(YearMark::Absent), 6);
        let field: Cow<'static, str> = match m.first_unanswered {
            Some(i) => format!("continuing_education[{i}].public_subjects_passed").into(),
            None => "continuing_education".into(),
        };
        out.push(
            Finding::new(
                RULE,
                c,
                Missing,
                format!("请填写 {absent} 年度继续教育公共科目考核合格门数。"),
                format!("Enter the public subjects passed in {absent}."),
            )
            .with_facts(format!(
                "须 {}–{} 每年至少 1 门公共科目合格",
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
                format!(
                    "{}–{} 每年至少 1 门公共科目考核合格。",
                    range.first, range.last
                ),
                format!(
                    "At least one public subject passed every year {}–{}.",
                    range.first, range.last
                ),
            )
            .with_field("continuing_education"),
        );
    }
}

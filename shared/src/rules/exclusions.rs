//! 一（第二段）「公务员（含参公单位人员）、退休人员不得申报初定职称。受到党纪、政务、行政处分的人员，
//! 在影响期内不得申报职称初定。」 Each question must be answered; `true` excludes.

use super::{Ctx, Findings};
use crate::clause;
use crate::verdict::{Finding, FindingStatus::*};

fn exclusion(
    out: &mut Findings,
    answer: Option<bool>,
    rule: &'static str,
    field: &'static str,
    [fail_zh, fail_en, pass_zh, pass_en, ask_zh, ask_en]: [&'static str; 6],
) {
    let (status, zh, en) = match answer {
        Some(true) => (Fail, fail_zh, fail_en),
        Some(false) => (Pass, pass_zh, pass_en),
        None => (Missing, ask_zh, ask_en),
    };
    out.push(Finding::new(rule, clause::EXCLUSIONS, status, zh, en).with_field(field));
}

/// 「公务员（含参公单位人员）……不得申报初定职称。」
pub fn civil_servant(ctx: &Ctx, out: &mut Findings) {
    exclusion(
        out,
        ctx.profile.civil_servant,
        "exclusion.civil_servant",
        "civil_servant",
        [
            "公务员（含参公单位人员）不得申报初定职称。",
            "Civil servants (incl. staff of units managed as civil service) may not apply.",
            "非公务员（含参公单位人员）。",
            "Not a civil servant.",
            "请说明是否为公务员（含参公单位人员）。",
            "State whether you are a civil servant (incl. units managed as civil service).",
        ],
    );
}

/// 「……退休人员不得申报初定职称。」
pub fn retired(ctx: &Ctx, out: &mut Findings) {
    exclusion(
        out,
        ctx.profile.retired,
        "exclusion.retired",
        "retired",
        [
            "退休人员不得申报初定职称。",
            "Retirees may not apply.",
            "非退休人员。",
            "Not retired.",
            "请说明是否已退休。",
            "State whether you are retired.",
        ],
    );
}

/// 「受到党纪、政务、行政处分的人员，在影响期内不得申报职称初定。」
pub fn sanction(ctx: &Ctx, out: &mut Findings) {
    exclusion(out, ctx.profile.sanction_in_effect, "exclusion.sanction", "sanction_in_effect", [
        "受到党纪、政务、行政处分的人员，在影响期内不得申报职称初定。",
        "People within the period of a Party, governmental or administrative sanction may not apply.",
        "不在党纪、政务、行政处分影响期内。",
        "Not within a sanction's period.",
        "请说明是否处于党纪、政务、行政处分影响期内。",
        "State whether a Party, governmental or administrative sanction is in effect.",
    ]);
}

//! 二（五）「对已实行职业准入的新闻、播音、律师、公证员等系列(专业)的人员，须取得相应资格后方可初定。」

use super::{Ctx, Findings};
use crate::clause;
use crate::verdict::{Finding, FindingStatus::*};

/// For an access series: `false` fails, `true` needs the certificate number, unanswered is missing.
pub fn qualification(ctx: &Ctx, out: &mut Findings) {
    let Some(series) = ctx.profile.series else {
        return;
    };
    if !ctx.round.is_access_series(series) {
        return;
    }
    let rule = "access.qualification";
    let c = clause::ACCESS;
    let p = ctx.profile;
    out.push(match p.has_access_qualification {
        Some(false) => Finding::new(
            rule,
            c,
            Fail,
            format!(
                "{}系列已实行职业准入，须取得相应资格后方可初定。",
                series.label_zh()
            ),
            format!(
                "The {} series requires the occupational-access qualification first.",
                series.label_en()
            ),
        )
        .with_field("has_access_qualification"),
        None => Finding::new(
            rule,
            c,
            Missing,
            format!(
                "{}系列已实行职业准入，请说明是否已取得相应资格。",
                series.label_zh()
            ),
            format!(
                "The {} series requires an access qualification: state whether you hold it.",
                series.label_en()
            ),
        )
        .with_field("has_access_qualification"),
        Some(true) => match p
            .access_qualification_no
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            Some(no) => Finding::new(
                rule,
                c,
                Pass,
                "已取得职业准入资格。",
                "Holds the occupational-access qualification.",
            )
            .with_facts(format!("资格证书编号 {no}"))
            .with_field("access_qualification_no"),
            None => Finding::new(
                rule,
                c,
                Missing,
                "请填写职业准入资格证书编号。",
                "Enter the number of the access certificate.",
            )
            .with_field("access_qualification_no"),
        },
    });
}

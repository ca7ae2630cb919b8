//! 一（末段）「已实行初、中级职称国家统一考试的经济……通信等职称系列（专业），对初级职称实行全省统一考试的
//! 档案专业，考试成绩合格即取得相应层级职称，不再进行相应层级职称初定。」

use super::{Ctx, Findings};
use crate::clause;
use crate::profile::Series;
use crate::verdict::{Finding, FindingStatus::*, Level};

/// Dispatches on the series; an unanswered series is missing.
pub fn check(ctx: &Ctx, level: Option<Level>, out: &mut Findings) {
    match ctx.profile.series {
        None => out.push(
            Finding::new(
                "exam.series",
                clause::EXAM_SERIES,
                Missing,
                "请选择申报的职称系列（专业）。",
                "Choose the title series.",
            )
            .with_field("series"),
        ),
        Some(s) if ctx.round.is_exam_series(s) => national_exam_series(s, out),
        Some(s) if ctx.round.is_junior_exam_series(s) => junior_exam_series(s, level, out),
        Some(s) => {
            out.push(
                Finding::new(
                    "exam.series",
                    clause::EXAM_SERIES,
                    Pass,
                    "该系列（专业）实行职称初定。",
                    "This series is open to initial determination.",
                )
                .with_facts(s.label_zh())
                .with_field("series"),
            );
            level_of_series(s, level, out);
        }
    }
}

/// 二（一）1 names the 技术员 (员级) title; a series whose national guideline sets no 员级 (research,
/// the arts, journalism, broadcasting, law, notaries, sports) has nothing to determine at that level,
/// and a certificate could not name it.
fn level_of_series(s: Series, level: Option<Level>, out: &mut Findings) {
    let Some(level) = level else { return };
    if crate::certificate::qualification(s, level).is_some() {
        return;
    }
    out.push(
        Finding::new(
            "exam.series_level",
            clause::PATH_TECHNICIAN,
            Fail,
            format!(
                "{}系列不设{}职称（初级只设助理级），不能初定{}；具备助理级条件后再申报。",
                s.label_zh(),
                level.label_zh(),
                level.label_zh()
            ),
            format!(
                "The {} series has no {} title (its junior level is the assistant level only): apply once the assistant level's conditions are met.",
                s.label_en(),
                level.label_en()
            ),
        )
        .with_field("series"),
    );
}

/// 「已实行初、中级职称国家统一考试的……职称系列（专业）……不再进行相应层级职称初定。」 Every level.
pub fn national_exam_series(s: Series, out: &mut Findings) {
    out.push(Finding::new("exam.national_exam_series", clause::EXAM_SERIES, Fail,
        format!("{}系列已实行初、中级职称国家统一考试，考试合格即取得相应职称，不再进行初定。", s.label_zh()),
        format!("The {} series has national unified exams for junior and intermediate titles: no initial determination.", s.label_en()))
        .with_field("series"));
}

/// 「对初级职称实行全省统一考试的档案专业……不再进行相应层级职称初定。」 Technician and assistant only.
pub fn junior_exam_series(s: Series, level: Option<Level>, out: &mut Findings) {
    let rule = "exam.junior_exam_series";
    out.push(match level {
        Some(Level::Technician | Level::Assistant) => Finding::new(rule, clause::EXAM_SERIES, Fail,
            format!("{}专业初级职称实行全省统一考试，不再进行技术员、助理级初定。", s.label_zh()),
            format!("Junior {} titles come from the provincial exam: no initial determination at technician or assistant level.", s.label_en())),
        Some(Level::Intermediate) => Finding::new(rule, clause::EXAM_SERIES, Pass,
            format!("{}专业仅初级职称实行全省统一考试，中级可以初定。", s.label_zh()),
            format!("Only junior {} titles come from the exam: the intermediate level may be determined.", s.label_en())),
        None => Finding::new(rule, clause::EXAM_SERIES, Info,
            format!("{}专业初级职称（技术员、助理级）实行全省统一考试，不再初定；中级可以初定。", s.label_zh()),
            format!("Junior {} titles come from the provincial exam; only the intermediate level may be determined.", s.label_en())),
    }.with_field("series"));
}

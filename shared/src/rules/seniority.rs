//! 二（一）: the education-and-seniority paths to a level, the probation year, and the
//! requirements every path shares (professional work, post start by the cutoff).

use chrono::{Months, NaiveDate};

use super::education::{Held, Recognition};
use super::{Ctx, Findings};
use crate::clause;
use crate::profile::EducationLevel;
use crate::verdict::{Finding, FindingStatus::*, Level};

/// A level path open to one held credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Path {
    pub level: Level,
    pub clause: &'static str,
    /// Whether the path needs the probation year (二（一）1, 2).
    pub probation: bool,
    pub held: Held,
}

/// Whether a path holds, may still hold once questions are answered, or fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PathState {
    Fails,
    Unknown,
    Holds,
}

/// 二（一）4「具备博士学位，从事本专业技术工作，经考察合格，可初定中级职称。」
pub fn doctorate_path(h: Held) -> Option<Path> {
    (h.level == EducationLevel::Doctorate && h.degree).then_some(Path {
        level: Level::Intermediate,
        clause: clause::PATH_DOCTORATE,
        probation: false,
        held: h,
    })
}

/// 二（一）3「具备硕士学历或学位、或具备第二学士学位，从事本专业技术工作，经考察合格，可初定助理级职称。」
/// A doctorate diploma without the degree counts here too (spec rule 4).
pub fn master_path(h: Held) -> Option<Path> {
    let ok = match h.level {
        EducationLevel::Master => true,
        EducationLevel::SecondBachelor => h.degree,
        EducationLevel::Doctorate => !h.degree,
        _ => false,
    };
    ok.then_some(Path {
        level: Level::Assistant,
        clause: clause::PATH_MASTER,
        probation: false,
        held: h,
    })
}

/// 二（一）2「具备大学本科学历或学位，在本专业技术岗位见习1年期满，经考察合格，可初定助理级职称。」
/// A second-bachelor diploma without the degree counts as a bachelor diploma (NOTES.md).
pub fn bachelor_path(h: Held) -> Option<Path> {
    let ok = match h.level {
        EducationLevel::Bachelor => true,
        EducationLevel::SecondBachelor => !h.degree,
        _ => false,
    };
    ok.then_some(Path {
        level: Level::Assistant,
        clause: clause::PATH_BACHELOR,
        probation: true,
        held: h,
    })
}

/// 二（一）1「具备大学专科、中等职业学校毕业学历，在本专业技术岗位见习1年期满，经考察合格，可初定技术员职称。」
pub fn technician_path(h: Held) -> Option<Path> {
    (matches!(
        h.level,
        EducationLevel::Associate | EducationLevel::SecondaryVocational
    ) && h.diploma)
        .then_some(Path {
            level: Level::Technician,
            clause: clause::PATH_TECHNICIAN,
            probation: true,
            held: h,
        })
}

/// The path a held credential opens, if any.
pub fn path_of(h: Held) -> Option<Path> {
    doctorate_path(h)
        .or_else(|| master_path(h))
        .or_else(|| bachelor_path(h))
        .or_else(|| technician_path(h))
}

/// The probation year of a path (二（一）1, 2): it starts on the later of the post start and
/// the graduation, and is complete when start + 12 calendar months ≤ cutoff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probation {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub complete: bool,
    /// Whether the graduation (not the post start) fixed the start.
    pub started_by_graduation: bool,
}

pub fn probation(ctx: &Ctx, p: &Path) -> Option<Probation> {
    let post = ctx.profile.post_start_date?;
    let started_by_graduation = p.held.graduation > post;
    let start = post.max(p.held.graduation);
    let end = start.checked_add_months(Months::new(12));
    Some(Probation {
        start,
        end,
        complete: end.is_some_and(|e| e <= ctx.cutoff),
        started_by_graduation,
    })
}

fn state_of(ctx: &Ctx, p: &Path) -> PathState {
    if !p.probation {
        return PathState::Holds;
    }
    match probation(ctx, p) {
        None => PathState::Unknown,
        Some(pr) if !pr.complete => PathState::Fails,
        Some(_) => match ctx.profile.probation_passed {
            Some(true) => PathState::Holds,
            None => PathState::Unknown,
            Some(false) => PathState::Fails,
        },
    }
}

/// 二（一）「从事本专业技术工作」/「在本专业技术岗位见习」: every path needs professional work.
pub fn professional_work(ctx: &Ctx, clause: &'static str, out: &mut Findings) -> PathState {
    let rule = "seniority.professional_work";
    let (state, f) = match ctx.profile.professional_work {
        Some(true) => (
            PathState::Holds,
            Finding::new(
                rule,
                clause,
                Pass,
                "从事本专业技术工作。",
                "Working in the professional field.",
            ),
        ),
        Some(false) => (
            PathState::Fails,
            Finding::new(
                rule,
                clause,
                Fail,
                "初定须从事本专业技术工作（在本专业技术岗位）。",
                "Initial determination requires working in a professional post of the field.",
            ),
        ),
        None => (
            PathState::Unknown,
            Finding::new(
                rule,
                clause,
                Missing,
                "请说明是否在本专业技术岗位从事专业技术工作。",
                "State whether you work in a professional post of the field.",
            ),
        ),
    };
    out.push(f.with_field("professional_work"));
    state
}

/// 二（一）5「申报人员资历时间计算到2026年4月30日。」 The post must start by the cutoff.
pub fn post_start(ctx: &Ctx, out: &mut Findings) -> PathState {
    let rule = "seniority.post_start";
    let (state, f) = match ctx.profile.post_start_date {
        Some(d) if d <= ctx.cutoff => (
            PathState::Holds,
            Finding::new(
                rule,
                clause::CUTOFF,
                Pass,
                format!("{d} 起在本专业技术岗位工作，资历计算到 {}。", ctx.cutoff),
                format!(
                    "In the professional post since {d}; seniority counted to {}.",
                    ctx.cutoff
                ),
            ),
        ),
        Some(d) => (
            PathState::Fails,
            Finding::new(
                rule,
                clause::CUTOFF,
                Fail,
                format!("到岗时间 {d} 晚于资历计算截止日 {}。", ctx.cutoff),
                format!("The post started on {d}, after the cutoff {}.", ctx.cutoff),
            ),
        ),
        None => (
            PathState::Unknown,
            Finding::new(
                rule,
                clause::CUTOFF,
                Missing,
                "请填写现专业技术岗位的到岗时间。",
                "Enter the date you started in the professional post.",
            ),
        ),
    };
    out.push(f.with_field("post_start_date"));
    state
}

/// 二（一）1, 2「在本专业技术岗位见习1年期满」: the probation year is complete by the cutoff.
pub fn probation_year(ctx: &Ctx, p: &Path, pr: &Probation, out: &mut Findings) {
    let field: std::borrow::Cow<'static, str> = if pr.started_by_graduation {
        format!("education[{}].graduation_date", p.held.index).into()
    } else {
        "post_start_date".into()
    };
    let end = pr.end.map_or_else(|| "—".to_string(), |e| e.to_string());
    let facts = format!(
        "见习期自 {} 起，{} 满一年；资历计算到 {}",
        pr.start, end, ctx.cutoff
    );
    let f = if pr.complete {
        Finding::new(
            "seniority.probation",
            p.clause,
            Pass,
            format!("见习期自 {} 起，{end} 满一年，截止日前已期满。", pr.start),
            format!(
                "Probation from {} completes a year on {end}, by the cutoff.",
                pr.start
            ),
        )
    } else {
        Finding::new(
            "seniority.probation",
            p.clause,
            Fail,
            format!(
                "见习期自 {} 起，{end} 方满一年，截至 {} 未满一年。",
                pr.start, ctx.cutoff
            ),
            format!(
                "Probation from {} completes a year only on {end}; not complete by the cutoff {}.",
                pr.start, ctx.cutoff
            ),
        )
    };
    out.push(f.with_facts(facts).with_field(field));
}

/// 二（一）1, 2「见习1年期满，经考察合格」: the probation must have been passed.
pub fn probation_passed(ctx: &Ctx, p: &Path, out: &mut Findings) {
    let rule = "seniority.probation_passed";
    out.push(
        match ctx.profile.probation_passed {
            Some(true) => Finding::new(
                rule,
                p.clause,
                Pass,
                "见习期满经考察合格。",
                "Probation passed.",
            ),
            Some(false) => Finding::new(
                rule,
                p.clause,
                Fail,
                "见习期满须经考察合格方可初定。",
                "The probation must be passed.",
            ),
            None => Finding::new(
                rule,
                p.clause,
                Missing,
                "请说明见习期满是否经考察合格。",
                "State whether you passed the probation assessment.",
            ),
        }
        .with_field("probation_passed"),
    );
}

/// The best path at one level: one without probation, else the earliest probation start.
fn best_at(ctx: &Ctx, held: &[Held], level: Level) -> Option<(Path, PathState)> {
    let mut best: Option<(Path, PathState)> = None;
    for h in held {
        let Some(p) = path_of(*h).filter(|p| p.level == level) else {
            continue;
        };
        let s = state_of(ctx, &p);
        let better = match &best {
            None => true,
            Some((bp, bs)) => {
                s > *bs
                    || (s == *bs
                        && match (p.probation, bp.probation) {
                            (false, true) => true,
                            (true, true) => p.held.graduation < bp.held.graduation,
                            _ => false,
                        })
            }
        };
        if better {
            best = Some((p, s));
        }
    }
    best
}

fn path_findings(ctx: &Ctx, p: &Path, out: &mut Findings, decisive: bool) {
    if !p.probation {
        return;
    }
    let before = out.len();
    if let Some(pr) = probation(ctx, p) {
        probation_year(ctx, p, &pr, out);
        if pr.complete {
            probation_passed(ctx, p, out);
        }
    } else {
        probation_passed(ctx, p, out);
    }
    if !decisive {
        // A higher path that does not hold explains, it does not decide.
        for f in &mut out[before..] {
            if f.status != Pass {
                f.status = Info;
            }
        }
    }
}

fn clause_for_stated(level: Option<EducationLevel>) -> &'static str {
    match level {
        Some(EducationLevel::Doctorate) => clause::PATH_DOCTORATE,
        Some(EducationLevel::Master | EducationLevel::SecondBachelor) => clause::PATH_MASTER,
        Some(EducationLevel::Bachelor) => clause::PATH_BACHELOR,
        Some(EducationLevel::Associate | EducationLevel::SecondaryVocational) => {
            clause::PATH_TECHNICIAN
        }
        None => clause::EDUCATION_SENIORITY,
    }
}

/// 二（一）: the highest level whose path holds. Returns the provisional level: the highest
/// level whose path does not fail.
pub fn check(ctx: &Ctx, recognitions: &[Recognition], out: &mut Findings) -> Option<Level> {
    let held: Vec<Held> = recognitions
        .iter()
        .filter_map(|r| match r {
            Recognition::Held(h) => Some(*h),
            _ => None,
        })
        .collect();
    let top = [Level::Intermediate, Level::Assistant, Level::Technician]
        .into_iter()
        .find_map(|l| best_at(ctx, &held, l));
    let common_clause = top.map_or(clause::EDUCATION_SENIORITY, |(p, _)| p.clause);
    let common = professional_work(ctx, common_clause, out).min(post_start(ctx, out));

    let Some((top_path, _)) = top else {
        no_path(ctx, recognitions, &held, out);
        return None;
    };

    // Levels from the top path down; the decisive one is the first that does not fail.
    let levels: &[Level] = match top_path.level {
        Level::Intermediate => &[Level::Intermediate, Level::Assistant, Level::Technician],
        Level::Assistant => &[Level::Assistant, Level::Technician],
        Level::Technician => &[Level::Technician],
    };
    let mut evaluated: [Option<(Path, PathState)>; 3] = [None; 3];
    for (k, l) in levels.iter().enumerate() {
        evaluated[k] = best_at(ctx, &held, *l).map(|(p, s)| (p, s.min(common)));
    }
    let decisive = evaluated
        .iter()
        .flatten()
        .find(|(_, s)| *s != PathState::Fails)
        .copied();
    let provisional = decisive.map(|(p, _)| p.level);
    let (dp, ds) = decisive
        .or(evaluated[0])
        .unwrap_or((top_path, PathState::Fails));

    for (p, _) in evaluated.iter().flatten() {
        if p.level == dp.level {
            break;
        }
        path_findings(ctx, p, out, false);
    }
    path_findings(ctx, &dp, out, true);
    if ds == PathState::Holds {
        out.push(
            Finding::new(
                "seniority.path",
                dp.clause,
                Pass,
                format!(
                    "具备{}，可初定{}职称。",
                    held_zh(&dp.held),
                    dp.level.label_zh()
                ),
                format!(
                    "{} qualifies for the {} title.",
                    held_en(&dp.held),
                    dp.level.label_en()
                ),
            )
            .with_field(format!("education[{}]", dp.held.index)),
        );
    }
    provisional
}

fn held_zh(h: &Held) -> String {
    let kind = match (h.diploma, h.degree) {
        (true, true) => "学历和学位",
        (false, true) => "学位",
        _ => "学历",
    };
    format!("{}{}", h.level.label_zh(), kind)
}

fn held_en(h: &Held) -> String {
    let kind = match (h.diploma, h.degree) {
        (true, true) => "diploma and degree",
        (false, true) => "degree",
        _ => "diploma",
    };
    format!("{} {}", h.level.label_en(), kind)
}

/// No held credential opens a path: fail naming the nearest path, unless a question is still
/// open (then its missing finding already says so).
fn no_path(ctx: &Ctx, recognitions: &[Recognition], held: &[Held], out: &mut Findings) {
    let _ = ctx;
    if recognitions.is_empty() {
        out.push(
            Finding::new(
                "education.answer",
                clause::EDUCATION_SENIORITY,
                Missing,
                "请填写学历（学位）信息。",
                "Enter your education.",
            )
            .with_field("education"),
        );
        return;
    }
    if recognitions
        .iter()
        .any(|r| matches!(r, Recognition::Pending))
    {
        return;
    }
    let not_yet = recognitions.iter().find_map(|r| match r {
        Recognition::NotYetHeld { level } => Some(*level),
        _ => None,
    });
    let stated = recognitions
        .iter()
        .filter_map(|r| match r {
            Recognition::NotRecognised { stated } => *stated,
            Recognition::Held(h) => Some(h.level),
            Recognition::NotYetHeld { level } => Some(*level),
            Recognition::Pending => None,
        })
        .min(); // EducationLevel is ordered from doctorate down: min is the highest.
    let _ = held;
    let f = match not_yet {
        Some(_) => Finding::new("seniority.path", clause::CUTOFF, Fail,
            format!("截至资历计算截止日 {} 尚未取得可认定的学历（学位），不能初定。", ctx.cutoff),
            format!("No recognised credential is held by the cutoff {}.", ctx.cutoff)),
        None => Finding::new("seniority.path", clause_for_stated(stated), Fail,
            "所填学历（学位）不符合初定的学历要求（须为大学专科、中等职业学校及以上的认可学历）。",
            "No credential meets the education requirement (a recognised secondary-vocational or higher credential)."),
    };
    out.push(f.with_field("education"));
}

//! "When will I qualify?": for a profile that does not yet reach a level, the earliest cutoff
//! date at which it would, and the first round whose cutoff is on or after it.
//!
//! Only three of the notice's conditions change with the cutoff date alone: a credential is
//! held once its graduation date is on or before the cutoff (二（一）5), the post must start by
//! the cutoff (二（一）5), and the probation year ends twelve months after the later of the two
//! (二（一）1, 2). The years whose annual assessment and continuing education are needed grow
//! with the cutoff too (二（三）, 二（四）), but the search assumes those years go well. So the
//! verdict is constant between the dates on which one of the three changes: evaluating the
//! profile on each such date, in order, finds the earliest date exactly, in a handful of
//! evaluations.

use std::borrow::Cow;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::clause;
use crate::coded_enum;
use crate::evaluate::evaluate_at;
use crate::profile::{AnnualAssessment, ApplicantProfile, AssessmentResult, ContinuingEducation};
use crate::round::{Round, RoundAhead};
use crate::rules::required_years::required_years;
use crate::verdict::{Level, Outcome, Verdict};

coded_enum! {
    /// What the search takes for granted about the time ahead.
    Assumption {
        StaysInPost => "stays_in_post",
            "您一直在现专业技术岗位从事本专业技术工作",
            "you stay in your professional post, doing professional work";
        AssessmentsQualified => "assessments_qualified",
            "今后每年的年度考核均为合格以上，见习期满考察合格",
            "every future annual assessment is qualified or better, and the probation is passed";
        ContinuingEducationDone => "continuing_education_done",
            "今后每年均完成继续教育公需科目",
            "you complete the public subjects of continuing education every year";
        RulesUnchanged => "rules_unchanged",
            "以后批次沿用本次通知的条件，批次日期为预计",
            "later rounds keep this notice's conditions; their dates are expected ones";
    }
}

coded_enum! {
    /// A date on which a condition tied to the cutoff changes.
    Milestone {
        PostStarts => "post_starts", "到岗", "the post starts";
        Graduates => "graduates", "取得学历（学位）", "the credential is obtained";
        ProbationEnds => "probation_ends", "见习期满一年", "the probation year ends";
    }
}

/// The change that opens a level on its earliest date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Opening {
    pub milestone: Milestone,
    pub date: NaiveDate,
    /// The clause whose condition the milestone meets.
    pub clause: Cow<'static, str>,
}

/// When one level would be reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelOutlook {
    pub level: Level,
    /// The earliest cutoff date on which the level is reached; `None` when time alone cannot
    /// help (then `in_the_way` says what still stands).
    pub earliest: Option<NaiveDate>,
    /// The first round whose cutoff is on or after `earliest`, when one is known.
    pub round: Option<RoundAhead>,
    pub opening: Option<Opening>,
    /// The clauses that still fail at the last date searched, when time alone cannot help.
    pub in_the_way: Vec<Cow<'static, str>>,
}

/// The answer: per level above the one reached now, and the assumptions made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outlook {
    pub levels: Vec<LevelOutlook>,
    pub assumptions: Vec<Assumption>,
}

impl Outlook {
    /// The lowest level that opens with time, with its date: what the page says first.
    pub fn first_opening(&self) -> Option<&LevelOutlook> {
        self.levels.iter().find(|l| l.earliest.is_some())
    }
}

/// The profile as it would be at `cutoff` if the applicant's situation simply continues: every
/// assessment and continuing-education year not yet recorded goes well, an unanswered probation
/// assessment is passed. What the applicant did answer stays as answered.
pub fn project(profile: &ApplicantProfile, cutoff: NaiveDate) -> ApplicantProfile {
    let mut p = profile.clone();
    if let Some(start) = p.work_start_date {
        let years = required_years(start, cutoff);
        for year in years.first..=years.last {
            if !p.annual_assessments.iter().any(|a| a.year == Some(year)) {
                p.annual_assessments.push(AnnualAssessment {
                    year: Some(year),
                    result: Some(AssessmentResult::Qualified),
                });
            }
            if !p.continuing_education.iter().any(|c| c.year == Some(year)) {
                p.continuing_education.push(ContinuingEducation {
                    year: Some(year),
                    public_subjects_passed: Some(1),
                });
            }
        }
    }
    if p.probation_passed.is_none() {
        p.probation_passed = Some(true);
    }
    p
}

/// The level reached at `cutoff` by the projected profile, if it is eligible.
pub fn reached_at(profile: &ApplicantProfile, round: &Round, cutoff: NaiveDate) -> Option<Level> {
    let v = evaluate_at(&project(profile, cutoff), round, cutoff);
    (v.outcome == Outcome::Eligible)
        .then_some(v.level)
        .flatten()
}

/// The dates after `after` on which a cutoff-tied condition changes, in order.
fn milestones(profile: &ApplicantProfile, after: NaiveDate) -> Vec<Opening> {
    let mut out = Vec::with_capacity(2 + 2 * profile.education.len());
    let post = profile.post_start_date;
    if let Some(d) = post {
        out.push(Opening {
            milestone: Milestone::PostStarts,
            date: d,
            clause: clause::CUTOFF.into(),
        });
    }
    for e in &profile.education {
        let Some(g) = e.graduation_date else { continue };
        out.push(Opening {
            milestone: Milestone::Graduates,
            date: g,
            clause: clause::CUTOFF.into(),
        });
        if let Some(end) = post.and_then(|p| p.max(g).checked_add_months(Months::new(12))) {
            let clause = match e.level {
                Some(crate::profile::EducationLevel::Bachelor)
                | Some(crate::profile::EducationLevel::SecondBachelor) => clause::PATH_BACHELOR,
                _ => clause::PATH_TECHNICIAN,
            };
            out.push(Opening {
                milestone: Milestone::ProbationEnds,
                date: end,
                clause: clause.into(),
            });
        }
    }
    out.retain(|o| o.date > after);
    out.sort_by_key(|o| o.date);
    out.dedup_by_key(|o| o.date);
    out
}

/// The earliest date and round of each level above the one `verdict` reached in `round`.
/// `None` when there is nothing to wait for: every level that time could open is reached
/// already, or a question is still open (then the answer, not time, is what is missing).
pub fn search(profile: &ApplicantProfile, round: &Round, verdict: &Verdict) -> Option<Outlook> {
    if verdict
        .findings
        .iter()
        .any(|f| f.status == crate::verdict::FindingStatus::Missing)
    {
        // A question is still open: the answer, not time, is what is missing.
        return None;
    }
    let now = round.cutoff_date;
    let reached_now = match verdict.outcome {
        Outcome::Eligible => verdict.level,
        _ => reached_at(profile, round, now),
    };
    let wanted: Vec<Level> = Level::ALL
        .iter()
        .copied()
        .filter(|l| reached_now.is_none_or(|r| *l > r))
        .collect();
    if wanted.is_empty() || (verdict.outcome == Outcome::Ineligible && reached_now.is_some()) {
        // Reached already, or reached once the assumed years are answered: nothing to wait for.
        return None;
    }
    let mut levels: Vec<LevelOutlook> = wanted
        .iter()
        .map(|l| LevelOutlook {
            level: *l,
            earliest: None,
            round: None,
            opening: None,
            in_the_way: Vec::new(),
        })
        .collect();
    let mut last = now;
    for m in milestones(profile, now) {
        last = m.date;
        let Some(reached) = reached_at(profile, round, m.date) else {
            continue;
        };
        for l in levels
            .iter_mut()
            .filter(|l| l.earliest.is_none() && l.level <= reached)
        {
            l.earliest = Some(m.date);
            l.round = round
                .ahead
                .iter()
                .find(|r| r.cutoff_date >= m.date)
                .cloned();
            l.opening = Some(m.clone());
        }
        if levels.iter().all(|l| l.earliest.is_some()) {
            break;
        }
    }
    if verdict.outcome == Outcome::Eligible {
        // Eligible now: only a higher level that time opens is worth saying.
        levels.retain(|l| l.earliest.is_some());
        if levels.is_empty() {
            return None;
        }
    }
    if levels.iter().any(|l| l.earliest.is_none()) {
        // What still stands once every milestone has passed.
        let horizon = last.max(now);
        let v = evaluate_at(&project(profile, horizon), round, horizon);
        let mut clauses: Vec<Cow<'static, str>> = v
            .findings
            .iter()
            .filter(|f| f.status == crate::verdict::FindingStatus::Fail)
            .map(|f| f.clause.clone())
            .collect();
        clauses.dedup();
        for l in levels.iter_mut().filter(|l| l.earliest.is_none()) {
            l.in_the_way = if clauses.is_empty() {
                // Eligible at the horizon, but below this level: the education sets the ceiling.
                vec![clause::EDUCATION_SENIORITY.into()]
            } else {
                clauses.clone()
            };
        }
    }
    Some(Outlook {
        levels,
        assumptions: Assumption::ALL.to_vec(),
    })
}

/// The half-year a date falls in, as the notice's rounds are named: "2026 年上半年".
pub fn half_year_zh(d: NaiveDate) -> String {
    format!(
        "{} 年{}半年",
        d.year(),
        if d.month() <= 6 { "上" } else { "下" }
    )
}

pub fn half_year_en(d: NaiveDate) -> String {
    format!(
        "the {} half of {}",
        if d.month() <= 6 { "first" } else { "second" },
        d.year()
    )
}

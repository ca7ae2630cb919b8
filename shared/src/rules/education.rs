//! 二（二）: which credentials count, and as what. Each credential is recognised as a
//! (level, diploma/degree) or not at all; a recognised credential counts only once its
//! graduation date is on or before the cutoff (二（一）5).

use chrono::NaiveDate;

use super::{Ctx, Findings};
use crate::clause;
use crate::profile::{
    Completion, Credential, Education, EducationLevel, EducationSource, TechnicalClass,
};
use crate::verdict::{Finding, FindingStatus::*};

/// A credential the notice recognises, held by the cutoff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Held {
    /// Index in `education`.
    pub index: usize,
    pub level: EducationLevel,
    pub diploma: bool,
    pub degree: bool,
    pub graduation: NaiveDate,
}

/// What became of one credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recognition {
    Held(Held),
    /// Recognised, but graduation is after the cutoff.
    NotYetHeld {
        level: EducationLevel,
    },
    /// A question about it is still open (a missing finding was added).
    Pending,
    /// Not a credential for initial determination; `stated` is the level it claims.
    NotRecognised {
        stated: Option<EducationLevel>,
    },
}

/// A recognised (level, diploma, degree) before the date check.
type Counted = (EducationLevel, bool, bool);

fn field(i: usize, name: &str) -> String {
    format!("education[{i}].{name}")
}

fn missing(
    out: &mut Findings,
    i: usize,
    name: &'static str,
    clause: &'static str,
    zh: &'static str,
    en: &'static str,
) {
    out.push(Finding::new("education.answer", clause, Missing, zh, en).with_field(field(i, name)));
}

fn need_level(out: &mut Findings, i: usize, e: &Education) -> Option<EducationLevel> {
    if e.level.is_none() {
        missing(
            out,
            i,
            "level",
            clause::EDUCATION_SENIORITY,
            "请选择学历（学位）层次。",
            "Choose the level of the credential.",
        );
    }
    e.level
}

fn need_credential(out: &mut Findings, i: usize, e: &Education) -> Option<Credential> {
    if e.credential.is_none() {
        missing(
            out,
            i,
            "credential",
            clause::EDUCATION_SENIORITY,
            "请选择所获为学历、学位或二者均有。",
            "Choose diploma, degree or both.",
        );
    }
    e.credential
}

fn need_completion(
    out: &mut Findings,
    i: usize,
    e: &Education,
    clause: &'static str,
) -> Option<Completion> {
    if e.completion.is_none() {
        missing(
            out,
            i,
            "completion",
            clause,
            "请选择毕业或结业。",
            "Choose graduated or completed without diploma.",
        );
    }
    e.completion
}

fn need_full_time(
    out: &mut Findings,
    i: usize,
    e: &Education,
    clause: &'static str,
) -> Option<bool> {
    if e.full_time.is_none() {
        missing(
            out,
            i,
            "full_time",
            clause,
            "请说明是否为全日制教育。",
            "State whether the studies were full-time.",
        );
    }
    e.full_time
}

fn diploma_degree(c: Credential) -> (bool, bool) {
    match c {
        Credential::Diploma => (true, false),
        Credential::Degree => (false, true),
        Credential::DiplomaAndDegree => (true, true),
    }
}

/// Recognises credential `i` and checks that it is held by the cutoff.
pub fn recognise(ctx: &Ctx, i: usize, e: &Education, out: &mut Findings) -> Recognition {
    let counted = match e.source {
        None => {
            missing(
                out,
                i,
                "source",
                "2.2",
                "请选择学历来源（国民教育、部队院校、党校、技工院校或培训班）。",
                "Choose where the credential comes from.",
            );
            None
        }
        Some(EducationSource::Training) => return training(i, e, out),
        Some(EducationSource::PartySchoolOther) => return party_school_other(i, e, out),
        Some(EducationSource::MilitaryAcademy) => military_academy(i, e, out),
        Some(EducationSource::PartySchoolLongTerm) => party_school_long_term(i, e, out),
        Some(EducationSource::TechnicalSchool) => technical_school(i, e, out),
        Some(EducationSource::Regular) => {
            match need_completion(out, i, e, clause::EDUCATION_SENIORITY) {
                Some(Completion::Graduated) => regular_graduated(i, e, out),
                Some(Completion::CompletedWithoutDiploma) => regular_incomplete(i, e, out),
                None => {
                    need_level(out, i, e);
                    None
                }
            }
        }
    };
    // Every credential that may count still needs its graduation date (二（一）5).
    if e.graduation_date.is_none() && !matches!(counted, Some(Err(_))) {
        missing(
            out,
            i,
            "graduation_date",
            clause::CUTOFF,
            "请填写毕业（结业）时间。",
            "Enter the graduation (completion) date.",
        );
    }
    match (counted, e.graduation_date) {
        (Some(Ok(c)), Some(date)) => held_by_cutoff(ctx, i, c, date, out),
        (Some(Err(stated)), _) => Recognition::NotRecognised { stated },
        _ => Recognition::Pending,
    }
}

/// 二（二）4「各类培训班颁发的修业、结业、专业证书，不能作为学历依据，可作为其专业能力的参考要素。」
pub fn training(i: usize, e: &Education, out: &mut Findings) -> Recognition {
    out.push(Finding::new("education.training", clause::RECOGNITION_TRAINING, Info,
        "培训班颁发的修业、结业、专业证书不能作为学历依据，仅作为专业能力的参考。",
        "Training-course certificates are not credentials; they only document professional ability.")
        .with_field(field(i, "source")));
    Recognition::NotRecognised { stated: e.level }
}

/// 二（二）1: only 「中央党校和省、自治区、直辖市党校对学制两年以上的长期班次学员所授予的党校学历」 count.
pub fn party_school_other(i: usize, e: &Education, out: &mut Findings) -> Recognition {
    out.push(Finding::new("education.party_school", clause::RECOGNITION_MILITARY_PARTY, Info,
        "仅中央党校和省级党校学制两年以上长期班次授予的党校学历予以认可，该党校学历不予认可。",
        "Only Party-school diplomas of central or provincial Party schools for programmes of two years or more are recognised.")
        .with_field(field(i, "source")));
    Recognition::NotRecognised { stated: e.level }
}

/// 二（二）1「经教育行政主管部门认定的部队院校全日制教育毕业证书……在参加职称初定时予以认可。」
/// Counted as stated, when graduated and full-time (the notice says 全日制; see NOTES.md).
pub fn military_academy(
    i: usize,
    e: &Education,
    out: &mut Findings,
) -> Option<Result<Counted, Option<EducationLevel>>> {
    let c = clause::RECOGNITION_MILITARY_PARTY;
    let (level, cred) = (need_level(out, i, e), need_credential(out, i, e));
    let completion = need_completion(out, i, e, c);
    let full_time = need_full_time(out, i, e, c);
    if completion == Some(Completion::CompletedWithoutDiploma) || full_time == Some(false) {
        out.push(
            Finding::new(
                "education.military_academy",
                c,
                Info,
                "部队院校仅认可经教育行政主管部门认定的全日制教育毕业证书，该证书不予认可。",
                "Only full-time graduation certificates of recognised military academies count.",
            )
            .with_field(field(
                i,
                if full_time == Some(false) {
                    "full_time"
                } else {
                    "completion"
                },
            )),
        );
        return Some(Err(level));
    }
    let (level, cred) = (level?, cred?);
    completion?;
    full_time?;
    let (diploma, degree) = diploma_degree(cred);
    out.push(
        Finding::new(
            "education.military_academy",
            c,
            Pass,
            "部队院校全日制教育毕业证书，经认定后予以认可。",
            "Full-time graduation certificate of a recognised military academy: recognised.",
        )
        .with_facts(level.label_zh())
        .with_field(field(i, "source")),
    );
    Some(Ok((level, diploma, degree)))
}

/// 二（二）1「中央党校和省、自治区、直辖市党校对学制两年以上的长期班次学员所授予的党校学历……予以认可。」
pub fn party_school_long_term(
    i: usize,
    e: &Education,
    out: &mut Findings,
) -> Option<Result<Counted, Option<EducationLevel>>> {
    let c = clause::RECOGNITION_MILITARY_PARTY;
    let (level, cred) = (need_level(out, i, e), need_credential(out, i, e));
    let completion = need_completion(out, i, e, c);
    if completion == Some(Completion::CompletedWithoutDiploma) {
        out.push(
            Finding::new(
                "education.party_school",
                c,
                Info,
                "党校学历须为毕业，结业不予认可。",
                "A Party-school diploma counts only on graduation.",
            )
            .with_field(field(i, "completion")),
        );
        return Some(Err(level));
    }
    let (level, cred) = (level?, cred?);
    completion?;
    let (diploma, degree) = diploma_degree(cred);
    out.push(Finding::new("education.party_school", c, Pass,
        "中央党校或省级党校学制两年以上长期班次的党校学历，予以认可。",
        "Diploma of a central or provincial Party school, programme of two years or more: recognised.")
        .with_facts(level.label_zh()).with_field(field(i, "source")));
    Some(Ok((level, diploma, degree)))
}

/// 二（二）2「技工院校中级工班、高级工班、预备技师（技师）班毕业生在参加初定时分别视同中专、大专、本科学历。」
pub fn technical_school(
    i: usize,
    e: &Education,
    out: &mut Findings,
) -> Option<Result<Counted, Option<EducationLevel>>> {
    let c = clause::RECOGNITION_TECHNICAL;
    if e.technical_class.is_none() {
        missing(
            out,
            i,
            "technical_class",
            c,
            "请选择技工院校班次（中级工班、高级工班或预备技师班）。",
            "Choose the technical-school class.",
        );
    }
    let completion = need_completion(out, i, e, c);
    if completion == Some(Completion::CompletedWithoutDiploma) {
        out.push(
            Finding::new(
                "education.technical_school",
                c,
                Info,
                "技工院校须为毕业生方可视同相应学历。",
                "Technical-school students count only as graduates.",
            )
            .with_field(field(i, "completion")),
        );
        return Some(Err(None));
    }
    let class = e.technical_class?;
    completion?;
    let level = match class {
        TechnicalClass::IntermediateWorker => EducationLevel::SecondaryVocational,
        TechnicalClass::SeniorWorker => EducationLevel::Associate,
        TechnicalClass::PreparatoryTechnician => EducationLevel::Bachelor,
    };
    out.push(
        Finding::new(
            "education.technical_school",
            c,
            Pass,
            "技工院校毕业生视同相应学历。",
            "Technical-school graduates count as the corresponding diploma.",
        )
        .with_facts(format!("{}视同{}学历", class.label_zh(), level.label_zh()))
        .with_field(field(i, "technical_class")),
    );
    Some(Ok((level, true, false)))
}

/// 二（一）: a national-education credential counts as stated on graduation.
pub fn regular_graduated(
    i: usize,
    e: &Education,
    out: &mut Findings,
) -> Option<Result<Counted, Option<EducationLevel>>> {
    let (level, cred) = (need_level(out, i, e)?, need_credential(out, i, e)?);
    let (diploma, degree) = diploma_degree(cred);
    let _ = out;
    Some(Ok((level, diploma, degree)))
}

/// 二（二）3「全日制普通高等学校的大中专结业生（未取得学历、学位）在参加初定时可比照相应国民教育序列毕业生降低一个等级。」
pub fn regular_incomplete(
    i: usize,
    e: &Education,
    out: &mut Findings,
) -> Option<Result<Counted, Option<EducationLevel>>> {
    let c = clause::RECOGNITION_INCOMPLETE;
    let level = need_level(out, i, e);
    let full_time = need_full_time(out, i, e, c);
    if full_time == Some(false) {
        out.push(
            Finding::new(
                "education.incomplete",
                c,
                Info,
                "仅全日制普通高等学校的结业生可降低一个等级比照认定，非全日制结业不予认可。",
                "Only full-time students who completed without a diploma count, one level lower.",
            )
            .with_field(field(i, "full_time")),
        );
        return Some(Err(level));
    }
    let (level, _) = (level?, full_time?);
    let lower = match level {
        EducationLevel::Doctorate => Some(EducationLevel::Master),
        EducationLevel::Master => Some(EducationLevel::Bachelor),
        // A second bachelor ranks above a bachelor: one level lower is a bachelor (NOTES.md).
        EducationLevel::SecondBachelor => Some(EducationLevel::Bachelor),
        EducationLevel::Bachelor => Some(EducationLevel::Associate),
        EducationLevel::Associate => Some(EducationLevel::SecondaryVocational),
        EducationLevel::SecondaryVocational => None,
    };
    match lower {
        Some(lower) => {
            out.push(
                Finding::new(
                    "education.incomplete",
                    c,
                    Pass,
                    "全日制结业生比照相应毕业生降低一个等级认定。",
                    "Full-time completion without diploma counts one level lower.",
                )
                .with_facts(format!(
                    "{}结业，按{}学历认定",
                    level.label_zh(),
                    lower.label_zh()
                ))
                .with_field(field(i, "completion")),
            );
            Some(Ok((lower, true, false)))
        }
        None => {
            out.push(Finding::new("education.incomplete", c, Info,
                "中专结业降低一个等级后无对应学历，不能作为初定学历依据。",
                "Secondary-vocational completion without diploma, one level lower, is no credential.")
                .with_field(field(i, "completion")));
            Some(Err(Some(level)))
        }
    }
}

/// 二（一）5「申报人员资历时间计算到2026年4月30日。」 A credential obtained after the cutoff is not yet held.
pub fn held_by_cutoff(
    ctx: &Ctx,
    i: usize,
    (level, diploma, degree): Counted,
    graduation: NaiveDate,
    out: &mut Findings,
) -> Recognition {
    if graduation > ctx.cutoff {
        out.push(
            Finding::new(
                "education.held_by_cutoff",
                clause::CUTOFF,
                Info,
                format!(
                    "毕业时间 {graduation} 晚于资历计算截止日 {}，该学历本次不能作为依据。",
                    ctx.cutoff
                ),
                format!(
                    "Graduation on {graduation} is after the cutoff {}: not held for this round.",
                    ctx.cutoff
                ),
            )
            .with_field(field(i, "graduation_date")),
        );
        return Recognition::NotYetHeld { level };
    }
    out.push(
        Finding::new(
            "education.held_by_cutoff",
            clause::CUTOFF,
            Pass,
            format!(
                "{}（{}）于 {graduation} 取得，不晚于截止日。",
                level.label_zh(),
                credential_zh(diploma, degree)
            ),
            format!(
                "{} ({}) obtained on {graduation}, by the cutoff.",
                level.label_en(),
                credential_en(diploma, degree)
            ),
        )
        .with_field(field(i, "graduation_date")),
    );
    Recognition::Held(Held {
        index: i,
        level,
        diploma,
        degree,
        graduation,
    })
}

fn credential_zh(diploma: bool, degree: bool) -> &'static str {
    match (diploma, degree) {
        (true, true) => "学历和学位",
        (false, true) => "学位",
        _ => "学历",
    }
}

fn credential_en(diploma: bool, degree: bool) -> &'static str {
    match (diploma, degree) {
        (true, true) => "diploma and degree",
        (false, true) => "degree",
        _ => "diploma",
    }
}

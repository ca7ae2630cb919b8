//! Property tests (native only): the engine never panics, is deterministic, derives the
//! outcome from the findings as the spec says, and its JSON round-trips; the calendar's
//! counts agree with its day-by-day answers.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use shared::*;

fn date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        // Around the round, where the boundaries are.
        8 => (0u64..4500).prop_map(|d| NaiveDate::from_ymd_opt(2014, 1, 1).unwrap() + Days::new(d)),
        // Absurd but valid dates.
        1 => prop::sample::select(vec![
            NaiveDate::from_ymd_opt(1, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(1900, 2, 28).unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
            NaiveDate::MIN,
            NaiveDate::MAX,
        ]),
    ]
}

fn pick<T: Copy + core::fmt::Debug + 'static>(
    all: &'static [T],
) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(0.8, prop::sample::select(all))
}

fn year() -> impl Strategy<Value = Option<i32>> {
    prop::option::weighted(0.9, prop_oneof![8 => 2010i32..2028, 1 => any::<i32>()])
}

fn education() -> impl Strategy<Value = Education> {
    (
        pick(EducationLevel::ALL),
        pick(Credential::ALL),
        pick(EducationSource::ALL),
        pick(TechnicalClass::ALL),
        pick(Completion::ALL),
        prop::option::of(any::<bool>()),
        prop::option::weighted(0.8, date()),
    )
        .prop_map(
            |(
                level,
                credential,
                source,
                technical_class,
                completion,
                full_time,
                graduation_date,
            )| Education {
                level,
                credential,
                source,
                technical_class,
                completion,
                full_time,
                graduation_date,
            },
        )
}

fn profile() -> impl Strategy<Value = ApplicantProfile> {
    let who = (
        pick(Category::ALL),
        prop::option::of(any::<bool>()),
        pick(ForeignPermit::ALL),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        pick(Series::ALL),
    );
    let work = (
        prop::collection::vec(education(), 0..5),
        prop::option::weighted(0.85, date()),
        prop::option::weighted(0.85, date()),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
    );
    let records = (
        prop::collection::vec(
            (year(), pick(AssessmentResult::ALL))
                .prop_map(|(year, result)| AnnualAssessment { year, result }),
            0..12,
        ),
        prop::collection::vec(
            (
                year(),
                prop::option::of(prop_oneof![0u32..3, Just(u32::MAX)]),
            )
                .prop_map(|(year, public_subjects_passed)| ContinuingEducation {
                    year,
                    public_subjects_passed,
                }),
            0..12,
        ),
        prop::option::of(any::<bool>()),
        prop::option::of(prop_oneof![
            Just(String::new()),
            Just("  ".to_string()),
            "[A-Z0-9-]{1,12}",
            ".{0,8}"
        ]),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
    );
    (who, work, records).prop_map(|(w, k, r)| ApplicantProfile {
        category: w.0,
        labor_relationship: w.1,
        foreign_permit: w.2,
        civil_servant: w.3,
        retired: w.4,
        sanction_in_effect: w.5,
        series: w.6,
        education: k.0,
        work_start_date: k.1,
        post_start_date: k.2,
        professional_work: k.3,
        probation_passed: k.4,
        annual_assessments: r.0,
        continuing_education: r.1,
        has_access_qualification: r.2,
        access_qualification_no: r.3,
        dispatched: r.4,
        social_insurance_verifiable: r.5,
    })
}

/// A complete, ordinary profile (every question answered) with dates around the coming rounds:
/// the ones the earliest-date search has something to say about.
fn waiting_profile() -> impl Strategy<Value = ApplicantProfile> {
    let day =
        || (0u64..3650).prop_map(|d| NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + Days::new(d));
    let edu = (
        prop::sample::select(EducationLevel::ALL),
        prop::sample::select(
            &[
                Credential::Diploma,
                Credential::DiplomaAndDegree,
                Credential::Degree,
            ][..],
        ),
        day(),
    )
        .prop_map(|(level, credential, graduation)| Education {
            level: Some(level),
            credential: Some(credential),
            source: Some(EducationSource::Regular),
            technical_class: None,
            completion: Some(Completion::Graduated),
            full_time: Some(true),
            graduation_date: Some(graduation),
        });
    (
        prop::collection::vec(edu, 1..3),
        day(),
        prop::option::of(Just(true)),
        prop::sample::select(&[Series::Engineering, Series::Agriculture, Series::Accounting][..]),
    )
        .prop_map(
            |(education, post, probation_passed, series)| ApplicantProfile {
                category: Some(Category::MunicipalUnitEmployee),
                labor_relationship: Some(true),
                foreign_permit: None,
                civil_servant: Some(false),
                retired: Some(false),
                sanction_in_effect: Some(false),
                series: Some(series),
                education,
                work_start_date: Some(post),
                post_start_date: Some(post),
                professional_work: Some(true),
                probation_passed,
                annual_assessments: (2022..2026)
                    .map(|y| AnnualAssessment {
                        year: Some(y),
                        result: Some(AssessmentResult::Qualified),
                    })
                    .collect(),
                continuing_education: (2022..2026)
                    .map(|y| ContinuingEducation {
                        year: Some(y),
                        public_subjects_passed: Some(1),
                    })
                    .collect(),
                has_access_qualification: None,
                access_qualification_no: None,
                dispatched: Some(false),
                social_insurance_verifiable: Some(true),
            },
        )
}

fn check_outcome(v: &Verdict) -> Result<(), TestCaseError> {
    let any_fail = v.findings.iter().any(|f| f.status == FindingStatus::Fail);
    let any_missing = v
        .findings
        .iter()
        .any(|f| f.status == FindingStatus::Missing);
    let expected = if any_fail {
        Outcome::Ineligible
    } else if any_missing {
        Outcome::Incomplete
    } else {
        Outcome::Eligible
    };
    prop_assert_eq!(v.outcome, expected);
    prop_assert_eq!(v.level.is_some(), v.outcome == Outcome::Eligible);
    if v.outcome == Outcome::Eligible {
        prop_assert_eq!(v.level, v.provisional_level);
    }
    for f in &v.findings {
        if matches!(f.status, FindingStatus::Fail | FindingStatus::Missing) {
            prop_assert!(
                clause::is_valid(&f.clause),
                "finding {} has clause {:?}",
                f.rule,
                f.clause
            );
            prop_assert!(!clause::display_zh(&f.clause).is_empty());
        }
        prop_assert!(!f.message.is_empty() && !f.message_en.is_empty());
    }
    prop_assert!(v
        .materials
        .starts_with(&[Material::ApplicationForm, Material::CeTranscript]));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 768, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_is_total_deterministic_and_follows_the_findings(p in profile()) {
        let round = Round::h1_2026();
        let v = evaluate(&p, &round);
        prop_assert_eq!(&v, &evaluate(&p, &round));
        check_outcome(&v)?;
    }

    /// The earliest date is exact: on it the level is reached, on the day before it is not,
    /// and the round named is the first whose cutoff is on or after it.
    #[test]
    fn the_earliest_date_is_the_first_day_the_level_is_reached(p in waiting_profile()) {
        let round = Round::h1_2026();
        let v = evaluate(&p, &round);
        let Some(outlook) = &v.outlook else { return Ok(()) };
        for l in &outlook.levels {
            let Some(d) = l.earliest else { continue };
            prop_assert!(d > round.cutoff_date);
            let on = outlook::reached_at(&p, &round, d);
            prop_assert!(on.is_some_and(|r| r >= l.level), "{:?} on {d}: {:?}", l.level, on);
            let before = outlook::reached_at(&p, &round, d.pred_opt().unwrap());
            prop_assert!(before.is_none_or(|r| r < l.level), "{:?} already on the day before {d}: {:?}", l.level, before);
            let first = round.ahead.iter().find(|r| r.cutoff_date >= d);
            prop_assert_eq!(l.round.as_ref(), first);
        }
    }

    #[test]
    fn profile_json_round_trips(p in profile()) {
        let json = serde_json::to_string(&p).unwrap();
        prop_assert_eq!(parse_profile(&json).unwrap(), p);
    }

    #[test]
    fn verdict_json_round_trips(p in profile()) {
        let v = evaluate(&p, &Round::h1_2026());
        let json = serde_json::to_string(&v).unwrap();
        let back: Verdict = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, v);
    }

    #[test]
    fn arbitrary_json_never_panics(s in ".{0,64}") {
        let _ = parse_profile(&s);
    }

    #[test]
    fn working_days_between_counts_working_days(a in 0u64..365, len in 0u64..120) {
        let cal = WorkingCalendar::china();
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(a);
        let end = start + Days::new(len);
        let counted = cal.working_days_between(start, end);
        if end.year() != 2026 {
            prop_assert!(matches!(counted, Err(CalendarError::OutOfRange { .. })), "expected out of range");
        } else {
            let mut n = 0;
            let mut d = start;
            while d <= end {
                if cal.is_working_day(d).unwrap() { n += 1; }
                d = d + Days::new(1);
            }
            prop_assert_eq!(counted.unwrap(), n);
        }
    }

    #[test]
    fn nth_working_day_is_consistent(a in 0u64..365, n in 1u32..40) {
        let cal = WorkingCalendar::china();
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(a);
        match cal.nth_working_day_from(start, n) {
            Ok(d) => {
                prop_assert!(cal.is_working_day(d).unwrap());
                prop_assert_eq!(cal.working_days_between(start, d).unwrap(), n);
                if cal.is_working_day(start).unwrap() {
                    prop_assert_eq!(cal.add_working_days(start, n - 1).unwrap(), d);
                }
            }
            Err(e) => prop_assert!(matches!(e, CalendarError::OutOfRange { .. }), "unexpected error"),
        }
    }

    #[test]
    fn calendar_never_panics_and_refuses_uncovered_years(d in date(), n in any::<u32>()) {
        let cal = WorkingCalendar::china();
        let r = cal.is_working_day(d);
        prop_assert_eq!(r.is_err(), d.year() != 2026);
        let _ = cal.nth_working_day_from(d, n % 1000);
        let _ = cal.add_working_days(d, n % 1000);
        let _ = cal.working_days_between(d, d.checked_add_days(Days::new(u64::from(n % 1000))).unwrap_or(d));
    }
}

#[test]
fn huge_lists_and_extreme_dates_evaluate() {
    let round = Round::h1_2026();
    let mut p = ApplicantProfile {
        work_start_date: Some(NaiveDate::MIN),
        post_start_date: Some(NaiveDate::MIN),
        ..Default::default()
    };
    p.education = vec![
        Education {
            graduation_date: Some(NaiveDate::MAX),
            ..Default::default()
        };
        5000
    ];
    p.annual_assessments = (0..20000)
        .map(|i| AnnualAssessment {
            year: Some(i),
            result: None,
        })
        .collect();
    p.continuing_education = (0..20000)
        .map(|i| ContinuingEducation {
            year: Some(-i),
            public_subjects_passed: Some(0),
        })
        .collect();
    let v = evaluate(&p, &round);
    // No category, no series, graduation after the cutoff: never eligible, and the outcome
    // follows the findings as `check_outcome` works it out on its own.
    assert_ne!(v.outcome, Outcome::Eligible);
    check_outcome(&v).unwrap();
    let p = ApplicantProfile {
        work_start_date: Some(NaiveDate::MAX),
        post_start_date: Some(NaiveDate::MAX),
        ..Default::default()
    };
    let v = evaluate(&p, &round);
    assert_ne!(v.outcome, Outcome::Eligible);
    check_outcome(&v).unwrap();
}

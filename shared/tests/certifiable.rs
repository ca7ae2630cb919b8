//! Every outcome the engine can reach can be certified (issue 28, 二（一）): for each series and
//! each of the notice's three levels, a profile that qualifies at that level in engineering is
//! evaluated in that series; wherever the engine says eligible, `certificate::qualification` must
//! name the title, or issuing would refuse and the application would stay approved for good.

use shared::{certificate, evaluate, parse_profile, Level, Outcome, Round, Series};

/// Engineering profiles the shared examples find eligible at each level.
const AT_LEVEL: [(Level, &str); 3] = [
    (
        Level::Technician,
        include_str!("../cases/notice-examples/associate_technician.json"),
    ),
    (
        Level::Assistant,
        include_str!("../cases/notice-examples/base_bachelor_assistant.json"),
    ),
    (
        Level::Intermediate,
        include_str!("../cases/notice-examples/doctorate_degree_intermediate.json"),
    ),
];

#[test]
fn every_eligible_series_and_level_has_a_qualification_name() {
    let round = Round::h1_2026();
    let mut gaps = Vec::new();
    let mut eligible = 0;
    let mut refused_for_level = Vec::new();
    for (level, case) in AT_LEVEL {
        let case: serde_json::Value = serde_json::from_str(case).unwrap();
        for series in Series::ALL {
            let mut profile = case["profile"].clone();
            profile["series"] = serde_json::Value::String(series.as_str().into());
            let profile = parse_profile(&profile.to_string()).unwrap();
            let verdict = evaluate(&profile, &round);
            if series == &Series::Engineering {
                assert_eq!(
                    (verdict.outcome, verdict.level),
                    (Outcome::Eligible, Some(level)),
                    "the base case must qualify at {level:?}"
                );
            }
            if verdict.outcome == Outcome::Eligible {
                eligible += 1;
                let got = verdict.level.expect("an eligible verdict names its level");
                if certificate::qualification(*series, got).is_none() {
                    gaps.push(format!("{series:?} at {got:?}"));
                }
            }
            if verdict
                .findings
                .iter()
                .any(|f| f.rule == "exam.series_level")
            {
                refused_for_level.push((*series, level));
            }
        }
    }
    assert!(gaps.is_empty(), "eligible but not certifiable: {gaps:?}");
    // Not vacuous: most series qualify at the assistant and intermediate levels.
    assert!(eligible >= 20, "only {eligible} eligible pairs");
    // The levels a series does not have are refused by the engine, citing why.
    for series in [Series::Arts, Series::NaturalScienceResearch, Series::News] {
        assert!(
            refused_for_level.contains(&(series, Level::Technician)),
            "{series:?} technician: {refused_for_level:?}"
        );
    }
}

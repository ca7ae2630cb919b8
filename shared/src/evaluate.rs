//! The engine: the notice's rules in the notice's order, applied to one profile in one round.

use chrono::NaiveDate;

use crate::profile::ApplicantProfile;
use crate::round::Round;
use crate::rules::{self, education::Recognition, Ctx};
use crate::verdict::{Outcome, Verdict};

/// Evaluates a profile. Pure and deterministic: every date comes from the profile or the
/// round, no clock, no I/O; it never panics, whatever the answers.
pub fn evaluate(profile: &ApplicantProfile, round: &Round) -> Verdict {
    let mut verdict = evaluate_at(profile, round, round.cutoff_date);
    verdict.outlook = crate::outlook::search(profile, round, &verdict);
    verdict
}

/// The verdict as if the round's cutoff were `cutoff`, without the outlook (which is made of
/// such verdicts).
pub fn evaluate_at(profile: &ApplicantProfile, round: &Round, cutoff: NaiveDate) -> Verdict {
    let mut ctx = Ctx::new(profile, round);
    ctx.cutoff = cutoff;
    let mut out = Vec::with_capacity(24);

    // 一（一）…（三）: scope.
    rules::scope::check(&ctx, &mut out);
    // 一（第二段）: exclusions.
    rules::exclusions::civil_servant(&ctx, &mut out);
    rules::exclusions::retired(&ctx, &mut out);
    rules::exclusions::sanction(&ctx, &mut out);

    // 二（二）: recognition of each credential; 二（一）: the level paths.
    let recognitions: Vec<Recognition> = profile
        .education
        .iter()
        .enumerate()
        .map(|(i, e)| rules::education::recognise(&ctx, i, e, &mut out))
        .collect();
    let provisional_level = rules::seniority::check(&ctx, &recognitions, &mut out);

    // 一（末段）: exam series, at the level the answers lead to.
    rules::exam_series::check(&ctx, provisional_level, &mut out);
    // 二（三）, 二（四）.
    rules::assessment::annual(&ctx, &mut out);
    rules::continuing_education::public_subject(&ctx, &mut out);
    // 二（五）.
    rules::access::qualification(&ctx, &mut out);
    // 四: materials.
    let materials = rules::materials::list(&ctx, &mut out);

    let outcome = Outcome::from_findings(&out);
    Verdict {
        outcome,
        level: if outcome == Outcome::Eligible {
            provisional_level
        } else {
            None
        },
        provisional_level,
        findings: out,
        materials,
        outlook: None,
    }
}

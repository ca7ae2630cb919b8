//! The notice's rules, one small function per rule, grouped by the notice's clauses.
//! Each function appends the findings of its rule; [`crate::evaluate`] runs them in the
//! order of the notice.

pub mod access;
pub mod assessment;
pub mod continuing_education;
pub mod education;
pub mod exam_series;
pub mod exclusions;
pub mod materials;
pub mod required_years;
pub mod scope;
pub mod seniority;

use chrono::NaiveDate;

use crate::profile::ApplicantProfile;
use crate::round::Round;
use crate::verdict::Finding;

/// What every rule reads: the answers and the round.
pub struct Ctx<'a> {
    pub profile: &'a ApplicantProfile,
    pub round: &'a Round,
    pub cutoff: NaiveDate,
}

impl<'a> Ctx<'a> {
    pub fn new(profile: &'a ApplicantProfile, round: &'a Round) -> Self {
        Ctx {
            profile,
            round,
            cutoff: round.cutoff_date,
        }
    }
}

/// Where the rules put their findings.
pub type Findings = Vec<Finding>;

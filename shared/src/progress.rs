//! The way an application goes, step by step, as its applicant's status page lists it: which
//! steps are done, which one it is at, which are ahead, and where it stopped if it ended early.
//! The steps follow the notice: submission online (三), the unit's review with a 公示 of five
//! working days and its stamp (四（一）、五（二）), the further stamps of the approval chain
//! (四（四）、四（六）), the paper to the center by the deadline (五（四）), the center's re-review
//! (五（五）) and the certificate (五（六）). Pure: the status and the chain come in as arguments.

use crate::coded_enum;
use crate::status::ApplicationStatus;
use crate::workflow::Role;

coded_enum! {
    /// A step on the way.
    Step {
        Submit => "submit", "网上提交申报", "Submit the application online";
        Unit => "unit", "工作单位审核、公示 5 个工作日并盖章", "Your unit reviews it, publishes it for 5 working days and stamps it";
        Agency => "agency", "派遣单位审核盖章", "The dispatch agency stamps it";
        Department => "department", "主管部门审核盖章", "The competent department stamps it";
        Paper => "paper", "向人才服务中心报送纸质材料", "Hand the paper materials in to the talent service center";
        ReReview => "re_review", "人才服务中心复审", "The talent service center's re-review";
        Certificate => "certificate", "发放电子证书", "The electronic certificate is issued";
    }
}

coded_enum! {
    /// How far a step has come.
    StepState {
        Done => "done", "已完成", "Done";
        Current => "current", "进行中", "In progress";
        Ahead => "ahead", "未开始", "Not started";
        Stopped => "stopped", "在此结束", "Ended here";
    }
}

impl Step {
    /// Who acts at this step: the applicant, or someone they wait for.
    pub fn applicant_acts(self) -> bool {
        matches!(self, Step::Submit | Step::Paper)
    }
}

/// The steps of an application whose chain asks for `after_unit` after the unit's stamp
/// (`workflow::approvals_after_unit`, in order), each with how far it has come. `abandoned_from`
/// is the state an abandoned application was in when the paper deadline passed.
pub fn path(
    status: ApplicationStatus,
    after_unit: &[Role],
    abandoned_from: Option<ApplicationStatus>,
) -> Vec<(Step, StepState)> {
    let mut steps = vec![Step::Submit, Step::Unit];
    for role in after_unit {
        match role {
            Role::AgencyReviewer => steps.push(Step::Agency),
            Role::DepartmentReviewer => steps.push(Step::Department),
            _ => {}
        }
    }
    steps.extend([Step::Paper, Step::ReReview, Step::Certificate]);
    // How many steps are done, and whether the application ended at the next one.
    let done_by = |s: ApplicationStatus| -> usize {
        use ApplicationStatus as S;
        let position = |step: Step| steps.iter().position(|x| *x == step).unwrap_or(0);
        match s {
            S::Draft => 0,
            S::Submitted | S::UnitReview | S::Publicity | S::Declined => 1,
            S::UnitApproved => 2,
            S::AgencyApproved => position(Step::Agency) + 1,
            S::DepartmentApproved | S::Abandoned => position(Step::Paper),
            S::PaperReceived | S::Rejected => position(Step::ReReview),
            S::Approved => position(Step::Certificate),
            S::Certified | S::Archived => steps.len(),
        }
    };
    let (done, stopped) = match status {
        ApplicationStatus::Declined | ApplicationStatus::Rejected => (done_by(status), true),
        // Abandoned for want of paper: the approvals it had are done, the paper is where it ended.
        ApplicationStatus::Abandoned => {
            let had = abandoned_from.map_or(1, done_by).min(done_by(status));
            (had, true)
        }
        _ => (done_by(status), false),
    };
    steps
        .into_iter()
        .enumerate()
        .map(|(i, step)| {
            let state = if i < done {
                StepState::Done
            } else if i == done {
                if stopped {
                    StepState::Stopped
                } else {
                    StepState::Current
                }
            } else {
                StepState::Ahead
            };
            (step, state)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationStatus as S;
    use StepState::*;

    fn states(status: S, after: &[Role], from: Option<S>) -> Vec<StepState> {
        path(status, after, from)
            .into_iter()
            .map(|(_, s)| s)
            .collect()
    }

    #[test]
    fn a_municipal_application_waiting_for_its_department() {
        let p = path(S::UnitApproved, &[Role::DepartmentReviewer], None);
        let steps: Vec<Step> = p.iter().map(|(s, _)| *s).collect();
        assert_eq!(
            steps,
            [
                Step::Submit,
                Step::Unit,
                Step::Department,
                Step::Paper,
                Step::ReReview,
                Step::Certificate
            ]
        );
        assert_eq!(
            states(S::UnitApproved, &[Role::DepartmentReviewer], None),
            [Done, Done, Current, Ahead, Ahead, Ahead]
        );
    }

    #[test]
    fn a_dispatched_worker_after_the_agency() {
        let chain = [Role::AgencyReviewer, Role::DepartmentReviewer];
        assert_eq!(
            states(S::AgencyApproved, &chain, None),
            [Done, Done, Done, Current, Ahead, Ahead, Ahead]
        );
        assert_eq!(
            states(S::DepartmentApproved, &chain, None),
            [Done, Done, Done, Done, Current, Ahead, Ahead]
        );
    }

    #[test]
    fn a_non_public_unit_goes_from_its_unit_to_the_paper() {
        assert_eq!(
            states(S::UnitApproved, &[], None),
            [Done, Done, Current, Ahead, Ahead]
        );
        assert_eq!(
            states(S::Publicity, &[], None),
            [Done, Current, Ahead, Ahead, Ahead]
        );
        assert_eq!(states(S::Certified, &[], None), [Done; 5]);
        assert_eq!(
            states(S::Approved, &[], None),
            [Done, Done, Done, Done, Current]
        );
    }

    #[test]
    fn where_an_application_ended() {
        let chain = [Role::DepartmentReviewer];
        assert_eq!(
            states(S::Declined, &chain, None),
            [Done, Stopped, Ahead, Ahead, Ahead, Ahead]
        );
        assert_eq!(
            states(S::Rejected, &chain, None),
            [Done, Done, Done, Done, Stopped, Ahead]
        );
        // Abandoned with every approval: it ended at the paper.
        assert_eq!(
            states(S::Abandoned, &chain, Some(S::DepartmentApproved)),
            [Done, Done, Done, Stopped, Ahead, Ahead]
        );
        // Abandoned while the unit still had it: the unit's step is where it ended.
        assert_eq!(
            states(S::Abandoned, &chain, Some(S::Publicity)),
            [Done, Stopped, Ahead, Ahead, Ahead, Ahead]
        );
    }
}

//! The transition table: which role may take which action on an application in which state, and
//! the state it leads to. The server refuses anything not in it; pages offer only what it allows.
//! Conditions that depend on dates or on the case (the windows, the end of the 公示, which approvals
//! a case needs) are checked by the server's workflow on top of this table, never instead of it.
//!
//! Sources: notice 四（四）（六）, 五（二）…（五）, and the state machine in ARCHITECTURE.md.

use crate::coded_enum;
use crate::status::ApplicationStatus;

coded_enum! {
    /// Who acts. A person holds one role per organisation; the applicant acts on their own
    /// application only, and `System` is the server itself (the end of the paper window).
    Role {
        Applicant => "applicant", "申报人", "Applicant";
        /// Also the file-keeping department for people whose personnel file the center holds (一（三）).
        UnitReviewer => "unit_reviewer", "单位审核人", "Unit reviewer";
        DepartmentReviewer => "department_reviewer", "主管部门审核人", "Competent department reviewer";
        AgencyReviewer => "agency_reviewer", "派遣单位审核人", "Dispatch agency reviewer";
        CenterStaff => "center_staff", "人才服务中心工作人员", "Center staff";
        CenterAdmin => "center_admin", "人才服务中心管理员", "Center administrator";
        System => "system", "系统", "System";
    }
}

impl ApplicationStatus {
    /// The applicant may still change the answers: the table lets them edit in this state.
    pub fn is_editable(self) -> bool {
        next(self, Action::Edit, Role::Applicant).is_some()
    }
}

impl Role {
    /// A role held in an organisation by its staff (not the applicant, not the server).
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Applicant | Role::System)
    }
}

coded_enum! {
    /// What can be done to an application.
    Action {
        /// Change the answers of the draft (the state stays).
        Edit => "edit", "修改填报内容", "Edit the answers";
        Submit => "submit", "提交申报", "Submit";
        /// The unit was not in the directory: the center names it, and the chain is formed.
        RouteToUnit => "route_to_unit", "确认工作单位并转交", "Confirm the unit and route";
        /// The unit starts its check of the materials against the originals (四（四）).
        OpenReview => "open_review", "开始审核", "Open the review";
        ReturnForCorrection => "return_for_correction", "退回修改", "Return for correction";
        Decline => "decline", "不予推荐", "Decline";
        /// At least 5 working days (四（四）).
        StartPublicity => "start_publicity", "开始公示", "Start the publicity";
        /// After the 公示 has ended, with the appraisal (五（二）).
        UnitApprove => "unit_approve", "单位审核通过", "Approve as the unit";
        AgencyApprove => "agency_approve", "派遣单位审核通过", "Approve as the dispatch agency";
        DepartmentApprove => "department_approve", "主管部门审核通过", "Approve as the competent department";
        ReturnToUnit => "return_to_unit", "退回单位", "Return to the unit";
        /// Working days only, inside the paper window (四, 五（四））.
        ReceivePaper => "receive_paper", "登记纸质材料", "Log the paper materials";
        /// A material logged as missing, handed in later inside the paper window (补交, 四、五（四））.
        RecordSupplement => "record_supplement", "登记补交材料", "Record a supplement";
        /// No paper by the end of the paper window: 视为自动放弃 (五（四）).
        Abandon => "abandon", "视为自动放弃", "Treat as withdrawn";
        Reinstate => "reinstate", "恢复申报", "Reinstate";
        /// The unified re-review after the paper deadline (五（五）).
        Approve => "approve", "复审通过", "Approve at re-review";
        Reject => "reject", "复审不通过", "Reject at re-review";
        IssueCertificate => "issue_certificate", "发放证书", "Issue the certificate";
        /// The applicant collects the 申报表 for the personal file, ID checked (五（五）).
        RecordCollection => "record_collection", "登记申报表领取", "Record the form's collection";
        /// The center's administrator withdraws an issued certificate, with a reason the public
        /// check gives; the application stays where it is.
        RevokeCertificate => "revoke_certificate", "撤销证书", "Revoke the certificate";
    }
}

coded_enum! {
    /// What an organisation is to the review (四（四）（六）, 一（二）).
    OrganisationKind {
        MunicipalUnit => "municipal_unit", "市直（市属）单位", "Municipal unit";
        NonPublicUnit => "non_public_unit", "非公有制单位", "Non-public unit";
        CompetentDepartment => "competent_department", "主管部门", "Competent department";
        DispatchAgency => "dispatch_agency", "派遣单位", "Dispatch agency";
        /// Acts as the unit for people whose personnel file it keeps (一（二））.
        FileKeeping => "file_keeping", "人事档案管理部门", "Personnel-file keeper";
        Center => "center", "市人才服务中心", "Talent service center";
    }
}

/// The staff roles an organisation of `kind` can hold: a unit's reviewer in a unit (and in a
/// personnel-file keeper, which acts as the unit, 一（二））, the department's, the agency's, and
/// the center's own two.
pub fn staff_roles(kind: OrganisationKind) -> &'static [Role] {
    match kind {
        OrganisationKind::MunicipalUnit
        | OrganisationKind::NonPublicUnit
        | OrganisationKind::FileKeeping => &[Role::UnitReviewer],
        OrganisationKind::CompetentDepartment => &[Role::DepartmentReviewer],
        OrganisationKind::DispatchAgency => &[Role::AgencyReviewer],
        OrganisationKind::Center => &[Role::CenterStaff, Role::CenterAdmin],
    }
}

/// The approvals an application needs after its unit's, in order: a municipal unit's competent
/// department (四（四）「市直企事业单位须主管部门盖章」); for a dispatched worker, the dispatch
/// agency and then the competent department (四（六）「实际工作单位、派遣单位、主管部门同时审核盖章」);
/// nothing more for a non-public unit or a file keeper.
pub fn approvals_after_unit(unit: OrganisationKind, dispatched: bool) -> &'static [Role] {
    match (unit, dispatched) {
        (_, true) => &[Role::AgencyReviewer, Role::DepartmentReviewer],
        (OrganisationKind::MunicipalUnit, false) => &[Role::DepartmentReviewer],
        _ => &[],
    }
}

/// Whose approval an application in `state` waits for after its unit's, if anyone's: the first
/// of `approvals_after_unit` once the unit has approved, the department once the agency has.
/// That reviewer alone may approve it or return it to the unit.
pub fn approval_due(
    state: ApplicationStatus,
    unit: OrganisationKind,
    dispatched: bool,
) -> Option<Role> {
    let needed = approvals_after_unit(unit, dispatched);
    match state {
        ApplicationStatus::UnitApproved => needed.first().copied(),
        ApplicationStatus::AgencyApproved => needed
            .iter()
            .skip_while(|r| **r != Role::AgencyReviewer)
            .nth(1)
            .copied(),
        _ => None,
    }
}

/// Whether an application in `state` has every approval its case needs before the paper.
pub fn approvals_complete(
    state: ApplicationStatus,
    unit: OrganisationKind,
    dispatched: bool,
) -> bool {
    matches!(
        state,
        ApplicationStatus::UnitApproved
            | ApplicationStatus::AgencyApproved
            | ApplicationStatus::DepartmentApproved
    ) && approval_due(state, unit, dispatched).is_none()
}

coded_enum! {
    /// Why the center's re-review does not approve an application (五（五））; the applicant reads
    /// exactly these, with the center's own words.
    RejectReason {
        NotEligible => "not_eligible", "学历、资历等不符合初定条件（通知 二）", "Education or seniority does not meet the conditions (notice section 2)";
        MaterialsIncomplete => "materials_incomplete", "纸质材料不全，逾期未补交（通知 四、五（四））", "Paper materials incomplete and not completed in time (notice sections 4 and 5(4))";
        MaterialsUntrue => "materials_untrue", "申报材料与事实不符", "The materials do not match the facts";
        RecordsNotMet => "records_not_met", "年度考核或继续教育不符合要求（通知 二）", "Annual assessment or continuing education does not meet the requirements (notice section 2)";
        OutOfScope => "out_of_scope", "不属于本次初定的范围（通知 一）", "Outside the scope of this round (notice section 1)";
        Other => "other", "其他原因（见说明）", "Other (see the explanation)";
    }
}

coded_enum! {
    /// What the center's window found of one paper material at intake (四, 五（四））. The
    /// applicant sees the missing ones on the status page.
    PaperItem {
        ReceivedOriginal => "received_original", "已收原件（核验后退还）", "Original seen (and returned)";
        ReceivedCopy => "received_copy", "已收复印件", "Copy received";
        NotNeeded => "not_needed", "无需提供", "Not needed";
        Missing => "missing", "缺少", "Missing";
    }
}

coded_enum! {
    /// Why a reviewer returns or declines an application (the applicant sees exactly these, with
    /// the reviewer's own words).
    ReviewReason {
        MaterialsIncomplete => "materials_incomplete", "申报材料不齐全", "The materials are incomplete";
        DoesNotMatchOriginals => "does_not_match_originals", "填报内容与原件不符", "The answers do not match the originals";
        AnswersWrong => "answers_wrong", "填报信息有误，请核对修改", "Some answers are wrong: check and correct them";
        NotEligible => "not_eligible", "不符合申报条件", "The conditions of the notice are not met";
        NotOurEmployee => "not_our_employee", "申报人不是本单位人员", "The applicant does not work for this organisation";
        Other => "other", "其他原因（见说明）", "Other (see the note)";
    }
}

/// Where a row of the table leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum To {
    State(ApplicationStatus),
    /// Back to the state the application was abandoned from: paper that reached the window in
    /// time and was logged late continues the application where it stopped, never past the
    /// approvals it still lacks (五（四））.
    Origin,
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    pub from: ApplicationStatus,
    pub action: Action,
    pub role: Role,
    pub to: To,
}

const fn t(
    from: ApplicationStatus,
    action: Action,
    role: Role,
    to: ApplicationStatus,
) -> Transition {
    Transition {
        from,
        action,
        role,
        to: To::State(to),
    }
}

const fn back(from: ApplicationStatus, action: Action, role: Role) -> Transition {
    Transition {
        from,
        action,
        role,
        to: To::Origin,
    }
}

use Action as A;
use ApplicationStatus as S;
use Role as R;

/// The whole life of an application.
pub const TRANSITIONS: &[Transition] = &[
    t(S::Draft, A::Edit, R::Applicant, S::Draft),
    t(S::Draft, A::Submit, R::Applicant, S::Submitted),
    t(S::Submitted, A::RouteToUnit, R::CenterStaff, S::Submitted),
    t(S::Submitted, A::OpenReview, R::UnitReviewer, S::UnitReview),
    t(
        S::Submitted,
        A::ReturnForCorrection,
        R::UnitReviewer,
        S::Draft,
    ),
    t(
        S::UnitReview,
        A::ReturnForCorrection,
        R::UnitReviewer,
        S::Draft,
    ),
    t(S::Submitted, A::Decline, R::UnitReviewer, S::Declined),
    t(S::UnitReview, A::Decline, R::UnitReviewer, S::Declined),
    t(S::Publicity, A::Decline, R::UnitReviewer, S::Declined),
    t(
        S::UnitReview,
        A::StartPublicity,
        R::UnitReviewer,
        S::Publicity,
    ),
    t(
        S::Publicity,
        A::UnitApprove,
        R::UnitReviewer,
        S::UnitApproved,
    ),
    // A dispatched worker: the actual employer, then the dispatch agency, then the department (四（六）).
    t(
        S::UnitApproved,
        A::AgencyApprove,
        R::AgencyReviewer,
        S::AgencyApproved,
    ),
    t(
        S::UnitApproved,
        A::ReturnToUnit,
        R::AgencyReviewer,
        S::UnitReview,
    ),
    // A municipal unit: its competent department (五（二）).
    t(
        S::UnitApproved,
        A::DepartmentApprove,
        R::DepartmentReviewer,
        S::DepartmentApproved,
    ),
    t(
        S::UnitApproved,
        A::ReturnToUnit,
        R::DepartmentReviewer,
        S::UnitReview,
    ),
    t(
        S::AgencyApproved,
        A::DepartmentApprove,
        R::DepartmentReviewer,
        S::DepartmentApproved,
    ),
    t(
        S::AgencyApproved,
        A::ReturnToUnit,
        R::DepartmentReviewer,
        S::UnitReview,
    ),
    // From `unit_approved` only when the case needs no further approval (a non-public unit).
    t(
        S::UnitApproved,
        A::ReceivePaper,
        R::CenterStaff,
        S::PaperReceived,
    ),
    t(
        S::DepartmentApproved,
        A::ReceivePaper,
        R::CenterStaff,
        S::PaperReceived,
    ),
    t(
        S::PaperReceived,
        A::RecordSupplement,
        R::CenterStaff,
        S::PaperReceived,
    ),
    // A draft returned for correction and not submitted again by the paper deadline (a draft
    // never submitted is no application: the system leaves it).
    t(S::Draft, A::Abandon, R::System, S::Abandoned),
    t(S::Submitted, A::Abandon, R::System, S::Abandoned),
    t(S::UnitReview, A::Abandon, R::System, S::Abandoned),
    t(S::Publicity, A::Abandon, R::System, S::Abandoned),
    t(S::UnitApproved, A::Abandon, R::System, S::Abandoned),
    t(S::AgencyApproved, A::Abandon, R::System, S::Abandoned),
    t(S::DepartmentApproved, A::Abandon, R::System, S::Abandoned),
    // Paper that reached the window in time but was logged late: one member of staff logs it
    // with its true day and a reason, a second confirms, and the application goes back to where
    // it was abandoned from (then on to `paper_received` if its approvals were complete).
    back(S::Abandoned, A::Reinstate, R::CenterStaff),
    t(S::PaperReceived, A::Approve, R::CenterStaff, S::Approved),
    t(S::PaperReceived, A::Reject, R::CenterStaff, S::Rejected),
    t(
        S::Approved,
        A::IssueCertificate,
        R::CenterStaff,
        S::Certified,
    ),
    t(
        S::Certified,
        A::RecordCollection,
        R::CenterStaff,
        S::Archived,
    ),
    t(
        S::Certified,
        A::RevokeCertificate,
        R::CenterAdmin,
        S::Certified,
    ),
    t(
        S::Archived,
        A::RevokeCertificate,
        R::CenterAdmin,
        S::Archived,
    ),
];

/// Where `action` by `role` leads from `from`, or `None` when the table does not allow it.
pub fn step(from: ApplicationStatus, action: Action, role: Role) -> Option<To> {
    TRANSITIONS
        .iter()
        .find(|t| t.from == from && t.action == action && t.role == role)
        .map(|t| t.to)
}

/// The state `action` by `role` leads to from `from`, or `None` when the table does not allow it
/// or the row goes back to an origin (`step` says so; `back_to` gives it).
pub fn next(from: ApplicationStatus, action: Action, role: Role) -> Option<ApplicationStatus> {
    match step(from, action, role)? {
        To::State(s) => Some(s),
        To::Origin => None,
    }
}

/// The state a row going back leads to, from `from` abandoned from `origin`: `None` unless the
/// table has such a row and the system could have abandoned the application from `origin` (a
/// returned draft, never sent again, has no paper to log).
pub fn back_to(
    from: ApplicationStatus,
    action: Action,
    role: Role,
    origin: ApplicationStatus,
) -> Option<ApplicationStatus> {
    (step(from, action, role)? == To::Origin
        && origin != ApplicationStatus::Draft
        && next(origin, Action::Abandon, Role::System) == Some(from))
    .then_some(origin)
}

/// The actions `role` may take on an application in `state`, in the table's order.
pub fn actions(state: ApplicationStatus, role: Role) -> impl Iterator<Item = Action> {
    TRANSITIONS
        .iter()
        .filter(move |t| t.from == state && t.role == role)
        .map(|t| t.action)
}

/// The table as a role × state matrix in Markdown: each cell lists the actions and where they
/// lead. ARCHITECTURE.md holds this text; a test fails when the two differ.
pub fn matrix_markdown() -> String {
    let mut out = String::from("| role \\ state |");
    for s in ApplicationStatus::ALL {
        out.push_str(&format!(" `{}` |", s.as_str()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(ApplicationStatus::ALL.len()));
    out.push('\n');
    for role in Role::ALL {
        out.push_str(&format!("| {} |", role.as_str()));
        for state in ApplicationStatus::ALL {
            let cell: Vec<String> = TRANSITIONS
                .iter()
                .filter(|t| t.from == *state && t.role == *role)
                .map(|t| match t.to {
                    To::State(to) if to == t.from => t.action.as_str().to_string(),
                    To::State(to) => format!("{} → `{}`", t.action.as_str(), to.as_str()),
                    To::Origin => format!("{} → (where it was)", t.action.as_str()),
                })
                .collect();
            out.push_str(&format!(" {} |", cell.join("<br>")));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_a_function_of_state_action_and_role() {
        for (i, a) in TRANSITIONS.iter().enumerate() {
            for b in &TRANSITIONS[i + 1..] {
                assert!(
                    !(a.from == b.from && a.action == b.action && a.role == b.role),
                    "two rows for {a:?}"
                );
            }
        }
    }

    #[test]
    fn every_state_but_the_first_is_reached_and_every_role_acts() {
        for s in ApplicationStatus::ALL
            .iter()
            .filter(|s| **s != ApplicationStatus::Draft)
        {
            assert!(
                TRANSITIONS
                    .iter()
                    .any(|t| t.to == To::State(*s) && t.from != *s),
                "{s} is never reached"
            );
        }
        for r in Role::ALL.iter() {
            assert!(TRANSITIONS.iter().any(|t| t.role == *r), "{r} never acts");
        }
    }

    #[test]
    fn the_ends_are_ends() {
        for end in [S::Declined, S::Rejected, S::Archived] {
            assert_eq!(
                actions(end, R::Applicant)
                    .chain(actions(end, R::CenterStaff))
                    .count(),
                0,
                "{end}"
            );
        }
    }

    #[test]
    fn only_the_applicant_edits_and_submits_and_only_a_draft() {
        assert_eq!(next(S::Draft, A::Submit, R::Applicant), Some(S::Submitted));
        assert_eq!(next(S::Submitted, A::Submit, R::Applicant), None);
        assert_eq!(next(S::Draft, A::Submit, R::UnitReviewer), None);
        assert_eq!(next(S::Submitted, A::Edit, R::Applicant), None);
        assert_eq!(
            actions(S::Draft, R::Applicant).collect::<Vec<_>>(),
            [A::Edit, A::Submit]
        );
        assert_eq!(
            next(S::UnitReview, A::ReturnForCorrection, R::UnitReviewer),
            Some(S::Draft)
        );
    }

    #[test]
    fn each_case_needs_the_approvals_the_notice_names() {
        use OrganisationKind as K;
        assert_eq!(
            approvals_after_unit(K::MunicipalUnit, false),
            [R::DepartmentReviewer]
        );
        assert_eq!(approvals_after_unit(K::NonPublicUnit, false), []);
        assert_eq!(approvals_after_unit(K::FileKeeping, false), []);
        assert_eq!(
            approvals_after_unit(K::NonPublicUnit, true),
            [R::AgencyReviewer, R::DepartmentReviewer]
        );
        assert!(approvals_complete(S::UnitApproved, K::NonPublicUnit, false));
        assert!(!approvals_complete(
            S::UnitApproved,
            K::MunicipalUnit,
            false
        ));
        assert!(!approvals_complete(
            S::AgencyApproved,
            K::MunicipalUnit,
            true
        ));
        assert!(approvals_complete(
            S::DepartmentApproved,
            K::MunicipalUnit,
            true
        ));
        assert_eq!(
            approval_due(S::UnitApproved, K::MunicipalUnit, true),
            Some(R::AgencyReviewer)
        );
        assert_eq!(
            approval_due(S::AgencyApproved, K::MunicipalUnit, true),
            Some(R::DepartmentReviewer)
        );
        assert_eq!(
            approval_due(S::UnitApproved, K::MunicipalUnit, false),
            Some(R::DepartmentReviewer)
        );
        assert_eq!(approval_due(S::UnitApproved, K::NonPublicUnit, false), None);
        assert_eq!(approval_due(S::Publicity, K::MunicipalUnit, false), None);
        // The table lets each next reviewer act where the case needs them.
        for (kind, dispatched) in [
            (K::MunicipalUnit, false),
            (K::NonPublicUnit, true),
            (K::MunicipalUnit, true),
        ] {
            let mut state = S::UnitApproved;
            for role in approvals_after_unit(kind, dispatched) {
                let action = if *role == R::AgencyReviewer {
                    A::AgencyApprove
                } else {
                    A::DepartmentApprove
                };
                state = next(state, action, *role)
                    .unwrap_or_else(|| panic!("{role} cannot approve in {state}"));
            }
            assert!(
                approvals_complete(state, kind, dispatched),
                "{kind} {dispatched}: {state}"
            );
            assert_eq!(
                next(state, A::ReceivePaper, R::CenterStaff),
                Some(S::PaperReceived)
            );
        }
    }

    #[test]
    fn the_matrix_has_a_row_per_role_and_a_column_per_state() {
        let m = matrix_markdown();
        assert_eq!(m.lines().count(), 2 + Role::ALL.len());
        assert!(
            m.lines()
                .all(|l| l.matches('|').count() == ApplicationStatus::ALL.len() + 2),
            "{m}"
        );
        assert!(m.contains("submit → `submitted`"));
    }
}

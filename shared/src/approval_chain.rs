//! Who stamps the 申报表, in order, decided once from the applicant's answers and the chosen
//! organisations: the unit (or the personnel-file keeper, 一（二）), and after it the competent
//! department of a municipal unit (四（四）「市直企事业单位须主管部门盖章」) or, for a dispatched
//! worker, the dispatch agency and then a competent department (四（六）「实际工作单位、派遣单位、
//! 主管部门同时审核盖章」). The server keeps the result on the application at submission; the
//! queues, the pages, the 申报表's stamp boxes and the paper intake all read it from there.
//!
//! Decision (四（六） names a 主管部门 without saying whose): a dispatched worker's competent
//! department is the unit's when the unit is municipal, and otherwise the dispatch agency's, the
//! agency being the employer in law. So every unit kind × dispatched has a complete chain, as long
//! as the directory gives the department; where it does not, the submission is refused naming
//! the field, never left waiting for a reviewer nobody is.

use serde::{Deserialize, Serialize};

use crate::verdict::Material;
use crate::workflow::{OrganisationKind, Role};

/// An organisation of the directory, as far as the chain needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listed {
    pub id: i32,
    pub kind: OrganisationKind,
    /// Its competent department, if the directory gives one.
    pub department_id: Option<i32>,
}

/// One stamp on the 申报表: the role that gives it, and the organisation it is given for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub role: Role,
    pub organisation_id: i32,
}

/// The chain of an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Chain {
    /// The stamps in order, the unit's first.
    Stamps(Vec<Stamp>),
    /// The unit is not in the directory: the center routes the application to it first.
    ToRoute,
}

impl Chain {
    /// The organisation whose reviewers in `role` stamp, if the chain has such a stamp.
    pub fn organisation(&self, role: Role) -> Option<i32> {
        match self {
            Chain::Stamps(stamps) => stamps
                .iter()
                .find(|s| s.role == role)
                .map(|s| s.organisation_id),
            Chain::ToRoute => None,
        }
    }

    /// The materials list with the items the stamps bring following the chain (四（四）、四（六））:
    /// the actual employer's work proof when an agency stamps, the competent department's stamp
    /// when a department does. A chain still to route leaves the list as the answers made it.
    pub fn materials(&self, mut list: Vec<Material>) -> Vec<Material> {
        if *self == Chain::ToRoute {
            return list;
        }
        list.retain(|m| {
            !matches!(
                m,
                Material::DispatchWorkProof | Material::CompetentDepartmentStamp
            )
        });
        if self.organisation(Role::AgencyReviewer).is_some() {
            list.push(Material::DispatchWorkProof);
        }
        if self.organisation(Role::DepartmentReviewer).is_some() {
            list.push(Material::CompetentDepartmentStamp);
        }
        list
    }
}

/// Why a chain cannot be formed: the field to change, and what to do (zh, en).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainProblem {
    pub field: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

const NO_AGENCY: ChainProblem = ChainProblem {
    field: "agency_id",
    zh: "劳务派遣人员须选择派遣单位：申报表须实际工作单位、派遣单位、主管部门同时审核盖章（通知 四（六））。派遣单位不在目录中的，请联系人才服务中心",
    en: "A dispatched worker chooses the dispatch agency: the form needs the stamps of the actual employer, the agency and the competent department (notice section 4(6)). If the agency is not listed, contact the center",
};

const NOT_AN_AGENCY: ChainProblem = ChainProblem {
    field: "agency_id",
    zh: "请从目录中选择一家劳务派遣单位",
    en: "Choose a dispatch agency from the directory",
};

const NOT_A_UNIT: ChainProblem = ChainProblem {
    field: "unit_id",
    zh: "请从目录中选择工作单位（市直单位、非公有制单位或人事档案管理部门）",
    en: "Choose your unit from the directory (a municipal unit, a non-public unit or a personnel-file keeper)",
};

const UNIT_WITHOUT_DEPARTMENT: ChainProblem = ChainProblem {
    field: "unit_id",
    zh: "目录中没有登记该市直单位的主管部门，申报表无法由主管部门盖章（通知 四（四））。请联系人才服务中心补充后再提交",
    en: "The directory gives no competent department for this municipal unit, so nobody could stamp for it (notice section 4(4)). Contact the center, then submit",
};

const AGENCY_WITHOUT_DEPARTMENT: ChainProblem = ChainProblem {
    field: "agency_id",
    zh: "目录中没有登记该派遣单位的主管部门，申报表无法由主管部门盖章（通知 四（六））。请联系人才服务中心补充后再提交",
    en: "The directory gives no competent department for this dispatch agency, so nobody could stamp for it (notice section 4(6)). Contact the center, then submit",
};

/// The chain for a unit (`None`: not in the directory), whether the applicant is dispatched, and
/// the dispatch agency chosen; or every reason it cannot be formed.
pub fn approval_chain(
    unit: Option<Listed>,
    dispatched: bool,
    agency: Option<Listed>,
) -> Result<Chain, Vec<ChainProblem>> {
    use OrganisationKind as K;
    let mut problems = Vec::new();
    let agency = if dispatched {
        match agency {
            None => {
                problems.push(NO_AGENCY);
                None
            }
            Some(a) if a.kind != K::DispatchAgency => {
                problems.push(NOT_AN_AGENCY);
                None
            }
            Some(a) => Some(a),
        }
    } else {
        None
    };
    let unit = match unit {
        Some(u) if matches!(u.kind, K::MunicipalUnit | K::NonPublicUnit | K::FileKeeping) => {
            Some(u)
        }
        Some(_) => {
            problems.push(NOT_A_UNIT);
            None
        }
        None if problems.is_empty() => return Ok(Chain::ToRoute),
        None => None,
    };
    let (Some(unit), true) = (unit, problems.is_empty()) else {
        return Err(problems);
    };
    let mut stamps = vec![Stamp {
        role: Role::UnitReviewer,
        organisation_id: unit.id,
    }];
    let department = match (unit.kind, agency) {
        (K::MunicipalUnit, _) => Some(unit.department_id.ok_or(UNIT_WITHOUT_DEPARTMENT)),
        (_, Some(a)) => Some(a.department_id.ok_or(AGENCY_WITHOUT_DEPARTMENT)),
        _ => None,
    };
    if let Some(a) = agency {
        stamps.push(Stamp {
            role: Role::AgencyReviewer,
            organisation_id: a.id,
        });
    }
    match department {
        Some(Ok(d)) => stamps.push(Stamp {
            role: Role::DepartmentReviewer,
            organisation_id: d,
        }),
        Some(Err(p)) => return Err(vec![p]),
        None => {}
    }
    debug_assert_eq!(
        stamps[1..].iter().map(|s| s.role).collect::<Vec<_>>(),
        crate::workflow::approvals_after_unit(unit.kind, agency.is_some())
    );
    Ok(Chain::Stamps(stamps))
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganisationKind as K;

    const UNIT_KINDS: [K; 3] = [K::MunicipalUnit, K::NonPublicUnit, K::FileKeeping];

    fn listed(id: i32, kind: K, department_id: Option<i32>) -> Listed {
        Listed {
            id,
            kind,
            department_id,
        }
    }

    /// Every unit kind × dispatched, with a directory that gives the departments: a complete chain
    /// whose roles are the table's, ending with a department wherever the notice asks for one.
    #[test]
    fn every_unit_kind_and_dispatch_has_a_complete_chain() {
        for kind in UNIT_KINDS {
            let department = (kind == K::MunicipalUnit).then_some(10);
            let unit = listed(1, kind, department);
            for dispatched in [false, true] {
                let agency = dispatched.then(|| listed(2, K::DispatchAgency, Some(20)));
                let chain = approval_chain(Some(unit), dispatched, agency)
                    .unwrap_or_else(|p| panic!("{kind:?} dispatched={dispatched}: {p:?}"));
                let Chain::Stamps(stamps) = &chain else {
                    panic!("{kind:?}: a listed unit is routed")
                };
                assert_eq!(
                    stamps[0],
                    Stamp {
                        role: Role::UnitReviewer,
                        organisation_id: 1
                    }
                );
                let roles: Vec<Role> = stamps[1..].iter().map(|s| s.role).collect();
                assert_eq!(
                    roles,
                    crate::workflow::approvals_after_unit(kind, dispatched)
                );
                let wants_department = kind == K::MunicipalUnit || dispatched;
                assert_eq!(
                    chain.organisation(Role::DepartmentReviewer),
                    wants_department.then_some(if kind == K::MunicipalUnit { 10 } else { 20 }),
                    "{kind:?} dispatched={dispatched}"
                );
            }
        }
    }

    #[test]
    fn a_chain_that_cannot_be_completed_names_the_field() {
        let agency = listed(2, K::DispatchAgency, Some(20));
        // Dispatched with no agency, or something else chosen as the agency.
        for unit in [None, Some(listed(1, K::NonPublicUnit, None))] {
            assert_eq!(approval_chain(unit, true, None), Err(vec![NO_AGENCY]));
        }
        assert_eq!(
            approval_chain(
                Some(listed(1, K::NonPublicUnit, None)),
                true,
                Some(listed(3, K::CompetentDepartment, None))
            ),
            Err(vec![NOT_AN_AGENCY])
        );
        // A department chosen as the unit.
        assert_eq!(
            approval_chain(Some(listed(3, K::CompetentDepartment, None)), false, None),
            Err(vec![NOT_A_UNIT])
        );
        // The directory lacks the department the case needs.
        assert_eq!(
            approval_chain(Some(listed(1, K::MunicipalUnit, None)), true, Some(agency)),
            Err(vec![UNIT_WITHOUT_DEPARTMENT])
        );
        for kind in [K::NonPublicUnit, K::FileKeeping] {
            assert_eq!(
                approval_chain(
                    Some(listed(1, kind, None)),
                    true,
                    Some(listed(2, K::DispatchAgency, None))
                ),
                Err(vec![AGENCY_WITHOUT_DEPARTMENT])
            );
        }
        // An agency chosen but not dispatched: no agency stamp.
        assert_eq!(
            approval_chain(Some(listed(1, K::NonPublicUnit, None)), false, Some(agency)),
            Ok(Chain::Stamps(vec![Stamp {
                role: Role::UnitReviewer,
                organisation_id: 1
            }]))
        );
    }

    #[test]
    fn an_unlisted_unit_is_routed_by_the_center() {
        assert_eq!(approval_chain(None, false, None), Ok(Chain::ToRoute));
        assert_eq!(
            approval_chain(None, true, Some(listed(2, K::DispatchAgency, Some(20)))),
            Ok(Chain::ToRoute)
        );
    }

    /// Every unit kind × dispatched: the materials ask for the work proof exactly when an agency
    /// stamps and for the department's stamp exactly when a department does, whatever the answers
    /// listed (the answers' list and the chain can only disagree on these two).
    #[test]
    fn the_materials_follow_the_chain() {
        use Material as M;
        let answered = [
            vec![M::ApplicationForm, M::CeTranscript],
            vec![
                M::ApplicationForm,
                M::CeTranscript,
                M::DispatchWorkProof,
                M::CompetentDepartmentStamp,
            ],
        ];
        for kind in UNIT_KINDS {
            let unit = listed(1, kind, (kind == K::MunicipalUnit).then_some(10));
            for dispatched in [false, true] {
                let agency = dispatched.then(|| listed(2, K::DispatchAgency, Some(20)));
                let chain = approval_chain(Some(unit), dispatched, agency).unwrap();
                for list in &answered {
                    let got = chain.materials(list.clone());
                    assert_eq!(got.contains(&M::DispatchWorkProof), dispatched, "{kind:?}");
                    assert_eq!(
                        got.contains(&M::CompetentDepartmentStamp),
                        dispatched || kind == K::MunicipalUnit,
                        "{kind:?} dispatched={dispatched}"
                    );
                    assert_eq!(&got[..2], &[M::ApplicationForm, M::CeTranscript]);
                }
            }
        }
        let list = answered[1].clone();
        assert_eq!(Chain::ToRoute.materials(list.clone()), list);
    }
}

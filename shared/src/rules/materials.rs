//! 四: the paper materials this applicant brings. Materials never decide eligibility; an
//! unanswered question here is a note (info), and the list errs on the side of bringing more.

use super::{Ctx, Findings};
use crate::clause;
use crate::profile::Category;
use crate::verdict::{Finding, FindingStatus::*, Material};

/// The materials list, in the order of section 四.
pub fn list(ctx: &Ctx, out: &mut Findings) -> Vec<Material> {
    let p = ctx.profile;
    let mut m = Vec::with_capacity(6);
    // 四（一）《专业技术资格初定申报表》 and 四（二）《连云港市职称和继续教育网成绩汇总表》: always.
    m.push(Material::ApplicationForm);
    m.push(Material::CeTranscript);
    if social_insurance(ctx, out) {
        m.push(Material::LaborContractSocialInsurance);
    }
    if access_certificate(ctx) {
        m.push(Material::AccessCertificate);
    }
    let dispatched = dispatch(ctx, out);
    if dispatched {
        m.push(Material::DispatchWorkProof);
    }
    if dispatched || p.category == Some(Category::MunicipalUnitEmployee) {
        m.push(Material::CompetentDepartmentStamp);
    }
    m
}

/// 四（三）「劳动合同和社保参保证明原件、复印件。凡是可通过职称管理服务平台查验核实社保信息的，可不提供……」
pub fn social_insurance(ctx: &Ctx, out: &mut Findings) -> bool {
    match ctx.profile.social_insurance_verifiable {
        Some(true) => false,
        Some(false) => true,
        None => {
            out.push(Finding::new("materials.social_insurance", clause::MATERIAL_SOCIAL_INSURANCE, Info,
                "未说明社保信息能否在职称管理服务平台查验；请携带劳动合同和社保参保证明原件及复印件。",
                "Not stated whether your social insurance can be verified online: bring the labour contract and social-insurance proof.")
                .with_field("social_insurance_verifiable"));
            true
        }
    }
}

/// 四（五）「具有行业准入要求人员还须提供相关专业资格证书原件及其复印件。」
pub fn access_certificate(ctx: &Ctx) -> bool {
    ctx.profile
        .series
        .is_some_and(|s| ctx.round.is_access_series(s))
}

/// 四（六）「劳务派遣人员须提供实际工作单位的工作证明，《专业技术资格初定申报表》须实际工作单位、派遣单位、
/// 主管部门同时审核盖章。」 四（四）「市直企事业单位须主管部门盖章。」
pub fn dispatch(ctx: &Ctx, out: &mut Findings) -> bool {
    match ctx.profile.dispatched {
        Some(d) => d,
        None => {
            out.push(Finding::new("materials.dispatch", clause::MATERIAL_DISPATCH, Info,
                "未说明是否为劳务派遣人员；劳务派遣人员须提供实际工作单位的工作证明，申报表须实际工作单位、派遣单位、主管部门同时盖章。",
                "Not stated whether you are a dispatched worker; dispatched workers bring proof of work from the actual employer and need three stamps.")
                .with_field("dispatched"));
            false
        }
    }
}

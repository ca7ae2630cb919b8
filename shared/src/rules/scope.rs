//! 一（一）…（三）: who may apply at all.

use super::{Ctx, Findings};
use crate::clause;
use crate::profile::{Category, ForeignPermit};
use crate::verdict::{Finding, FindingStatus::*};

/// Dispatches on the claimed category; an unanswered category is missing.
pub fn check(ctx: &Ctx, out: &mut Findings) {
    match ctx.profile.category {
        None => out.push(
            Finding::new("scope.category", clause::SCOPE_MUNICIPAL, Missing,
                "请选择申报人员类别（市直单位人员、人事代理人员、港澳台人才或外籍人员）。",
                "Choose your category (municipal unit employee, agency client, Hong Kong/Macao/Taiwan or foreign talent).")
                .with_field("category"),
        ),
        Some(Category::MunicipalUnitEmployee) => municipal_labor_relationship(ctx, out),
        Some(Category::AgencyClient) => agency_client(out),
        Some(Category::HkMacaoTaiwan) => hk_macao_taiwan(out),
        Some(Category::Foreign) => foreign_permit(ctx, out),
        Some(Category::Other) => other_category(out),
    }
}

/// 一（一）「在市直（市属）各类企事业单位从事专业技术工作，与用人单位建立劳动（聘用）关系的专业技术人才。」
pub fn municipal_labor_relationship(ctx: &Ctx, out: &mut Findings) {
    let rule = "scope.municipal_labor_relationship";
    let c = clause::SCOPE_MUNICIPAL;
    out.push(match ctx.profile.labor_relationship {
        Some(true) => Finding::new(rule, c, Pass,
            "市直（市属）单位专业技术人才，已与用人单位建立劳动（聘用）关系。",
            "Municipal unit employee with a labour (employment) relationship."),
        Some(false) => Finding::new(rule, c, Fail,
            "市直（市属）单位人员须与用人单位建立劳动（聘用）关系方可申报初定。",
            "Municipal unit employees must have a labour (employment) relationship with the unit."),
        None => Finding::new(rule, c, Missing,
            "请说明是否已与用人单位建立劳动（聘用）关系。",
            "State whether you have a labour (employment) relationship with the unit."),
    }.with_field("labor_relationship"));
}

/// 一（二）「委托市人才服务中心进行人事代理的各类企业、社会组织和自由职业专业技术人才。」
pub fn agency_client(out: &mut Findings) {
    out.push(
        Finding::new(
            "scope.agency_client",
            clause::SCOPE_AGENCY,
            Pass,
            "委托市人才服务中心进行人事代理的专业技术人才，属于初定范围。",
            "Personnel-agency clients of the Talent Service Centre are in scope.",
        )
        .with_field("category"),
    );
}

/// 一（三）「在我市就业的港澳台专业技术人才」
pub fn hk_macao_taiwan(out: &mut Findings) {
    out.push(
        Finding::new(
            "scope.hk_macao_taiwan",
            clause::SCOPE_HMT_FOREIGN,
            Pass,
            "在我市就业的港澳台专业技术人才，属于初定范围。",
            "Hong Kong, Macao and Taiwan talent working in the city are in scope.",
        )
        .with_field("category"),
    );
}

/// 一（三）「持有外国人来华工作许可证、外国人永久居留身份证或江苏省海外高层次人才居住证的外籍人员。」
pub fn foreign_permit(ctx: &Ctx, out: &mut Findings) {
    let rule = "scope.foreign_permit";
    let c = clause::SCOPE_HMT_FOREIGN;
    out.push(match ctx.profile.foreign_permit {
        Some(ForeignPermit::None) => Finding::new(rule, c, Fail,
            "外籍人员须持有外国人来华工作许可证、外国人永久居留身份证或江苏省海外高层次人才居住证。",
            "Foreign nationals need a work permit, a permanent-residence ID card or a Jiangsu overseas-talent residence permit."),
        Some(p) => Finding::new(rule, c, Pass,
            "外籍人员持有规定证件，属于初定范围。",
            "Foreign national holding one of the three permits: in scope.")
            .with_facts(p.label_zh()),
        None => Finding::new(rule, c, Missing,
            "请选择所持证件（外国人来华工作许可证、外国人永久居留身份证或江苏省海外高层次人才居住证）。",
            "Choose the permit you hold."),
    }.with_field("foreign_permit"));
}

/// 一（一）…（三）: a category outside the three paragraphs is not in scope.
pub fn other_category(out: &mut Findings) {
    out.push(Finding::new("scope.other_category", clause::SCOPE_MUNICIPAL, Fail,
        "本次初定范围为市直（市属）单位、人事代理、在我市就业的港澳台及持证外籍专业技术人才，其他人员不在范围内。",
        "Only municipal unit employees, agency clients, Hong Kong/Macao/Taiwan talent and permit-holding foreigners are in scope.")
        .with_field("category"));
}

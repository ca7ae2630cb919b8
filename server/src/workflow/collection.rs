//! The 申报表's collection (五（五））: after the certificate, the applicant takes the form for the
//! personal file, showing the ID card, or someone brings a letter from the applicant's unit (the
//! unit and the bearer are recorded). The application is then archived.

use chrono::{DateTime, FixedOffset};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Serialize;
use shared::certificate::CertificateNumber;
use shared::{Action, ApplicationStatus};

use super::transition::{self, Request};
use super::{allowed, status_of, Actor, Refusal, WorkflowError};
use crate::entity::{account, application, certificate};

/// Who took the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Collector {
    /// The applicant, the ID card checked against the application.
    Holder,
    /// Someone with a letter of the applicant's unit.
    UnitLetter { unit: String, bearer: String },
}

impl Collector {
    /// From the desk's answers: how (`holder` or `unit_letter`), whether the ID card was checked
    /// (`yes`), the unit and the bearer; every missing one named.
    pub fn parse(
        how: &str,
        id_checked: &str,
        unit: &str,
        bearer: &str,
    ) -> Result<Collector, Refusal> {
        let (unit, bearer) = (unit.trim().to_string(), bearer.trim().to_string());
        match how.trim() {
            "holder" if id_checked.trim() == "yes" => Ok(Collector::Holder),
            "holder" => Err(Refusal::field(
                "id_checked",
                "本人领取须查验身份证原件，请查验后勾选",
                "The holder collects with the ID card checked: check it, then tick the box",
            )),
            "unit_letter" => {
                let mut errors = Vec::new();
                if unit.is_empty() {
                    errors.push(content::questionnaire::answers::FieldError::new(
                        "unit",
                        "请填写出具介绍信的单位",
                        "Enter the unit whose letter was shown",
                    ));
                }
                if bearer.is_empty() {
                    errors.push(content::questionnaire::answers::FieldError::new(
                        "bearer",
                        "请填写代领人姓名",
                        "Enter the name of the person collecting",
                    ));
                }
                if errors.is_empty() {
                    Ok(Collector::UnitLetter { unit, bearer })
                } else {
                    Err(Refusal::Invalid(errors))
                }
            }
            _ => Err(Refusal::field(
                "collected_by",
                "请选择领取方式：本人凭身份证，或他人凭单位介绍信",
                "Choose how it is collected: by the holder with the ID card, or with a unit letter",
            )),
        }
    }

    /// The timeline's words.
    fn words(&self) -> String {
        match self {
            Collector::Holder => {
                "申报表已由本人凭身份证领取 / collected by the holder, ID card checked".into()
            }
            Collector::UnitLetter { unit, bearer } => format!(
                "申报表由{bearer}凭{unit}介绍信代领 / collected by {bearer} with a letter of {unit}"
            ),
        }
    }
}

/// The certified application a desk's search names: a certificate number or the holder's ID
/// number.
pub async fn find(
    db: &DatabaseConnection,
    round_id: &str,
    typed: &str,
) -> Result<application::Model, WorkflowError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(Refusal::field(
            "holder",
            "请输入证书编号或持证人的证件号码",
            "Enter the certificate number or the holder's ID number",
        )
        .into());
    }
    let by_number = match CertificateNumber::parse(typed) {
        Ok(n) => certificate::Entity::find()
            .filter(certificate::Column::Number.eq(n.compact()))
            .one(db)
            .await?
            .map(|c| c.application_id),
        Err(_) => None,
    };
    let app = match by_number {
        Some(id) => application::Entity::find_by_id(id).one(db).await?,
        None => {
            let holder = account::Entity::find()
                .filter(account::Column::IdNumber.eq(typed.to_ascii_uppercase()))
                .one(db)
                .await?;
            match holder {
                Some(a) => {
                    application::Entity::find()
                        .filter(application::Column::AccountId.eq(a.id))
                        .filter(application::Column::RoundId.eq(round_id))
                        .one(db)
                        .await?
                }
                None => None,
            }
        }
    };
    app.ok_or_else(|| {
        Refusal::field(
            "holder",
            "没有找到这个证书编号或证件号码的申报",
            "No application has this certificate number or ID number",
        )
        .into()
    })
}

/// Records the collection of `app`'s form by `collector`, as the center's staff: the application
/// is archived. Only a certified application's form is handed out.
pub async fn record(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    collector: &Collector,
) -> Result<ApplicationStatus, WorkflowError> {
    let status = status_of(&app.status)?;
    if status != ApplicationStatus::Certified {
        // The table's refusal names the state, so the desk can say the certificate comes first.
        allowed(status, Action::RecordCollection, actor)?;
    }
    let data = serde_json::to_string(collector)
        .map_err(|e| WorkflowError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
    let request = Request {
        application_id: app.id,
        expected: status,
        version: app.version,
        action: Action::RecordCollection,
        reason: Some(collector.words()),
        data: Some(data),
        also: vec![],
    };
    transition::transition(db, actor, now, request).await
}

use sea_orm::entity::prelude::*;

/// One transition of an application: who, when, what, why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub application_id: i32,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_account_id: Option<i32>,
    pub actor_role: String,
    pub at: DateTimeWithTimeZone,
    pub reason: Option<String>,
    pub data_json: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// One step of an application, as recorded in its timeline.
pub struct Step {
    pub kind: &'static str,
    pub from: Option<shared::ApplicationStatus>,
    pub to: shared::ApplicationStatus,
    pub actor: i32,
    pub data: Option<String>,
    pub at: chrono::DateTime<chrono::FixedOffset>,
}

/// Appends an applicant's step to the application's timeline.
pub async fn record<C: sea_orm::ConnectionTrait>(db: &C, application_id: i32, step: Step) -> Result<(), sea_orm::DbErr> {
    ActiveModel {
        application_id: sea_orm::Set(application_id),
        kind: sea_orm::Set(step.kind.to_string()),
        from_status: sea_orm::Set(step.from.map(|s| s.as_str().to_string())),
        to_status: sea_orm::Set(step.to.as_str().to_string()),
        actor_account_id: sea_orm::Set(Some(step.actor)),
        actor_role: sea_orm::Set("applicant".into()),
        at: sea_orm::Set(step.at),
        reason: sea_orm::Set(None),
        data_json: sea_orm::Set(step.data),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

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

/// Appends an applicant's step to the application's timeline.
pub async fn record<C: sea_orm::ConnectionTrait>(
    db: &C,
    application_id: i32,
    kind: &str,
    from: Option<shared::ApplicationStatus>,
    to: shared::ApplicationStatus,
    actor: i32,
    data: Option<String>,
) -> Result<(), sea_orm::DbErr> {
    ActiveModel {
        application_id: sea_orm::Set(application_id),
        kind: sea_orm::Set(kind.to_string()),
        from_status: sea_orm::Set(from.map(|s| s.as_str().to_string())),
        to_status: sea_orm::Set(to.as_str().to_string()),
        actor_account_id: sea_orm::Set(Some(actor)),
        actor_role: sea_orm::Set("applicant".into()),
        at: sea_orm::Set(chrono::Utc::now().fixed_offset()),
        reason: sea_orm::Set(None),
        data_json: sea_orm::Set(data),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}


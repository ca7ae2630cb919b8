use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{InsertStatement, Query, SimpleExpr};

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
    /// The organisation the actor acted for (none for the applicant and the system).
    pub actor_organisation_id: Option<i32>,
    pub at: DateTimeWithTimeZone,
    pub reason: Option<String>,
    pub data_json: Option<String>,
    /// Seen by the reviewers and the center only, never by the applicant.
    pub internal: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// One step of an application, as recorded in its timeline: who (account, role, organisation),
/// when, what, why.
pub struct Step {
    pub kind: &'static str,
    pub from: Option<shared::ApplicationStatus>,
    pub to: shared::ApplicationStatus,
    pub actor_account_id: Option<i32>,
    pub actor_role: shared::Role,
    pub actor_organisation_id: Option<i32>,
    pub reason: Option<String>,
    pub data: Option<String>,
    pub at: chrono::DateTime<chrono::FixedOffset>,
    /// Kept from the applicant (an internal note, an objection).
    pub internal: bool,
}

const COLUMNS: [Column; 11] = [
    Column::ApplicationId,
    Column::Kind,
    Column::FromStatus,
    Column::ToStatus,
    Column::ActorAccountId,
    Column::ActorRole,
    Column::ActorOrganisationId,
    Column::At,
    Column::Reason,
    Column::DataJson,
    Column::Internal,
];

/// The row's values, in `COLUMNS` order: also the order they are bound in.
pub fn values(application_id: i32, step: Step) -> [Value; 11] {
    [
        application_id.into(),
        step.kind.into(),
        step.from.map(|s| s.as_str()).into(),
        step.to.as_str().into(),
        step.actor_account_id.into(),
        step.actor_role.as_str().into(),
        step.actor_organisation_id.into(),
        step.at.into(),
        step.reason.into(),
        step.data.into(),
        step.internal.into(),
    ]
}

/// Appends a step to the application's timeline.
pub async fn record<C: sea_orm::ConnectionTrait>(
    db: &C,
    application_id: i32,
    step: Step,
) -> Result<(), sea_orm::DbErr> {
    let mut insert = Query::insert();
    insert
        .into_table(Entity)
        .columns(COLUMNS)
        .values(values(application_id, step).map(SimpleExpr::from))
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    db.execute(db.get_database_backend().build(&insert)).await?;
    Ok(())
}

/// The same row, written only when the statement just before it in one batch changed exactly one
/// row (SQLite's `changes()`): an update that found nothing to change logs no step. Binds
/// `values`, in their order.
pub fn record_after_one_change(values: &[Value; 11]) -> InsertStatement {
    let mut select = Query::select();
    select
        .exprs(values.clone().map(SimpleExpr::from))
        .and_where(Expr::cust("changes() = 1"));
    let mut insert = Query::insert();
    insert
        .into_table(Entity)
        .columns(COLUMNS)
        .select_from(select)
        .expect("as many values as columns");
    insert
}

//! `chuding seed-demo`: demo logins so a newcomer can walk the journey at once. Idempotent.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::auth::password;
use crate::entity::account;

pub struct DemoLogin {
    pub role_zh: &'static str,
    pub name: &'static str,
    pub id_number: &'static str,
    pub password: &'static str,
}

/// GB 11643's own example number: valid, and nobody's.
pub const DEMO_APPLICANT: DemoLogin =
    DemoLogin { role_zh: "申报人 applicant", name: "演示申报人", id_number: "11010519491231002X", password: "demo1234" };

pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<Vec<DemoLogin>> {
    let d = DEMO_APPLICANT;
    let existing = account::Entity::find().filter(account::Column::IdNumber.eq(d.id_number)).one(db).await?;
    if existing.is_none() {
        account::ActiveModel {
            real_name: Set(d.name.into()),
            id_type: Set("resident_id_card".into()),
            id_number: Set(d.id_number.into()),
            mobile: Set("13800000000".into()),
            password_hash: Set(password::hash(d.password)?),
            created_at: Set(chrono::Utc::now().fixed_offset()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(vec![d])
}

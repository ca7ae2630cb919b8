//! Anonymous self-checks saved through the JSON API: the profile and its verdict under a random
//! id, so that a check can be shown again or shared.

use chrono::{DateTime, FixedOffset};
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, EntityTrait, Set};
use shared::{ApplicantProfile, Verdict};

use crate::entity::self_check;

/// Saves the check; its id.
pub async fn save(
    db: &DatabaseConnection,
    round_id: &str,
    profile: &ApplicantProfile,
    verdict: &Verdict,
    at: DateTime<FixedOffset>,
) -> Result<String, DbErr> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    self_check::ActiveModel {
        id: Set(id.clone()),
        round_id: Set(round_id.to_string()),
        profile_json: Set(serde_json::to_string(profile).unwrap_or_default()),
        verdict_json: Set(serde_json::to_string(verdict).unwrap_or_default()),
        created_at: Set(at),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// The check saved with this id.
pub async fn load(db: &DatabaseConnection, id: &str) -> Result<Option<self_check::Model>, DbErr> {
    self_check::Entity::find_by_id(id.to_string()).one(db).await
}

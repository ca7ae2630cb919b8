//! The intake desk: an application found by reference (typed, or scanned from the 申报表's QR
//! code), ID number or name, and the receipt of its paper.

use std::collections::BTreeMap;

use content::page_data::{Receipt, Supplement};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use shared::Action;

use crate::entity::{account, application, application_event};
use crate::workflow::intake;

/// How many applications a search shows.
const SHOWN: u64 = 50;

/// The round's submitted applications whose reference is `reference` or whose owner's ID number
/// or name is `query`, with their owners, oldest first.
pub async fn search(
    db: &DatabaseConnection,
    round_id: &str,
    query: &str,
    reference: &str,
) -> Result<Vec<(application::Model, account::Model)>, DbErr> {
    let people: Vec<account::Model> = account::Entity::find()
        .filter(
            Condition::any()
                .add(account::Column::IdNumber.eq(query.to_ascii_uppercase()))
                .add(account::Column::RealName.eq(query)),
        )
        .limit(SHOWN)
        .all(db)
        .await?;
    let apps = application::Entity::find()
        .filter(application::Column::RoundId.eq(round_id))
        .filter(application::Column::SubmittedAt.is_not_null())
        .filter(
            Condition::any()
                .add(application::Column::Reference.eq(reference))
                .add(application::Column::AccountId.is_in(people.iter().map(|p| p.id))),
        )
        .order_by_asc(application::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?;
    let owners: BTreeMap<i32, account::Model> = account::Entity::find()
        .filter(account::Column::Id.is_in(apps.iter().map(|a| a.account_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(apps
        .into_iter()
        .filter_map(|app| {
            let owner = owners.get(&app.account_id)?.clone();
            Some((app, owner))
        })
        .collect())
}

/// The receipt of a logged intake: when, and by whom, and each supplement since.
pub async fn receipt(
    db: &DatabaseConnection,
    app: &application::Model,
) -> Result<Option<Receipt>, DbErr> {
    let steps = application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(app.id))
        .filter(application_event::Column::Kind.is_in([
            Action::ReceivePaper.as_str(),
            Action::RecordSupplement.as_str(),
        ]))
        .order_by_asc(application_event::Column::Id)
        .all(db)
        .await?;
    // The last intake and the supplements after it (an intake is logged once per application).
    let Some(start) = steps
        .iter()
        .rposition(|s| s.kind == Action::ReceivePaper.as_str())
    else {
        return Ok(None);
    };
    let names: BTreeMap<i32, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(steps.iter().filter_map(|s| s.actor_account_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.real_name))
        .collect();
    let by = |s: &application_event::Model| {
        s.actor_account_id
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_default()
    };
    let supplements = steps[start + 1..]
        .iter()
        .map(|s| Supplement {
            at: crate::clock::in_china(&s.at).naive_local(),
            by: by(s),
            materials: s
                .data_json
                .as_deref()
                .and_then(|d| serde_json::from_str::<intake::Checklist>(d).ok())
                .unwrap_or_default()
                .into_iter()
                .collect(),
        })
        .collect();
    Ok(Some(Receipt {
        at: crate::clock::in_china(&steps[start].at).naive_local(),
        by: by(&steps[start]),
        supplements,
    }))
}

//! The audit log as the center's administrator reads it: newest first, filtered by application
//! reference, person (ID number) or organisation, a page at a time by id.

use std::collections::BTreeMap;

use content::page_data::AuditRow;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::audit::{self, Filters};
use crate::clock::china;
use crate::entity::account;

const PAGE: u64 = 100;

/// The page the query `q` asks for (`reference`, `account`, `organisation`, `before`), and the id
/// the next page starts before, if there is one.
pub async fn page(
    db: &DatabaseConnection,
    q: &BTreeMap<String, String>,
) -> Result<(Vec<AuditRow>, Option<i64>), DbErr> {
    let text = |k: &str| {
        q.get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let mut filters = Filters {
        reference: text("reference").map(|r| r.replace('-', "").to_ascii_uppercase()),
        organisation_id: text("organisation").and_then(|o| o.parse().ok()),
        before: text("before").and_then(|b| b.parse().ok()),
        account_id: None,
    };
    let mut nobody = false;
    if let Some(number) = text("account") {
        match account::Entity::find()
            .filter(account::Column::IdNumber.eq(number.to_ascii_uppercase()))
            .one(db)
            .await?
        {
            Some(a) => filters.account_id = Some(a.id),
            None => nobody = true,
        }
    }
    let entries = if nobody {
        Vec::new()
    } else {
        audit::page(db, &filters, PAGE).await?
    };
    let people: Vec<i32> = entries.iter().filter_map(|e| e.account_id).collect();
    let people = crate::workflow::queue::names(db, people).await?;
    let orgs: Vec<i32> = entries.iter().filter_map(|e| e.organisation_id).collect();
    let orgs = crate::directory::names(db, orgs).await?;
    let next = (entries.len() as u64 == PAGE)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            id: e.id,
            at: e.at.with_timezone(&china()).naive_local(),
            who: e
                .account_id
                .and_then(|a| people.get(&a).cloned())
                .unwrap_or_else(|| "系统 system".into()),
            roles: e.roles,
            organisation: e
                .organisation_id
                .and_then(|o| orgs.get(&o).cloned())
                .unwrap_or_default(),
            address: e.address.unwrap_or_default(),
            action: e.action,
            reference: e.application_reference,
            outcome: e.outcome,
        })
        .collect();
    Ok((rows, next))
}

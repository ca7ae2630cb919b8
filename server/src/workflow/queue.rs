//! What a reviewer's organisation sees: its applications, what needs action first, and what each
//! reviewer may do with one now (the transition table, narrowed to the approvals the case needs).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use content::page_data::{QueueFilters, QueueRow};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use shared::{Action, ApplicationStatus, Level, Role, Series};

use super::review::Reviewers;
use super::Actor;
use crate::entity::{account, application, organisation};

/// The actions `actors` may take on an application in `status` whose reviewers are `reviewers`.
pub fn actions_for(
    reviewers: &Reviewers,
    status: ApplicationStatus,
    actors: &[Actor],
) -> Vec<Action> {
    let mut out = Vec::new();
    for actor in actors.iter().filter(|a| reviewers.includes(**a)) {
        for action in shared::workflow::actions(status, actor.role) {
            if reviewers.case_allows(status, action, actor.role) && !out.contains(&action) {
                out.push(action);
            }
        }
    }
    out
}

/// The applicants' names, by account id.
pub async fn names(
    db: &DatabaseConnection,
    account_ids: impl IntoIterator<Item = i32>,
) -> Result<BTreeMap<i32, String>, DbErr> {
    let ids: Vec<i32> = account_ids.into_iter().collect();
    Ok(account::Entity::find()
        .filter(account::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.real_name))
        .collect())
}

/// One person's name (empty when the account is gone).
pub async fn name(db: &DatabaseConnection, account_id: i32) -> Result<String, DbErr> {
    Ok(names(db, [account_id])
        .await?
        .remove(&account_id)
        .unwrap_or_default())
}

/// `review::past_the_unit` as a condition.
fn past_the_unit() -> Condition {
    use application::Column as C;
    Condition::any()
        .add(C::Appraisal.is_not_null())
        .add(C::Status.is_in(super::review::PAST_THE_UNIT.iter().map(|s| s.as_str())))
}

/// How many rows a queue page shows unless the reviewer chooses (`PAGE_SIZES`).
pub const PAGE_SIZE: u32 = 50;

/// `LIKE '%text%'` with the text's own `%`, `_` and `\\` matched as themselves.
fn name_contains(text: &str) -> sea_orm::sea_query::LikeExpr {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')
}

/// The applications a search finds: a reference (with or without its dash), an ID number, or a
/// part of the applicant's name.
fn searched(text: &str) -> Condition {
    use application::Column as C;
    use sea_orm::sea_query::Query;
    let reference: String = text
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    let accounts = Query::select()
        .column(account::Column::Id)
        .from(account::Entity)
        .cond_where(
            Condition::any()
                .add(account::Column::RealName.like(name_contains(text)))
                .add(account::Column::IdNumber.eq(text.to_ascii_uppercase())),
        )
        .to_owned();
    let mut any = Condition::any().add(C::AccountId.in_subquery(accounts));
    if reference.len() == 8 {
        any = any.add(C::Reference.eq(reference));
    }
    any
}

/// What waits for the center's staff in `round` today, desk by desk.
pub async fn center_today(
    db: &DatabaseConnection,
    round: &shared::Round,
    today: NaiveDate,
) -> Result<content::page_data::CenterToday, DbErr> {
    use application::Column as C;
    let in_round = || application::Entity::find().filter(C::RoundId.eq(round.id.as_str()));
    let in_state = |s: ApplicationStatus| in_round().filter(C::Status.eq(s.as_str()));
    Ok(content::page_data::CenterToday {
        to_route: in_state(ApplicationStatus::Submitted)
            .filter(C::UnitId.is_null())
            .count(db)
            .await?,
        paper_received: in_state(ApplicationStatus::PaperReceived).count(db).await?,
        proposals: in_state(ApplicationStatus::PaperReceived)
            .filter(C::RejectionProposal.is_not_null())
            .count(db)
            .await?,
        approved: in_state(ApplicationStatus::Approved).count(db).await?,
        re_review_open: today > round.paper_window.end,
    })
}

/// The units whose applications a department's or an agency's queue holds, by name, to filter by;
/// none for a unit's own queue.
pub async fn units(
    db: &DatabaseConnection,
    organisation: &organisation::Model,
    actors: &[Actor],
) -> Result<Vec<(i32, String)>, DbErr> {
    let mut ids: Vec<i32> = Vec::new();
    if actors.iter().any(|a| a.role == Role::DepartmentReviewer) {
        ids.extend(
            organisation::Entity::find()
                .select_only()
                .column(organisation::Column::Id)
                .filter(organisation::Column::DepartmentId.eq(organisation.id))
                .into_tuple::<i32>()
                .all(db)
                .await?,
        );
    }
    if actors.iter().any(|a| a.role == Role::AgencyReviewer) {
        let held: Vec<Option<i32>> = application::Entity::find()
            .select_only()
            .column(application::Column::UnitId)
            .distinct()
            .filter(application::Column::DispatchAgencyId.eq(organisation.id))
            .into_tuple()
            .all(db)
            .await?;
        ids.extend(held.into_iter().flatten());
    }
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// One page of the applications of an organisation for the roles held there, filtered: those in a
/// state where these roles have something to do first, then the oldest submission. With the
/// number of applications on all pages.
pub async fn rows(
    db: &DatabaseConnection,
    organisation: &organisation::Model,
    actors: &[Actor],
    filters: &QueueFilters,
    today: NaiveDate,
) -> Result<(Vec<QueueRow>, u64), DbErr> {
    use application::Column as C;
    // The center's roles have no unit queue here (their intake is its own page).
    if !actors.iter().any(|a| {
        matches!(
            a.role,
            Role::UnitReviewer | Role::AgencyReviewer | Role::DepartmentReviewer
        )
    }) {
        return Ok((Vec::new(), 0));
    }
    let mut whose = Condition::any();
    for actor in actors {
        whose = match actor.role {
            Role::UnitReviewer => whose.add(C::UnitId.eq(organisation.id)),
            // After the unit's approval only, as `Reviewers` sees it.
            Role::AgencyReviewer => whose.add(
                Condition::all()
                    .add(C::DispatchAgencyId.eq(organisation.id))
                    .add(past_the_unit()),
            ),
            Role::DepartmentReviewer => {
                let units: Vec<i32> = organisation::Entity::find()
                    .select_only()
                    .column(organisation::Column::Id)
                    .filter(organisation::Column::DepartmentId.eq(organisation.id))
                    .into_tuple()
                    .all(db)
                    .await?;
                whose.add(
                    Condition::all()
                        .add(
                            Condition::any()
                                .add(C::DepartmentId.eq(organisation.id))
                                .add(C::UnitId.is_in(units)),
                        )
                        .add(past_the_unit())
                        // A dispatched worker's is the agency's first.
                        .add(
                            Condition::any()
                                .add(C::DispatchAgencyId.is_null())
                                .add(C::Status.ne(ApplicationStatus::UnitApproved.as_str())),
                        ),
                )
            }
            _ => whose,
        };
    }
    let mut query = application::Entity::find()
        .filter(whose)
        .filter(C::SubmittedAt.is_not_null());
    if let Some(s) = filters.status {
        query = query.filter(C::Status.eq(s.as_str()));
    }
    if let Some(s) = filters.series {
        query = query.filter(C::Series.eq(s.as_str()));
    }
    if let Some(l) = filters.level {
        query = query.filter(C::Level.eq(l.as_str()));
    }
    if let Some(text) = filters.search.as_deref() {
        query = query.filter(searched(text));
    }
    if let Some(unit) = filters.unit {
        query = query.filter(C::UnitId.eq(unit));
    }
    let total = query.clone().count(db).await?;
    // The states in which these roles may act come first.
    let acting: Vec<&str> = ApplicationStatus::ALL
        .iter()
        .filter(|s| {
            actors
                .iter()
                .any(|a| shared::workflow::actions(**s, a.role).next().is_some())
        })
        .map(|s| s.as_str())
        .collect();
    let first: sea_orm::sea_query::SimpleExpr =
        Expr::case(Expr::col((application::Entity, C::Status)).is_in(acting), 0)
            .finally(1)
            .into();
    // The page's ids first, sorted from the index alone, then those rows.
    let per_page = u64::from(filters.per_page.unwrap_or(PAGE_SIZE));
    let order = if filters.newest_first {
        Order::Desc
    } else {
        Order::Asc
    };
    let ids: Vec<i32> = query
        .select_only()
        .column(C::Id)
        .order_by(first, Order::Asc)
        .order_by(C::SubmittedAt, order.clone())
        .order_by(C::Id, order)
        .limit(per_page)
        .offset(u64::from(filters.page) * per_page)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_id: BTreeMap<i32, application::Model> = application::Entity::find()
        .filter(C::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let apps: Vec<application::Model> = ids.iter().filter_map(|id| by_id.remove(id)).collect();
    let names = names(db, apps.iter().map(|a| a.account_id)).await?;
    let unit_ids: Vec<i32> = apps.iter().filter_map(|a| a.unit_id).collect();
    let units: BTreeMap<i32, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(unit_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut rows = Vec::with_capacity(apps.len());
    for app in apps {
        let Some(status) = ApplicationStatus::from_code(&app.status) else {
            continue;
        };
        let reviewers = match app.unit_id.and_then(|id| units.get(&id)) {
            Some(unit) => Some(Reviewers::with_unit(&app, unit.clone())?),
            None => None,
        };
        let actions = reviewers
            .as_ref()
            .map(|r| actions_for(r, status, actors))
            .unwrap_or_default();
        // A 公示 still running needs nothing yet; one that has ended needs the approval.
        let waiting = status == ApplicationStatus::Publicity
            && app.publicity_end.is_some_and(|end| today <= end);
        rows.push(QueueRow {
            reference: app.reference.clone(),
            name: names.get(&app.account_id).cloned().unwrap_or_default(),
            series: app.series.as_deref().and_then(Series::from_code),
            level: app.level.as_deref().and_then(Level::from_code),
            status,
            needs_action: !actions.is_empty() && !waiting,
            publicity_end: app.publicity_end,
            can_start_publicity: actions.contains(&Action::StartPublicity),
            can_approve: actions
                .iter()
                .any(|a| matches!(a, Action::DepartmentApprove | Action::AgencyApprove)),
            submitted_on: app
                .submitted_at
                .map(|at| at.with_timezone(&crate::clock::china()).date_naive()),
            unit: app
                .unit_id
                .and_then(|id| units.get(&id))
                .map(|u| u.name.clone()),
        });
    }
    // Within the page, a 公示 still running waits behind what can be done now.
    rows.sort_by_key(|r| !r.needs_action);
    Ok((rows, total))
}

//! The round at a glance for the center: counts by state, series, level, competent department
//! and unit; submissions and paper intakes per day; the working days left in each window; what is
//! overdue or blocked. A handful of grouped counts, read side by side. With a million
//! applications those take the database longer than a page should, so each process keeps the
//! last figures for a minute (`Snapshots`); the page says when they were counted.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use content::page_data::{Dashboard, StaffOrganisation, Tally, WindowLeft};
use sea_orm::sea_query::{Alias, Expr, Query, SelectStatement, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter,
};
use shared::{Action, ApplicationStatus, Level, Round, Series};

use crate::entity::application;

const TOP_UNITS: usize = 10;

/// The day (China time) of a timestamp column, as `YYYY-MM-DD` text, on either database.
fn day_of(backend: DatabaseBackend, column: &str) -> SimpleExpr {
    match backend {
        // Stored as text at +08:00, the day is its first ten characters.
        DatabaseBackend::Sqlite => Expr::cust(format!("substr({column}, 1, 10)")),
        _ => Expr::cust(format!(
            "to_char(({column} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD')"
        )),
    }
}

/// The rows of a text key and its count.
async fn grouped(
    db: &DatabaseConnection,
    stmt: SelectStatement,
) -> Result<Vec<(Option<String>, i64)>, DbErr> {
    let rows = db.query_all(db.get_database_backend().build(&stmt)).await?;
    rows.into_iter()
        .map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
        .collect()
}

fn count_by(round_id: &str, key: SimpleExpr) -> SelectStatement {
    Query::select()
        .expr_as(key, Alias::new("k"))
        .expr(Expr::cust("COUNT(*)"))
        .from(application::Entity)
        .and_where(Expr::col(application::Column::RoundId).eq(round_id))
        .and_where(Expr::col(application::Column::SubmittedAt).is_not_null())
        .group_by_col(Alias::new("k"))
        .to_owned()
}

fn tally(key: String, zh: &str, en: &str, count: i64) -> Tally {
    Tally {
        key,
        label_zh: zh.into(),
        label_en: en.into(),
        count: count.max(0) as u64,
    }
}

/// How long a process serves the same figures.
pub const FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(60);

/// The last figures this process counted, and when: one count at a time (the others wait for it).
#[derive(Clone, Default)]
pub struct Snapshots(std::sync::Arc<tokio::sync::Mutex<Option<(std::time::Instant, Dashboard)>>>);

impl Snapshots {
    /// The figures of `round` on `today` for `organisation`, counted now or less than
    /// `FRESH_FOR` ago.
    pub async fn figures(
        &self,
        db: &DatabaseConnection,
        round: &Round,
        now: chrono::DateTime<chrono::FixedOffset>,
        organisation: StaffOrganisation,
    ) -> Result<Dashboard, DbErr> {
        let mut slot = self.0.lock().await;
        if let Some((at, d)) = slot.as_ref() {
            if at.elapsed() < FRESH_FOR && d.as_of.date() == now.date_naive() {
                return Ok(Dashboard {
                    organisation,
                    ..d.clone()
                });
            }
        }
        let d = figures(db, round, now, organisation).await?;
        *slot = Some((std::time::Instant::now(), d.clone()));
        Ok(d)
    }
}

/// The dashboard of `round` at `now`, for the center `organisation`.
pub async fn figures(
    db: &DatabaseConnection,
    round: &Round,
    now: chrono::DateTime<chrono::FixedOffset>,
    organisation: StaffOrganisation,
) -> Result<Dashboard, DbErr> {
    let today: NaiveDate = now.date_naive();
    let backend = db.get_database_backend();
    let id = round.id.as_str();
    let col = |c: application::Column| -> SimpleExpr { Expr::col(c).into() };
    let mut intakes = Query::select();
    intakes
        .expr_as(day_of(backend, "at"), Alias::new("k"))
        .expr(Expr::cust("COUNT(*)"))
        .from(crate::entity::application_event::Entity)
        .and_where(
            Expr::col(crate::entity::application_event::Column::Kind)
                .eq(Action::ReceivePaper.as_str()),
        )
        .and_where(
            Expr::col(crate::entity::application_event::Column::At).gte(
                round
                    .paper_window
                    .start
                    .and_hms_opt(0, 0, 0)
                    .expect("midnight")
                    .and_local_timezone(crate::clock::china())
                    .single()
                    .expect("no daylight saving"),
            ),
        )
        .group_by_col(Alias::new("k"));
    let proposals = application::Entity::find()
        .filter(application::Column::RoundId.eq(id))
        .filter(application::Column::RejectionProposal.is_not_null())
        .filter(application::Column::Status.eq(ApplicationStatus::PaperReceived.as_str()));
    let publicity_over = application::Entity::find()
        .filter(application::Column::RoundId.eq(id))
        .filter(application::Column::Status.eq(ApplicationStatus::Publicity.as_str()))
        .filter(application::Column::PublicityEnd.lt(today));
    // By unit and department at once: (unit, n, department) rows.
    let mut org_counts = count_by(id, col(application::Column::UnitId));
    org_counts
        .expr(Expr::col(application::Column::DepartmentId))
        .group_by_col(application::Column::DepartmentId);
    let (by_status, by_series, by_level, by_org, per_day, intakes, proposals, publicity_over) = tokio::try_join!(
        grouped(db, count_by(id, col(application::Column::Status))),
        grouped(db, count_by(id, col(application::Column::Series))),
        grouped(db, count_by(id, col(application::Column::Level))),
        db.query_all(backend.build(&org_counts)),
        grouped(db, count_by(id, day_of(backend, "submitted_at"))),
        grouped(db, intakes),
        sea_orm::PaginatorTrait::count(proposals, db),
        sea_orm::PaginatorTrait::count(publicity_over, db),
    )?;
    let by_status_map: BTreeMap<String, i64> = by_status
        .into_iter()
        .filter_map(|(k, n)| Some((k?, n)))
        .collect();
    let total: i64 = by_status_map.values().sum();
    let by_status: Vec<Tally> = ApplicationStatus::ALL
        .iter()
        .filter_map(|s| {
            by_status_map
                .get(s.as_str())
                .map(|n| tally(s.as_str().into(), s.label_zh(), s.label_en(), *n))
        })
        .collect();
    let mut by_series: Vec<Tally> = by_series
        .into_iter()
        .filter_map(|(k, n)| {
            let s = Series::from_code(k.as_deref()?)?;
            Some(tally(s.as_str().into(), s.label_zh(), s.label_en(), n))
        })
        .collect();
    by_series.sort_by(|a, b| b.count.cmp(&a.count));
    let by_level = {
        let map: BTreeMap<String, i64> = by_level
            .into_iter()
            .filter_map(|(k, n)| Some((k?, n)))
            .collect();
        Level::ALL
            .iter()
            .filter_map(|l| {
                map.get(l.as_str())
                    .map(|n| tally(l.as_str().into(), l.label_zh(), l.label_en(), *n))
            })
            .collect()
    };
    let mut units: BTreeMap<i32, i64> = BTreeMap::new();
    let mut departments: BTreeMap<i32, i64> = BTreeMap::new();
    for r in by_org {
        let unit: Option<i32> = r.try_get_by_index(0)?;
        let n: i64 = r.try_get_by_index(1)?;
        let dept: Option<i32> = r.try_get_by_index(2)?;
        if let Some(u) = unit {
            *units.entry(u).or_default() += n;
        }
        if let Some(d) = dept {
            *departments.entry(d).or_default() += n;
        }
    }
    let mut top: Vec<(i32, i64)> = units.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(TOP_UNITS);
    let ids: Vec<i32> = top
        .iter()
        .map(|t| t.0)
        .chain(departments.keys().copied())
        .collect();
    let names = crate::directory::names(db, ids).await?;
    let org_tally = |(id, n): (i32, i64)| {
        let name = names.get(&id).cloned().unwrap_or_default();
        tally(id.to_string(), &name, &name, n)
    };
    let top_units = top.into_iter().map(org_tally).collect();
    let mut by_department: Vec<Tally> = departments.into_iter().map(org_tally).collect();
    by_department.sort_by(|a, b| b.count.cmp(&a.count));
    let days = |rows: Vec<(Option<String>, i64)>| {
        let mut out: Vec<Tally> = rows
            .into_iter()
            .filter_map(|(k, n)| {
                let k = k?;
                Some(tally(k.clone(), &k[5..].replace('-', "/"), &k[5..], n))
            })
            .collect();
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out
    };
    let windows = [
        ("网上申报", "Online applications", &round.online_window),
        ("纸质材料受理", "Paper materials", &round.paper_window),
    ]
    .into_iter()
    .map(|(zh, en, w)| WindowLeft {
        name_zh: zh.into(),
        name_en: en.into(),
        start: w.start,
        end: w.end,
        working_days_left: if today > w.end {
            Some(0)
        } else {
            round
                .calendar
                .working_days_between(today.max(w.start), w.end)
                .ok()
        },
    })
    .collect();
    let waiting_for_paper: i64 = [
        ApplicationStatus::UnitApproved,
        ApplicationStatus::AgencyApproved,
        ApplicationStatus::DepartmentApproved,
    ]
    .iter()
    .filter_map(|s| by_status_map.get(s.as_str()))
    .sum();
    let mut attention = vec![
        tally(
            "?status=publicity".into(),
            "公示已结束、待单位审核",
            "Publicity over, awaiting the unit's approval",
            publicity_over as i64,
        ),
        tally(
            "?status=department_approved".into(),
            "已审核、纸质材料未报送",
            "Approved, paper not yet received",
            waiting_for_paper,
        ),
        tally(
            "?status=paper_received".into(),
            "不通过待第二人确认",
            "Rejections awaiting a second member of staff",
            proposals as i64,
        ),
    ];
    if today > round.paper_window.end {
        attention.push(tally(
            "?status=paper_received".into(),
            "待复审",
            "Awaiting the re-review",
            by_status_map
                .get(ApplicationStatus::PaperReceived.as_str())
                .copied()
                .unwrap_or(0),
        ));
    }
    Ok(Dashboard {
        organisation,
        as_of: now.naive_local(),
        total: total.max(0) as u64,
        by_status,
        by_series,
        by_level,
        by_department,
        top_units,
        submissions_per_day: days(per_day),
        intakes_per_day: days(intakes),
        windows,
        attention,
    })
}

//! Many generated applications for the center's list, dashboard and exports and their
//! benchmarks (`chuding seed-demo --applications N`): a city's worth of units under competent
//! departments, one applicant each, spread over the round's states, series, levels and working
//! days, with the paper intake's timeline step where the state has one. Rows go in with explicit
//! ids in multi-row inserts, a thousand at a time, so a million take minutes, not hours.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use sea_orm::sea_query::{Alias, Expr, Func, Query};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, TransactionTrait};
use shared::status::REFERENCE_ALPHABET;
use shared::workflow::OrganisationKind;
use shared::{ApplicationStatus, Level, Round, Series};

use crate::clock::china;

const DEPARTMENTS: i64 = 12;
const UNITS_PER_DEPARTMENT: i64 = 25;
const BATCH: u64 = 1000;

/// Where generated applications stand, out of 100.
const STATES: [(ApplicationStatus, u64); 10] = [
    (ApplicationStatus::Submitted, 10),
    (ApplicationStatus::UnitReview, 8),
    (ApplicationStatus::Publicity, 7),
    (ApplicationStatus::UnitApproved, 10),
    (ApplicationStatus::DepartmentApproved, 15),
    (ApplicationStatus::PaperReceived, 20),
    (ApplicationStatus::Approved, 15),
    (ApplicationStatus::Rejected, 3),
    (ApplicationStatus::Declined, 2),
    (ApplicationStatus::Abandoned, 10),
];

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗",
];
const GIVEN: [&str; 24] = [
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
    "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "海燕", "志强",
];

fn status_of(k: u64) -> ApplicationStatus {
    let mut r = (k.wrapping_mul(2_654_435_761)) % 100;
    for (s, share) in STATES {
        if r < share {
            return s;
        }
        r -= share;
    }
    ApplicationStatus::Submitted
}

/// A resident ID number with a valid check character, unique per `k` (areas the demo's own
/// logins do not use).
fn id_number(k: u64) -> String {
    let seq = k % 1000;
    let days = (k / 1000) % 10_950;
    let area = 320_722 + (k / 1000 / 10_950) % 70;
    let birth = NaiveDate::from_ymd_opt(1966, 1, 1).expect("a date") + Days::new(days);
    let first17 = format!("{area}{}{seq:03}", birth.format("%Y%m%d"));
    let check = shared::identity::resident_id_check_char(&first17).expect("17 digits");
    format!("{first17}{check}")
}

/// An 8-character reference, a bijection of `k` (so unique), in the references' alphabet.
fn reference(k: u64) -> String {
    let base = REFERENCE_ALPHABET.len() as u64;
    let space = base.pow(8);
    let mut n = (k.wrapping_mul(1_000_003) + 7_777_777) % space;
    let mut out = [0u8; 8];
    for c in out.iter_mut().rev() {
        *c = REFERENCE_ALPHABET[(n % base) as usize];
        n /= base;
    }
    String::from_utf8(out.to_vec()).expect("ASCII")
}

fn working_days(round: &Round, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| {
            round
                .calendar
                .is_working_day(*d)
                .unwrap_or(d.weekday().num_days_from_monday() < 5)
        })
        .collect()
}

async fn next_id(db: &DatabaseConnection, table: &str) -> Result<i64, DbErr> {
    let stmt = Query::select()
        .expr(Func::coalesce([
            Expr::col(Alias::new("id")).max(),
            Expr::val(0i64).into(),
        ]))
        .from(Alias::new(table))
        .to_owned();
    let row = db
        .query_one(db.get_database_backend().build(&stmt))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(table.into()))?;
    Ok(row
        .try_get_by_index::<i64>(0)
        .or_else(|_| row.try_get_by_index::<i32>(0).map(i64::from))?
        + 1)
}

/// PostgreSQL's sequences do not see explicit ids: move them past what was written.
async fn resync(db: &DatabaseConnection, tables: &[&str]) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    for t in tables {
        db.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"
        ))
        .await?;
    }
    Ok(())
}

fn at(day: NaiveDate, minute: u64) -> chrono::DateTime<chrono::FixedOffset> {
    day.and_time(NaiveTime::from_hms_opt(8, 30, 0).expect("08:30"))
        .and_local_timezone(china())
        .single()
        .expect("no daylight saving")
        + chrono::Duration::minutes((minute % 540) as i64)
}

pub async fn seed(db: &DatabaseConnection, round: &Round, n: u64) -> anyhow::Result<()> {
    let online = working_days(round, round.online_window.start, round.online_window.end);
    let paper = working_days(round, round.paper_window.start, round.paper_window.end);
    anyhow::ensure!(
        !online.is_empty(),
        "the round's online window has no working day"
    );
    let created = at(online[0], 0);
    // The organisations: departments, each with its units.
    let first_org = next_id(db, "organisation").await?;
    let mut orgs = Query::insert();
    orgs.into_table(Alias::new("organisation"))
        .columns(["id", "name", "kind", "department_id", "created_at"].map(Alias::new));
    let mut units = Vec::new();
    for d in 0..DEPARTMENTS {
        let dept = first_org + d * (UNITS_PER_DEPARTMENT + 1);
        orgs.values_panic([
            dept.into(),
            format!("连云港市第{}主管局（生成 {dept}）", d + 1).into(),
            OrganisationKind::CompetentDepartment.as_str().into(),
            Option::<i64>::None.into(),
            created.into(),
        ]);
        for u in 1..=UNITS_PER_DEPARTMENT {
            let unit = dept + u;
            orgs.values_panic([
                unit.into(),
                format!("连云港市第{}局下属第{u}单位（生成 {unit}）", d + 1).into(),
                OrganisationKind::MunicipalUnit.as_str().into(),
                Some(dept).into(),
                created.into(),
            ]);
            units.push((unit, dept));
        }
    }
    db.execute(db.get_database_backend().build(&orgs)).await?;
    let first_account = next_id(db, "account").await?;
    let first_app = next_id(db, "application").await?;
    let first_event = next_id(db, "application_event").await?;
    let mut event_id = first_event;
    let mut done = 0u64;
    while done < n {
        let size = BATCH.min(n - done);
        let mut accounts = Query::insert();
        accounts.into_table(Alias::new("account")).columns(
            [
                "id",
                "real_name",
                "id_type",
                "id_number",
                "mobile",
                "password_hash",
                "created_at",
            ]
            .map(Alias::new),
        );
        let mut apps = Query::insert();
        apps.into_table(Alias::new("application")).columns(
            [
                "id",
                "reference",
                "account_id",
                "round_id",
                "status",
                "answers_json",
                "level",
                "series",
                "unit_id",
                "department_id",
                "version",
                "submitted_at",
                "publicity_start",
                "publicity_end",
                "created_at",
                "updated_at",
            ]
            .map(Alias::new),
        );
        let mut events = Query::insert();
        events.into_table(Alias::new("application_event")).columns(
            [
                "id",
                "application_id",
                "kind",
                "from_status",
                "to_status",
                "actor_role",
                "at",
                "internal",
            ]
            .map(Alias::new),
        );
        let mut any_event = false;
        for i in 0..size {
            let k = done + i;
            let account = first_account + k as i64;
            let app = first_app + k as i64;
            let key = account as u64;
            let name = format!(
                "{}{}",
                SURNAMES[(key % 20) as usize],
                GIVEN[((key / 20) % 24) as usize]
            );
            let status = status_of(key);
            let series = Series::ALL[((key / 7) % 6) as usize];
            let level =
                [Level::Technician, Level::Assistant, Level::Intermediate][(key % 3) as usize];
            let (unit, dept) = units[(key % units.len() as u64) as usize];
            let day = online[((key / 3) % online.len() as u64) as usize];
            let submitted = at(day, key / 11);
            accounts.values_panic([
                account.into(),
                name.into(),
                "resident_id_card".into(),
                id_number(key).into(),
                format!("138{:08}", key % 100_000_000).into(),
                "!generated".into(),
                submitted.into(),
            ]);
            let publicity = (status != ApplicationStatus::Submitted
                && status != ApplicationStatus::UnitReview)
                .then(|| round.publicity_ends(day).ok().map(|end| (day, end)))
                .flatten();
            apps.values_panic([
                app.into(),
                reference(key).into(),
                account.into(),
                round.id.clone().into(),
                status.as_str().into(),
                "{}".into(),
                level.as_str().into(),
                series.as_str().into(),
                unit.into(),
                dept.into(),
                3.into(),
                submitted.into(),
                publicity.map(|p| p.0).into(),
                publicity.map(|p| p.1).into(),
                submitted.into(),
                submitted.into(),
            ]);
            if matches!(
                status,
                ApplicationStatus::PaperReceived
                    | ApplicationStatus::Approved
                    | ApplicationStatus::Rejected
            ) && !paper.is_empty()
            {
                let received = at(paper[((key / 5) % paper.len() as u64) as usize], key / 13);
                events.values_panic([
                    event_id.into(),
                    app.into(),
                    shared::Action::ReceivePaper.as_str().into(),
                    ApplicationStatus::DepartmentApproved.as_str().into(),
                    ApplicationStatus::PaperReceived.as_str().into(),
                    shared::Role::CenterStaff.as_str().into(),
                    received.into(),
                    false.into(),
                ]);
                event_id += 1;
                any_event = true;
            }
        }
        let txn = db.begin().await?;
        let backend = txn.get_database_backend();
        txn.execute(backend.build(&accounts)).await?;
        txn.execute(backend.build(&apps)).await?;
        if any_event {
            txn.execute(backend.build(&events)).await?;
        }
        txn.commit().await?;
        done += size;
        if done % 100_000 == 0 {
            tracing::info!(done, "generated applications");
        }
    }
    resync(
        db,
        &[
            "organisation",
            "account",
            "application",
            "application_event",
        ],
    )
    .await?;
    if db.get_database_backend() == DatabaseBackend::Postgres {
        // Visibility maps and statistics now, as autovacuum would later: index-only scans.
        db.execute_unprepared("VACUUM ANALYZE").await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_unique_and_valid() {
        let mut refs = std::collections::BTreeSet::new();
        let mut ids = std::collections::BTreeSet::new();
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        for k in (0..2_000_000u64).step_by(997) {
            assert!(refs.insert(reference(k)));
            let id = id_number(k);
            assert!(
                shared::IdNumber::parse(shared::IdType::ResidentIdCard, &id, today).is_ok(),
                "{id}"
            );
            assert!(ids.insert(id));
        }
    }
}

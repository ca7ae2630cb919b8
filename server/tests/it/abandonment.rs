//! 五（四）on a real database of each backend: after the paper window, every application still
//! waiting for its paper is treated as withdrawn, once, with its step; the last day of the window
//! changes nothing; several ticks at once (tasks, and on PostgreSQL two `chuding tick` processes)
//! change each application once; the center reinstates one with a reason.

use crate::support;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use server::entity::{application, application_event};
use server::workflow::{abandonment, late_paper, Actor, Refusal, WorkflowError};
use shared::{ApplicationStatus, Role, Round};
use support::TestDb;

fn at(day: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(&format!("{day}T09:00:00+08:00")).unwrap()
}

async fn abandon_steps(db: &DatabaseConnection) -> u64 {
    application_event::Entity::find()
        .filter(application_event::Column::Kind.eq("abandon"))
        .count(db)
        .await
        .unwrap()
}

async fn status_of(db: &DatabaseConnection, reference: &str) -> String {
    application::Entity::find()
        .filter(application::Column::Reference.eq(reference))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .status
}

/// One application in each state, in a unit made for the test.
async fn one_in_each_state(db: &DatabaseConnection, tag: &str) -> i32 {
    let unit = support::organisation_row(db, &format!("测试单位{tag}"), "non_public_unit").await;
    for s in ApplicationStatus::ALL {
        support::application_in(
            db,
            &format!("{tag}{}", s.as_str().to_uppercase().replace('_', "")),
            "测试",
            s.as_str(),
            unit,
        )
        .await;
    }
    unit
}

async fn the_paper_deadline(db: TestDb) {
    let conn = server::db::connect(&db.url).await.unwrap();
    server::db::migrate(&conn).await.unwrap();
    let round = Round::h1_2026();
    let unit = one_in_each_state(&conn, "A").await;
    // The draft made there was submitted once (returned for correction); one never submitted is
    // no application, and stays a draft.
    {
        use sea_orm::{ActiveModelTrait, Set};
        let fresh = support::application_in(&conn, "NEVERSUB", "测试", "draft", unit).await;
        let mut row: application::ActiveModel = fresh.into();
        row.submitted_at = Set(None);
        row.update(&conn).await.unwrap();
    }
    let waiting = abandonment::waiting_for_paper();
    assert_eq!(waiting.len(), 7, "{waiting:?}");
    assert!(waiting.contains(&ApplicationStatus::Draft));

    // The last day of the window (06-05) changes nothing; the day after, the waiting ones go.
    assert_eq!(
        abandonment::tick(&conn, &round, at("2026-06-05"))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        abandonment::tick(&conn, &round, at("2026-06-06"))
            .await
            .unwrap(),
        waiting.len()
    );
    for s in ApplicationStatus::ALL {
        let now = status_of(
            &conn,
            &format!("A{}", s.as_str().to_uppercase().replace('_', "")),
        )
        .await;
        let expected = if waiting.contains(s) {
            "abandoned"
        } else {
            s.as_str()
        };
        assert_eq!(now, expected, "from {s:?}");
    }
    let step = application_event::Entity::find()
        .filter(application_event::Column::Kind.eq("abandon"))
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (step.actor_role.as_str(), step.actor_account_id),
        ("system", None)
    );
    assert!(step.reason.unwrap().contains("五（四）"));
    assert_eq!(status_of(&conn, "NEVERSUB").await, "draft");
    let returned = application::Entity::find()
        .filter(application::Column::Reference.eq("ADRAFT"))
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    let why = application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(returned.id))
        .filter(application_event::Column::Kind.eq("abandon"))
        .one(&conn)
        .await
        .unwrap()
        .unwrap()
        .reason
        .unwrap();
    assert!(
        why.contains("退回修改后未在 2026-06-05 前重新提交"),
        "{why}"
    );
    // Once only.
    assert_eq!(
        abandonment::tick(&conn, &round, at("2026-06-08"))
            .await
            .unwrap(),
        0
    );
    assert_eq!(abandon_steps(&conn).await, waiting.len() as u64);

    // Several ticks at once change each application once.
    one_in_each_state(&conn, "B").await;
    let (a, b, c) = tokio::join!(
        abandonment::tick(&conn, &round, at("2026-06-08")),
        abandonment::tick(&conn, &round, at("2026-06-08")),
        abandonment::tick(&conn, &round, at("2026-06-08"))
    );
    assert_eq!(a.unwrap() + b.unwrap() + c.unwrap(), waiting.len());
    assert_eq!(abandon_steps(&conn).await, 2 * waiting.len() as u64);

    // Paper that came in time but was logged late: one member of staff logs it with its true
    // day, a second confirms; it goes back to where it was abandoned from (issue 28, case 6).
    let staff = support::account_row(&conn, "320706198405050055").await;
    let second = support::account_row(&conn, "320706198708080083").await;
    let center = Actor::staff(staff, Role::CenterStaff, 1);
    let other = Actor::staff(second, Role::CenterStaff, 1);
    let find = |reference: &'static str| {
        let conn = conn.clone();
        async move {
            application::Entity::find()
                .filter(application::Column::Reference.eq(reference))
                .one(&conn)
                .await
                .unwrap()
                .unwrap()
        }
    };
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    let log = |actor: Actor, on: &'static str, why: &'static str, app: application::Model| {
        let (conn, round) = (conn.clone(), round.clone());
        async move {
            late_paper::log(
                &conn,
                &round,
                at("2026-06-09"),
                actor,
                &app,
                day(on),
                Default::default(),
                why,
            )
            .await
        }
    };
    // Abandoned before its 公示 began: nothing could complete it now, so it stays abandoned.
    let before = find("ASUBMITTED").await;
    assert!(log(center, "2026-06-05", "当日未登记", before)
        .await
        .is_err());
    let app = find("APUBLICITY").await;
    // Not a working day inside the window, after today, without a reason, or by a unit reviewer.
    for (on, why) in [
        ("2026-06-06", "当日未登记"),
        ("2026-06-10", "当日未登记"),
        ("2026-06-05", " "),
    ] {
        let refused = log(center, on, why, app.clone()).await;
        assert!(
            matches!(&refused, Err(WorkflowError::Refused(Refusal::Invalid(_)))),
            "{on}: {refused:?}"
        );
    }
    let unit_reviewer = Actor::staff(staff, Role::UnitReviewer, 1);
    assert!(matches!(
        log(unit_reviewer, "2026-06-05", "当日未登记", app.clone()).await,
        Err(WorkflowError::Refused(Refusal::NotAllowed { .. }))
    ));
    log(
        center,
        "2026-06-05",
        "6 月 5 日下午窗口收件，当日未登记",
        app.clone(),
    )
    .await
    .unwrap();
    // The one who logged it cannot confirm it.
    let refused = late_paper::confirm(&conn, at("2026-06-09"), center, &app).await;
    assert!(
        matches!(&refused, Err(WorkflowError::Refused(Refusal::Invalid(e))) if e[0].field == "confirm"),
        "{refused:?}"
    );
    // Abandoned during its 公示: back there, never straight to paper received.
    assert_eq!(
        late_paper::confirm(&conn, at("2026-06-09"), other, &app)
            .await
            .unwrap(),
        ApplicationStatus::Publicity
    );
    assert_eq!(
        abandonment::tick(&conn, &round, at("2026-06-10"))
            .await
            .unwrap(),
        0,
        "paper in hand waits for its approvals, not abandoned again"
    );
    assert_eq!(
        late_paper::received_on(&conn, &find("APUBLICITY").await)
            .await
            .unwrap(),
        Some(day("2026-06-05"))
    );
    // Abandoned once its approvals were complete (a non-public unit's own): on to paper received.
    let approved = find("AUNITAPPROVED").await;
    log(
        center,
        "2026-06-04",
        "邮寄件 6 月 4 日签收，未及时登记",
        approved.clone(),
    )
    .await
    .unwrap();
    assert_eq!(
        late_paper::confirm(&conn, at("2026-06-09"), other, &approved)
            .await
            .unwrap(),
        ApplicationStatus::PaperReceived
    );
    // A returned draft never sent again has no paper to log.
    let draft = find("ADRAFT").await;
    assert!(log(center, "2026-06-04", "x", draft).await.is_err());
    let _ = unit;
}

#[tokio::test]
async fn sqlite_the_paper_deadline() {
    the_paper_deadline(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_the_paper_deadline() {
    if let Some(db) = TestDb::postgres().await {
        the_paper_deadline(db).await;
    }
}

/// Two `chuding tick` processes at once on one PostgreSQL: each application changes once.
#[tokio::test]
async fn postgres_two_processes_tick_at_once() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let conn = server::db::connect(&db.url).await.unwrap();
    server::db::migrate(&conn).await.unwrap();
    for i in 0..4 {
        one_in_each_state(&conn, &format!("P{i}")).await;
    }
    let tick = || {
        std::process::Command::new(support::BIN)
            .args(["tick", "--clock", "2026-06-06"])
            .env("DATABASE_URL", &db.url)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (tick(), tick());
    let counted: usize = [first, second]
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success());
            let text = String::from_utf8_lossy(&out.stdout).to_string();
            text.trim()
                .rsplit(' ')
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap_or_else(|_| panic!("{text}"))
        })
        .sum();
    let expected = 4 * abandonment::waiting_for_paper().len();
    assert_eq!(counted, expected);
    assert_eq!(abandon_steps(&conn).await, expected as u64);
}

//! The center's paper intake on a real database of each backend: only on working days inside the
//! paper window (a Saturday, 端午 and the day after the window refused), only once the approvals the
//! case needs are complete, only by center staff; the checklist is kept and names what is missing.

use crate::support;

use std::collections::BTreeMap;

use sea_orm::{DatabaseConnection, EntityTrait, QueryFilter};
use server::entity::application;
use server::workflow::{intake, Actor, Refusal, WorkflowError};
use shared::workflow::PaperItem;
use shared::{ApplicationStatus, Material, Role, Round};
use support::TestDb;

fn at(day: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+08:00")).unwrap()
}

fn refused_with(r: Result<ApplicationStatus, WorkflowError>, needle: &str) {
    match r {
        Err(WorkflowError::Refused(Refusal::Invalid(e))) => {
            assert!(e[0].zh.contains(needle), "{needle:?} not in {e:?}")
        }
        other => panic!("expected a refusal with {needle:?}, got {other:?}"),
    }
}

async fn with_verdict(conn: &DatabaseConnection, app: application::Model) -> application::Model {
    use sea_orm::{ActiveModelTrait, Set};
    let answers = content::questionnaire::answers::Answers(server::demo::sample::answers_with(&[]));
    let (_, verdict) = answers.evaluate(&Round::h1_2026());
    let mut row: application::ActiveModel = app.into();
    row.verdict_json = Set(Some(serde_json::to_string(&verdict).unwrap()));
    row.update(conn).await.unwrap()
}

async fn the_window(db: TestDb) {
    let conn = server::db::connect(&db.url).await.unwrap();
    server::db::migrate(&conn).await.unwrap();
    let round = Round::h1_2026();
    let department =
        support::organisation_row(&conn, "连云港市住房和城乡建设局", "competent_department").await;
    let unit = support::organisation_row(&conn, "某某设计院", "municipal_unit").await;
    server::entity::organisation::Entity::update_many()
        .col_expr(
            server::entity::organisation::Column::DepartmentId,
            sea_orm::sea_query::Expr::value(department),
        )
        .filter(sea_orm::ColumnTrait::eq(
            &server::entity::organisation::Column::Id,
            unit,
        ))
        .exec(&conn)
        .await
        .unwrap();
    let ready = with_verdict(
        &conn,
        support::application_in(&conn, "READY001", "受理甲", "department_approved", unit).await,
    )
    .await;
    let waiting = with_verdict(
        &conn,
        support::application_in(&conn, "WAIT0001", "受理乙", "unit_approved", unit).await,
    )
    .await;
    let staff = Actor::staff(
        support::account_row(&conn, "320706198405050055").await,
        Role::CenterStaff,
        1,
    );
    let materials = intake::materials(&ready);
    assert!(
        materials.contains(&Material::ApplicationForm),
        "{materials:?}"
    );

    // The checklist needs every material.
    let errors = intake::read_checklist(&materials, &BTreeMap::new()).unwrap_err();
    assert_eq!(errors.len(), materials.len());
    let mut form: BTreeMap<String, String> = materials
        .iter()
        .map(|m| {
            (
                format!("item_{}", m.as_str()),
                "received_original".to_string(),
            )
        })
        .collect();
    form.insert("item_ce_transcript".into(), "missing".into());
    let checklist = intake::read_checklist(&materials, &form).unwrap();

    // Not on a Saturday, not on 端午, not after 06-05; not by a unit's reviewer; not before the
    // approvals the case needs.
    refused_with(
        intake::receive(&conn, &round, at("2026-05-16"), staff, &ready, &checklist).await,
        "不受理纸质材料",
    );
    refused_with(
        intake::receive(&conn, &round, at("2026-06-19"), staff, &ready, &checklist).await,
        "不受理纸质材料",
    );
    refused_with(
        intake::receive(&conn, &round, at("2026-06-06"), staff, &ready, &checklist).await,
        "2026-06-05 的工作日",
    );
    let reviewer = Actor::staff(staff.account_id.unwrap(), Role::UnitReviewer, unit);
    assert!(matches!(
        intake::receive(
            &conn,
            &round,
            at("2026-05-20"),
            reviewer,
            &ready,
            &checklist
        )
        .await,
        Err(WorkflowError::Refused(Refusal::NotAllowed { .. }))
    ));
    refused_with(
        intake::receive(&conn, &round, at("2026-05-20"), staff, &waiting, &checklist).await,
        "审核尚未全部完成",
    );

    // A working day in the window: received, the checklist kept.
    assert_eq!(
        intake::receive(&conn, &round, at("2026-05-20"), staff, &ready, &checklist)
            .await
            .unwrap(),
        ApplicationStatus::PaperReceived
    );
    let now = application::Entity::find_by_id(ready.id)
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        intake::recorded(&now).get(&Material::CeTranscript),
        Some(&PaperItem::Missing)
    );
    assert_eq!(
        intake::recorded(&now).get(&Material::ApplicationForm),
        Some(&PaperItem::ReceivedOriginal)
    );
}

#[tokio::test]
async fn sqlite_the_window() {
    the_window(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_the_window() {
    if let Some(db) = TestDb::postgres().await {
        the_window(db).await;
    }
}

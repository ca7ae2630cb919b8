//! Issuing certificates on a real database of each backend: numbers in the round's series with
//! their check character, issuing twice gives the same certificate, only an approved application
//! and only the center's staff, and no certificate where the series names no qualification.

mod support;

use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use server::entity::application;
use server::workflow::{certificates, Actor, Refusal, WorkflowError};
use shared::certificate::CertificateNumber;
use shared::{Role, Round};
use support::TestDb;

async fn issuing(db: TestDb) {
    let conn = server::db::connect(&db.url).await.unwrap();
    server::db::migrate(&conn).await.unwrap();
    let round = Round::h1_2026();
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-10T10:00:00+08:00").unwrap();
    let unit = support::organisation_row(&conn, "某某公司", "non_public_unit").await;
    let center = support::organisation_row(&conn, "连云港市人才服务中心", "center").await;
    let clerk = Actor::staff(
        support::account_row(&conn, "320706198405050055").await,
        Role::CenterStaff,
        center,
    );
    let first = support::application_in(&conn, "CERT0001", "甲", "approved", unit).await;
    let second = support::application_in(&conn, "CERT0002", "乙", "approved", unit).await;

    let one = certificates::issue(&conn, &round, now, clerk, &first)
        .await
        .unwrap();
    assert_eq!(
        one.number,
        CertificateNumber::new(2026, 1, 1).unwrap().compact()
    );
    assert_eq!(
        CertificateNumber::parse(&one.number)
            .unwrap()
            .to_string()
            .len(),
        15
    );
    // Again (the page sent twice, or a batch that includes it): the same certificate.
    let reread = application::Entity::find_by_id(first.id)
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reread.status, "certified");
    let again = certificates::issue(&conn, &round, now, clerk, &reread)
        .await
        .unwrap();
    assert_eq!(again, one);
    let two = certificates::issue(&conn, &round, now, clerk, &second)
        .await
        .unwrap();
    assert_eq!(CertificateNumber::parse(&two.number).unwrap().serial, 2);

    // Not approved; not the center's staff; no qualification at that level.
    let received = support::application_in(&conn, "CERT0003", "丙", "paper_received", unit).await;
    let refused = certificates::issue(&conn, &round, now, clerk, &received).await;
    assert!(
        matches!(
            refused,
            Err(WorkflowError::Refused(Refusal::NotAllowed { .. }))
        ),
        "{refused:?}"
    );
    let third = support::application_in(&conn, "CERT0004", "丁", "approved", unit).await;
    let reviewer = Actor::staff(clerk.account_id.unwrap(), Role::UnitReviewer, unit);
    assert!(certificates::issue(&conn, &round, now, reviewer, &third)
        .await
        .is_err());
    let mut research: application::ActiveModel = third.into();
    research.series = Set(Some("natural_science_research".into()));
    research.level = Set(Some("technician".into()));
    let research = research.update(&conn).await.unwrap();
    match certificates::issue(&conn, &round, now, clerk, &research).await {
        Err(WorkflowError::Refused(Refusal::Invalid(e))) => assert_eq!(e[0].field, "level"),
        other => panic!("expected a refusal naming the level, got {other:?}"),
    }
    assert!(certificates::of(&conn, research.id)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn issuing_on_sqlite() {
    issuing(TestDb::sqlite()).await;
}

#[tokio::test]
async fn issuing_on_postgres() {
    if let Some(db) = TestDb::postgres().await {
        issuing(db).await;
    }
}

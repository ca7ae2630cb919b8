//! The unified re-review on a real database of each backend: closed until the paper deadline has
//! passed; an approval against the system's verdict needs a reason; a rejection needs reasons, is
//! proposed by one member of the center's staff and confirmed by another (not the same); the
//! applicant reads the reasons; many are approved at once, one step each.

use crate::support;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use server::entity::{application, application_event};
use server::workflow::timeline::{self, Audience};
use server::workflow::{re_review, Actor, Refusal, WorkflowError};
use shared::{ApplicationStatus, Role, Round};
use support::TestDb;

fn at(day: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+08:00")).unwrap()
}

fn refused<T: std::fmt::Debug>(r: Result<T, WorkflowError>, needle: &str) {
    match r {
        Err(WorkflowError::Refused(Refusal::Invalid(e))) => {
            assert!(e[0].zh.contains(needle), "{needle:?} not in {e:?}")
        }
        other => panic!("expected a refusal with {needle:?}, got {other:?}"),
    }
}

async fn received(
    conn: &DatabaseConnection,
    reference: &str,
    unit: i32,
    eligible: bool,
) -> application::Model {
    use sea_orm::{ActiveModelTrait, Set};
    let app = support::application_in(conn, reference, reference, "paper_received", unit).await;
    let answers =
        content::questionnaire::answers::Answers(server::demo::sample::answers_with(if eligible {
            &[]
        } else {
            &[("sanction_in_effect", "yes")]
        }));
    let (_, verdict) = answers.evaluate(&Round::h1_2026());
    assert_eq!(verdict.outcome == shared::Outcome::Eligible, eligible);
    let mut row: application::ActiveModel = app.into();
    row.verdict_json = Set(Some(serde_json::to_string(&verdict).unwrap()));
    row.update(conn).await.unwrap()
}

async fn reread(conn: &DatabaseConnection, id: i32) -> application::Model {
    application::Entity::find_by_id(id)
        .one(conn)
        .await
        .unwrap()
        .unwrap()
}

async fn the_re_review(db: TestDb) {
    let conn = server::db::connect(&db.url).await.unwrap();
    server::db::migrate(&conn).await.unwrap();
    let round = Round::h1_2026();
    let unit = support::organisation_row(&conn, "某某公司", "non_public_unit").await;
    let first = Actor::staff(
        support::account_row(&conn, "320706198405050055").await,
        Role::CenterStaff,
        1,
    );
    let second = Actor::staff(
        support::account_row(&conn, "320706198607070070").await,
        Role::CenterStaff,
        1,
    );
    let good = received(&conn, "GOOD0001", unit, true).await;
    let doubtful = received(&conn, "DOUBT001", unit, false).await;

    // Closed on the deadline itself; open the day after.
    refused(
        re_review::approve(&conn, &round, at("2026-06-05"), first, &good, "").await,
        "之后开始",
    );
    // Against the system's verdict: a reason is needed.
    refused(
        re_review::approve(&conn, &round, at("2026-06-08"), first, &doubtful, " ").await,
        "须写明理由",
    );
    assert_eq!(
        re_review::approve(
            &conn,
            &round,
            at("2026-06-08"),
            first,
            &doubtful,
            "处分已于 2025 年解除，有文件为证"
        )
        .await
        .unwrap(),
        ApplicationStatus::Approved
    );

    // A rejection: reasons needed; the system said eligible, so words too; then four eyes.
    refused(
        re_review::propose_rejection(&conn, &round, at("2026-06-08"), first, &good, &[], "").await,
        "至少选择一项",
    );
    refused(
        re_review::propose_rejection(
            &conn,
            &round,
            at("2026-06-08"),
            first,
            &good,
            &[round.reject_reason("materials_untrue").unwrap().clone()],
            "",
        )
        .await,
        "须写明不通过的理由",
    );
    re_review::propose_rejection(
        &conn,
        &round,
        at("2026-06-08"),
        first,
        &good,
        &[round.reject_reason("materials_untrue").unwrap().clone()],
        "业绩证明与单位出具的证明不一致",
    )
    .await
    .unwrap();
    let good = reread(&conn, good.id).await;
    assert_eq!(good.status, "paper_received", "a proposal changes no state");
    refused(
        re_review::confirm_rejection(&conn, &round, at("2026-06-08"), first, &good).await,
        "另一位工作人员",
    );
    let unit_reviewer = Actor::staff(second.account_id.unwrap(), Role::UnitReviewer, unit);
    assert!(matches!(
        re_review::confirm_rejection(&conn, &round, at("2026-06-08"), unit_reviewer, &good).await,
        Err(WorkflowError::Refused(Refusal::NotAllowed { .. }))
    ));
    assert_eq!(
        re_review::confirm_rejection(&conn, &round, at("2026-06-09"), second, &good)
            .await
            .unwrap(),
        ApplicationStatus::Rejected
    );
    let theirs = timeline::steps(&conn, good.id, Audience::Applicant)
        .await
        .unwrap();
    let last = theirs.last().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.reason.as_deref()),
        (
            "reject",
            Some("申报材料与事实不符；业绩证明与单位出具的证明不一致")
        )
    );
    assert!(
        !theirs.iter().any(|s| s.kind == "reject_proposed"),
        "the proposal is the center's own"
    );

    // Many at once: one step each; one the system did not find eligible is named, not approved.
    let many = [
        received(&conn, "MANY0001", unit, true).await,
        received(&conn, "MANY0002", unit, true).await,
        received(&conn, "MANY0003", unit, false).await,
    ];
    let results = re_review::approve_many(&conn, &round, at("2026-06-09"), first, &many)
        .await
        .unwrap();
    assert_eq!(results.iter().filter(|(_, r)| r.is_ok()).count(), 2);
    assert!(matches!(&results[2], (r, Err(Refusal::Invalid(_))) if r == "MANY0003"));
    let steps = application_event::Entity::find()
        .filter(application_event::Column::Kind.eq("approve"))
        .all(&conn)
        .await
        .unwrap();
    assert_eq!(steps.len(), 3, "the doubtful one and two of the many");

    // Four eyes, enforced by the workflow (#28): while a rejection is proposed nobody approves,
    // one at a time or in bulk, and the proposer can neither confirm nor withdraw it.
    let held = received(&conn, "HELD0001", unit, true).await;
    re_review::propose_rejection(
        &conn,
        &round,
        at("2026-06-09"),
        first,
        &held,
        &[round.reject_reason("materials_untrue").unwrap().clone()],
        "证明材料系伪造",
    )
    .await
    .unwrap();
    let held = reread(&conn, held.id).await;
    for who in [first, second] {
        refused(
            re_review::approve(&conn, &round, at("2026-06-09"), who, &held, "").await,
            "有待确认的不通过提议",
        );
    }
    let results = re_review::approve_many(&conn, &round, at("2026-06-09"), second, &[held.clone()])
        .await
        .unwrap();
    assert!(
        matches!(&results[0], (r, Err(Refusal::Invalid(e))) if r == "HELD0001" && e[0].zh.contains("有待确认")),
        "bulk skips it, saying why: {results:?}"
    );
    refused(
        re_review::withdraw_proposal(&conn, &round, at("2026-06-09"), first, &held, "看错了").await,
        "另一位工作人员",
    );
    refused(
        re_review::withdraw_proposal(&conn, &round, at("2026-06-09"), second, &held, " ").await,
        "须写明理由",
    );
    re_review::withdraw_proposal(
        &conn,
        &round,
        at("2026-06-09"),
        second,
        &held,
        "原件已核实，证明为真",
    )
    .await
    .unwrap();
    let held = reread(&conn, held.id).await;
    assert!(held.rejection_proposal.is_none());
    assert_eq!(
        re_review::approve(&conn, &round, at("2026-06-09"), first, &held, "")
            .await
            .unwrap(),
        ApplicationStatus::Approved
    );
    let staff_steps = timeline::steps(&conn, held.id, Audience::Staff)
        .await
        .unwrap();
    assert!(staff_steps.iter().any(
        |s| s.kind == "reject_withdrawn" && s.reason.as_deref() == Some("原件已核实，证明为真")
    ));

    // The paper decides: a material logged as missing blocks the approval (single and bulk).
    let short = received(&conn, "SHORT001", unit, true).await;
    {
        use sea_orm::{ActiveModelTrait, Set};
        let mut row: application::ActiveModel = short.clone().into();
        row.paper_checklist = Set(Some(
            r#"{"application_form":"received_original","ce_transcript":"missing"}"#.into(),
        ));
        row.update(&conn).await.unwrap();
    }
    let short = reread(&conn, short.id).await;
    refused(
        re_review::approve(&conn, &round, at("2026-06-09"), first, &short, "").await,
        "纸质材料不全",
    );
    let results = re_review::approve_many(&conn, &round, at("2026-06-09"), first, &[short])
        .await
        .unwrap();
    assert!(matches!(&results[0], (_, Err(Refusal::Invalid(_)))));
}

#[tokio::test]
async fn sqlite_the_re_review() {
    the_re_review(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_the_re_review() {
    if let Some(db) = TestDb::postgres().await {
        the_re_review(db).await;
    }
}

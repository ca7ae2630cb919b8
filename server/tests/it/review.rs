//! The review by the applicant's organisations, below the web layer, on both backends: the unit
//! returns (the applicant corrects and resubmits), runs the 公示 counted in working days, meets an
//! objection, approves with a real appraisal after the end; the department approves next. Other
//! organisations' reviewers are refused at every step.

use crate::support;

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use server::entity::{application, application_event, organisation};
use server::workflow::notes::{self, Visibility};
use server::workflow::review::{self, Reasons};
use server::workflow::timeline::{self, Audience};
use server::workflow::{self, Actor, Refusal, WorkflowError};
use shared::workflow::{approvals_complete, OrganisationKind, ReviewReason};
use shared::{ApplicationStatus, Role, Round};
use support::TestDb;

fn at(day: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+08:00")).unwrap()
}

fn d(day: &str) -> NaiveDate {
    day.parse().unwrap()
}

async fn org(
    db: &DatabaseConnection,
    name: &str,
    kind: OrganisationKind,
    department: Option<i32>,
) -> i32 {
    organisation::ActiveModel {
        name: Set(name.into()),
        kind: Set(kind.as_str().into()),
        department_id: Set(department),
        created_at: Set(at("2026-05-01")),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn reread(db: &DatabaseConnection, id: i32) -> application::Model {
    application::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

fn refused_invalid(r: Result<ApplicationStatus, WorkflowError>, needle: &str) {
    match r {
        Err(WorkflowError::Refused(Refusal::Invalid(errors))) => assert!(
            errors.iter().any(|e| e.zh.contains(needle)),
            "{needle:?} not in {errors:?}"
        ),
        other => panic!("expected a refusal mentioning {needle:?}, got {other:?}"),
    }
}

fn not_allowed<T: std::fmt::Debug>(r: Result<T, WorkflowError>) {
    assert!(
        matches!(r, Err(WorkflowError::Refused(Refusal::NotAllowed { .. }))),
        "{r:?}"
    );
}

async fn the_review(db: TestDb) {
    let conn = server::db::connect(&db.url).await.unwrap();
    server::db::migrate(&conn).await.unwrap();
    let round = Round::h1_2026();
    let queue = workflow::submit::Queue::default();
    let department = org(
        &conn,
        "连云港市住房和城乡建设局",
        OrganisationKind::CompetentDepartment,
        None,
    )
    .await;
    let other_department = org(
        &conn,
        "连云港市交通运输局",
        OrganisationKind::CompetentDepartment,
        None,
    )
    .await;
    let unit = org(
        &conn,
        "连云港市某某工程设计院",
        OrganisationKind::MunicipalUnit,
        Some(department),
    )
    .await;
    let other_unit = org(
        &conn,
        "连云港市某某医院",
        OrganisationKind::MunicipalUnit,
        Some(other_department),
    )
    .await;
    let agency = org(
        &conn,
        "某某人力资源公司",
        OrganisationKind::DispatchAgency,
        None,
    )
    .await;
    let applicant = support::account_row(&conn, "11010519491231002X").await;
    let reviewer = Actor::staff(
        support::account_row(&conn, "320706198808081235").await,
        Role::UnitReviewer,
        unit,
    );
    let stranger = Actor::staff(
        support::account_row(&conn, "320706199001010016").await,
        Role::UnitReviewer,
        other_unit,
    );
    let head = Actor::staff(
        support::account_row(&conn, "320706199001020012").await,
        Role::DepartmentReviewer,
        department,
    );
    let other_head = Actor::staff(
        support::account_row(&conn, "320706199001030019").await,
        Role::DepartmentReviewer,
        other_department,
    );
    let agent = Actor::staff(
        support::account_row(&conn, "320706199001040015").await,
        Role::AgencyReviewer,
        agency,
    );

    // A submitted application of the unit's employee.
    let draft = workflow::draft::start(&conn, &round, at("2026-05-12"), applicant)
        .await
        .unwrap();
    let mut row: application::ActiveModel = draft.into();
    // The unit, chosen from the directory, routes the application at submission.
    row.answers_json = Set(
        serde_json::to_string(&server::demo::sample::answers_with(&[(
            "unit_id",
            &unit.to_string(),
        )]))
        .unwrap(),
    );
    let draft = row.update(&conn).await.unwrap();
    assert!(workflow::submit::submit(
        &conn,
        &queue,
        &round,
        at("2026-05-12"),
        applicant,
        &draft,
        true
    )
    .await
    .unwrap());
    let app = reread(&conn, draft.id).await;

    // Another unit's reviewer can do nothing with it; the unit opens its review.
    not_allowed(review::open(&conn, at("2026-05-13"), stranger, &app).await);
    assert_eq!(
        review::open(&conn, at("2026-05-13"), reviewer, &app)
            .await
            .unwrap(),
        ApplicationStatus::UnitReview
    );
    let app = reread(&conn, app.id).await;

    // Returned for correction: reasons required; the applicant sees them, corrects and resubmits.
    refused_invalid(
        review::return_for_correction(
            &conn,
            &round,
            at("2026-05-13"),
            reviewer,
            &app,
            &Reasons::default(),
        )
        .await,
        "至少选择一项",
    );
    refused_invalid(
        review::return_for_correction(
            &conn,
            &round,
            at("2026-05-13"),
            reviewer,
            &app,
            &Reasons {
                codes: vec![ReviewReason::Other],
                text: " ".into(),
            },
        )
        .await,
        "其他原因",
    );
    // After 05-29 a corrected application could no longer get its 公示 in time: no return then
    // (the unit approves or declines), with the day said (#28).
    assert_eq!(round.last_return_day().unwrap(), Some(d("2026-05-29")));
    refused_invalid(
        review::return_for_correction(
            &conn,
            &round,
            at("2026-06-01"),
            reviewer,
            &app,
            &Reasons {
                codes: vec![ReviewReason::AnswersWrong],
                text: String::new(),
            },
        )
        .await,
        "2026-05-29 之后退回修改",
    );
    let reasons = Reasons {
        codes: vec![ReviewReason::DoesNotMatchOriginals],
        text: "毕业时间与毕业证书不一致".into(),
    };
    assert_eq!(
        review::return_for_correction(&conn, &round, at("2026-05-13"), reviewer, &app, &reasons)
            .await
            .unwrap(),
        ApplicationStatus::Draft
    );
    let returned = reread(&conn, app.id).await;
    let steps = application_event::Entity::find().all(&conn).await.unwrap();
    let step = steps
        .iter()
        .find(|s| s.kind == "return_for_correction")
        .unwrap();
    assert_eq!(
        step.reason.as_deref(),
        Some("填报内容与原件不符；毕业时间与毕业证书不一致")
    );
    let data: serde_json::Value = serde_json::from_str(step.data_json.as_deref().unwrap()).unwrap();
    assert_eq!(
        data["reasons"],
        serde_json::json!(["does_not_match_originals"])
    );
    assert_eq!(
        data["answers"]["edu_graduation_date"], "2024-06-30",
        "the answers as returned, to compare later"
    );
    let saved = workflow::draft::save_section(
        &conn,
        &round,
        at("2026-05-14"),
        applicant,
        &returned,
        returned.version,
        content::questionnaire::sections::ProfileSection::Education,
        &[
            ("edu_level", "bachelor"),
            ("edu_credential", "diploma_and_degree"),
            ("edu_source", "regular"),
            ("edu_completion", "graduated"),
            ("edu_full_time", "yes"),
            ("edu_graduation_date", "2024-06-28"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
    )
    .await
    .unwrap();
    assert!(saved.errors.is_empty(), "{:?}", saved.errors);
    let corrected = reread(&conn, app.id).await;
    // A returned draft may come back until the paper deadline (06-05), not after (#28).
    match workflow::submit::submit(
        &conn,
        &queue,
        &round,
        at("2026-06-06"),
        applicant,
        &corrected,
        true,
    )
    .await
    {
        Err(WorkflowError::Refused(Refusal::Invalid(e))) => assert!(
            e.iter()
                .any(|e| e.zh.contains("纸质材料受理截止（2026-06-05）前重新提交")),
            "{e:?}"
        ),
        other => panic!("a returned draft after the paper deadline: {other:?}"),
    }
    assert!(workflow::submit::submit(
        &conn,
        &queue,
        &round,
        at("2026-05-14"),
        applicant,
        &corrected,
        true
    )
    .await
    .unwrap());
    let app = reread(&conn, app.id).await;
    assert_eq!(app.status, "submitted");
    review::open(&conn, at("2026-05-15"), reviewer, &app)
        .await
        .unwrap();
    let app = reread(&conn, app.id).await;

    // The 公示: at least 5 working days by the round's calendar. From Wednesday 05-06 the 5th
    // working day is Monday 05-11 (Saturday 05-09 is a 调休 working day); from Monday 06-15 it is
    // Monday 06-22 (Friday 06-19 is the Dragon Boat holiday).
    assert_eq!(
        review::earliest_publicity_end(&round, d("2026-05-06")).unwrap(),
        d("2026-05-11")
    );
    assert_eq!(
        review::earliest_publicity_end(&round, d("2026-05-16")).unwrap(),
        d("2026-05-22"),
        "a weekend start counts from Monday"
    );
    assert_eq!(
        review::earliest_publicity_end(&round, d("2026-06-15")).unwrap(),
        d("2026-06-22")
    );
    not_allowed(
        review::start_publicity(
            &conn,
            &round,
            at("2026-05-15"),
            stranger,
            &app,
            d("2026-05-15"),
            d("2026-05-21"),
        )
        .await,
    );
    refused_invalid(
        review::start_publicity(
            &conn,
            &round,
            at("2026-05-15"),
            reviewer,
            &app,
            d("2026-05-15"),
            d("2026-05-20"),
        )
        .await,
        "最早 2026-05-21 结束",
    );
    // Never backdated: a January 公示 entered in May is refused (#28).
    refused_invalid(
        review::start_publicity(
            &conn,
            &round,
            at("2026-05-15"),
            reviewer,
            &app,
            d("2026-01-05"),
            d("2026-01-12"),
        )
        .await,
        "开始日期最早为今天（2026-05-15）",
    );
    // It ends leaving a working day for the approvals before the paper deadline (06-05).
    refused_invalid(
        review::start_publicity(
            &conn,
            &round,
            at("2026-05-15"),
            reviewer,
            &app,
            d("2026-05-15"),
            d("2026-06-05"),
        )
        .await,
        "须在 2026-06-04 前",
    );
    assert_eq!(round.latest_publicity_end().unwrap(), Some(d("2026-06-04")));
    assert_eq!(
        review::start_publicity(
            &conn,
            &round,
            at("2026-05-15"),
            reviewer,
            &app,
            d("2026-05-15"),
            d("2026-05-21")
        )
        .await
        .unwrap(),
        ApplicationStatus::Publicity
    );
    let app = reread(&conn, app.id).await;
    assert_eq!(
        (app.publicity_start, app.publicity_end),
        (Some(d("2026-05-15")), Some(d("2026-05-21")))
    );

    // An objection during the 公示 blocks the approval until it is resolved.
    let objection = review::record_objection(
        &conn,
        at("2026-05-18"),
        reviewer,
        &app,
        "反映其业绩材料有夸大",
        Some("同事（匿名）"),
    )
    .await
    .unwrap();
    let good = "该同志遵纪守法，爱岗敬业，2024年7月入职以来从事建筑工程质量检测工作，独立完成检测报告一百余份，参与市重点工程检测项目三项，年度考核均为合格。经审核，情况属实，同意申报。";
    refused_invalid(
        review::unit_approve(&conn, at("2026-05-21"), reviewer, &app, good).await,
        "结束后才能审核通过",
    );
    refused_invalid(
        review::unit_approve(&conn, at("2026-05-22"), reviewer, &app, good).await,
        "未处理的异议",
    );
    review::resolve_objection(
        &conn,
        at("2026-05-22"),
        reviewer,
        &app,
        objection.id,
        "经核实，业绩材料与原件一致。",
    )
    .await
    .unwrap();
    refused_invalid(
        review::unit_approve(
            &conn,
            at("2026-05-22"),
            reviewer,
            &app,
            "情况属实，同意申报。",
        )
        .await,
        "五（二）",
    );
    not_allowed(review::unit_approve(&conn, at("2026-05-22"), stranger, &app, good).await);
    assert_eq!(
        review::unit_approve(&conn, at("2026-05-22"), reviewer, &app, good)
            .await
            .unwrap(),
        ApplicationStatus::UnitApproved
    );
    let app = reread(&conn, app.id).await;
    assert_eq!(app.appraisal.as_deref(), Some(good));
    assert!(
        !approvals_complete(
            ApplicationStatus::UnitApproved,
            OrganisationKind::MunicipalUnit,
            false
        ),
        "a municipal unit needs its department"
    );

    // The department: only the unit's own; the agency has nothing to do with a worker not dispatched.
    not_allowed(review::approve_after_unit(&conn, at("2026-05-25"), other_head, &app).await);
    not_allowed(review::approve_after_unit(&conn, at("2026-05-25"), agent, &app).await);
    assert_eq!(
        review::approve_after_unit(&conn, at("2026-05-25"), head, &app)
            .await
            .unwrap(),
        ApplicationStatus::DepartmentApproved
    );
    assert!(approvals_complete(
        ApplicationStatus::DepartmentApproved,
        OrganisationKind::MunicipalUnit,
        false
    ));

    // Every step is on the timeline with its actor's role and organisation.
    let steps: Vec<(String, String, Option<i32>)> = application_event::Entity::find()
        .all(&conn)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.actor_role, e.actor_organisation_id))
        .collect();
    for (kind, role, org) in [
        ("open_review", "unit_reviewer", Some(unit)),
        ("start_publicity", "unit_reviewer", Some(unit)),
        ("objection_recorded", "unit_reviewer", Some(unit)),
        ("objection_resolved", "unit_reviewer", Some(unit)),
        ("unit_approve", "unit_reviewer", Some(unit)),
        (
            "department_approve",
            "department_reviewer",
            Some(department),
        ),
    ] {
        assert!(
            steps.contains(&(kind.to_string(), role.to_string(), org)),
            "{kind}: {steps:?}"
        );
    }

    // Notes: any of its reviewers writes one, internal or for the applicant; nobody else.
    let refused = notes::add(
        &conn,
        at("2026-05-25"),
        stranger,
        &app,
        "我不是审核单位",
        Visibility::Applicant,
    )
    .await;
    assert!(
        matches!(refused, Err(WorkflowError::Refused(Refusal::NotReviewer))),
        "{refused:?}"
    );
    let empty = notes::add(
        &conn,
        at("2026-05-25"),
        head,
        &app,
        "  ",
        Visibility::Internal,
    )
    .await;
    assert!(
        matches!(&empty, Err(WorkflowError::Refused(Refusal::Invalid(e))) if e[0].field == "note"),
        "{empty:?}"
    );
    let long = "备".repeat(notes::MAX_CHARS + 1);
    let too_long = notes::add(
        &conn,
        at("2026-05-25"),
        head,
        &app,
        &long,
        Visibility::Internal,
    )
    .await;
    assert!(
        matches!(&too_long, Err(WorkflowError::Refused(Refusal::Invalid(e))) if e[0].zh.contains("1001")),
        "{too_long:?}"
    );
    notes::add(
        &conn,
        at("2026-05-25"),
        head,
        &app,
        "纸质材料请于6月5日前送达。",
        Visibility::Applicant,
    )
    .await
    .unwrap();
    notes::add(
        &conn,
        at("2026-05-25"),
        reviewer,
        &app,
        "已电话联系本人核实业绩。",
        Visibility::Internal,
    )
    .await
    .unwrap();

    // The applicant's timeline has the visible note and no internal step (notes, objections);
    // the reviewers' has everything, with who acted for which organisation.
    let theirs = timeline::steps(&conn, app.id, Audience::Applicant)
        .await
        .unwrap();
    let reasons: Vec<&str> = theirs.iter().filter_map(|s| s.reason.as_deref()).collect();
    assert!(
        reasons.contains(&"纸质材料请于6月5日前送达。"),
        "{reasons:?}"
    );
    assert!(
        !reasons
            .iter()
            .any(|r| r.contains("电话") || r.contains("夸大") || r.contains("原件一致")),
        "{reasons:?}"
    );
    assert!(theirs.iter().all(|s| !s.internal && s.by.is_none()));
    let staff = timeline::steps(&conn, app.id, Audience::Staff)
        .await
        .unwrap();
    assert_eq!(
        staff.len(),
        theirs.len() + 3,
        "an internal note and the objection's two steps"
    );
    let note = staff
        .iter()
        .find(|s| s.reason.as_deref() == Some("已电话联系本人核实业绩。"))
        .unwrap();
    assert!(note.internal && note.kind == "note");
    assert_eq!(note.by.as_deref(), Some("测试（连云港市某某工程设计院）"));
}

#[tokio::test]
async fn sqlite_the_review() {
    the_review(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_the_review() {
    if let Some(db) = TestDb::postgres().await {
        the_review(db).await;
    }
}

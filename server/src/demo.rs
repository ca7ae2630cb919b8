//! `chuding seed-demo`: demo logins so a newcomer can walk the journey at once. Idempotent.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use app::questionnaire::answers::Answers;
use shared::{ApplicationStatus, Role, Round};

use crate::auth::password;
use crate::clock::china;
use crate::declaration::sample;
use crate::entity::{account, application, application_event};
use crate::workflow::submit::{self, Submission};

pub struct DemoLogin {
    pub role_zh: &'static str,
    pub name: &'static str,
    pub id_number: &'static str,
    pub password: &'static str,
}

/// GB 11643's own example number: valid, and nobody's.
pub const DEMO_APPLICANT: DemoLogin =
    DemoLogin { role_zh: "申报人 applicant", name: "演示申报人", id_number: "11010519491231002X", password: "demo1234" };

/// An applicant whose application is already submitted, to see the status page and the 申报表 PDF
/// at once. A valid resident ID number (check character computed), nobody's.
pub const DEMO_SUBMITTED: DemoLogin =
    DemoLogin { role_zh: "已提交的申报人 submitted applicant", name: "演示已提交", id_number: "320706198808081235", password: "demo1234" };

pub async fn seed(db: &DatabaseConnection, round: &Round) -> anyhow::Result<Vec<DemoLogin>> {
    // Accounts are made on the round's first online day, like everything the demo dates.
    let day_one = first_online_morning(round);
    ensure_account(db, &DEMO_APPLICANT, day_one).await?;
    let submitted = ensure_account(db, &DEMO_SUBMITTED, day_one).await?;
    ensure_submitted_application(db, round, submitted).await?;
    Ok(vec![DEMO_APPLICANT, DEMO_SUBMITTED])
}

/// 09:30 in China on the round's first online day.
fn first_online_morning(round: &Round) -> chrono::DateTime<chrono::FixedOffset> {
    let morning = round.online_window.start.and_hms_opt(9, 30, 0).expect("09:30 is a time");
    morning.and_local_timezone(china()).single().expect("China has no daylight saving")
}

async fn ensure_account(db: &DatabaseConnection, d: &DemoLogin, at: chrono::DateTime<chrono::FixedOffset>) -> anyhow::Result<i32> {
    if let Some(existing) = account::Entity::find().filter(account::Column::IdNumber.eq(d.id_number)).one(db).await? {
        return Ok(existing.id);
    }
    let created = account::ActiveModel {
        real_name: Set(d.name.into()),
        id_type: Set("resident_id_card".into()),
        id_number: Set(d.id_number.into()),
        mobile: Set("13800000000".into()),
        password_hash: Set(password::hash(d.password)?),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(created.id)
}

/// The sample bachelor's application, submitted in the bundled round, with its timeline.
async fn ensure_submitted_application(db: &DatabaseConnection, round: &Round, account_id: i32) -> anyhow::Result<()> {
    let existing = application::Entity::find()
        .filter(application::Column::AccountId.eq(account_id))
        .filter(application::Column::RoundId.eq(round.id.as_str()))
        .one(db)
        .await?;
    if existing.is_some() {
        return Ok(());
    }
    let answers = sample::answers_with(&[]);
    let (profile, verdict) = Answers(answers.clone()).evaluate(round);
    // Submitted on the round's first online day, so the demo's dates agree with its fixed clock.
    let now = first_online_morning(round);
    let app = application::ActiveModel {
        reference: Set(shared::status::reference_from_bytes(*b"chuding!")),
        account_id: Set(account_id),
        round_id: Set(round.id.clone()),
        status: Set(ApplicationStatus::Draft.as_str().into()),
        answers_json: Set(serde_json::to_string(&answers)?),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let step = application_event::Step {
        kind: "created",
        from: None,
        to: ApplicationStatus::Draft,
        actor_account_id: Some(account_id),
        actor_role: Role::Applicant,
        actor_organisation_id: None,
        reason: None,
        data: None,
        at: now,
    };
    application_event::record(db, app.id, step).await?;
    // Written the way the applicant's own click writes it.
    let submission = Submission::new(&app, &profile, &verdict, now)?;
    submit::record(db, &submit::Queue::default(), submission).await?;
    Ok(())
}

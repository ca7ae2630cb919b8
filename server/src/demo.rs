//! `chuding seed-demo`: demo logins so a newcomer can walk the journey at once. Idempotent.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::auth::password;
use app::form::answers::Answers;

use crate::declaration::sample;
use crate::entity::{account, application, application_event};
use crate::submission::{self, Submission};
use shared::ApplicationStatus;

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

pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<Vec<DemoLogin>> {
    ensure_account(db, &DEMO_APPLICANT).await?;
    let submitted = ensure_account(db, &DEMO_SUBMITTED).await?;
    ensure_submitted_application(db, submitted).await?;
    Ok(vec![DEMO_APPLICANT, DEMO_SUBMITTED])
}

async fn ensure_account(db: &DatabaseConnection, d: &DemoLogin) -> anyhow::Result<i32> {
    if let Some(existing) = account::Entity::find().filter(account::Column::IdNumber.eq(d.id_number)).one(db).await? {
        return Ok(existing.id);
    }
    let created = account::ActiveModel {
        real_name: Set(d.name.into()),
        id_type: Set("resident_id_card".into()),
        id_number: Set(d.id_number.into()),
        mobile: Set("13800000000".into()),
        password_hash: Set(password::hash(d.password)?),
        created_at: Set(chrono::Utc::now().fixed_offset()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(created.id)
}

/// The sample bachelor's application, submitted in the bundled round, with its timeline.
async fn ensure_submitted_application(db: &DatabaseConnection, account_id: i32) -> anyhow::Result<()> {
    let round = shared::Round::current();
    let existing = application::Entity::find()
        .filter(application::Column::AccountId.eq(account_id))
        .filter(application::Column::RoundId.eq(round.id.as_str()))
        .one(db)
        .await?;
    if existing.is_some() {
        return Ok(());
    }
    let answers = sample::answers_with(&[]);
    let (profile, verdict) = Answers(answers.clone()).evaluate(&round);
    // Submitted on the round's first online day, so the demo's dates agree with its fixed clock.
    let cst = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    let now = round.online_window.start.and_hms_opt(9, 30, 0).and_then(|t| t.and_local_timezone(cst).single()).unwrap_or_else(|| chrono::Utc::now().fixed_offset());
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
    application_event::record(db, app.id, application_event::Step { kind: "created", from: None, to: ApplicationStatus::Draft, actor: account_id, data: None, at: now }).await?;
    // Submitted the way the applicant's own click submits.
    let submission = Submission::new(&app, &profile, &verdict, now)?;
    submission::record(db, &submission::Queue::default(), submission).await?;
    Ok(())
}

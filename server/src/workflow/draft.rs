//! The applicant's draft: starting it, reading its answers back, saving a section.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use content::fill;
use content::questionnaire::answers::{Answers, FieldError, MAX_ANSWER_CHARS};
use content::questionnaire::sections::ProfileSection;
use content::td_string;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set, SqlErr, TransactionTrait,
};
use shared::{Action, ApplicationStatus, Round};

use super::{allowed, Actor, Refusal, WorkflowError};
use crate::entity::{application, application_event};

/// The stored answers of an application. A row whose answers cannot be read is refused, never
/// read as empty: the next save would overwrite what the person typed.
pub fn answers_of(app: &application::Model) -> Result<Answers, Refusal> {
    serde_json::from_str::<BTreeMap<String, String>>(&app.answers_json).map(Answers).map_err(|e| {
        tracing::error!(application = app.id, error = %e, "the stored answers of an application cannot be read");
        Refusal::UnreadableDraft
    })
}

/// The applicant's application in `round`, read again (after a write that may have raced).
pub async fn find(
    db: &DatabaseConnection,
    round: &Round,
    account_id: i32,
) -> Result<Option<application::Model>, DbErr> {
    application::Entity::find()
        .filter(application::Column::AccountId.eq(account_id))
        .filter(application::Column::RoundId.eq(round.id.as_str()))
        .one(db)
        .await
}

fn new_reference() -> String {
    let bytes = *uuid::Uuid::new_v4().as_bytes();
    shared::status::reference_from_bytes(bytes[..8].try_into().expect("8 bytes"))
}

/// Starts the applicant's draft in `round`, or gives the one they have (a second click).
pub async fn start(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    account_id: i32,
) -> Result<application::Model, WorkflowError> {
    let actor = Actor::applicant(account_id);
    for _ in 0..3 {
        let row = application::ActiveModel {
            reference: Set(new_reference()),
            account_id: Set(account_id),
            round_id: Set(round.id.clone()),
            status: Set(ApplicationStatus::Draft.as_str().into()),
            answers_json: Set("{}".into()),
            version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let result = db
            .transaction::<_, application::Model, DbErr>(|tx| {
                Box::pin(async move {
                    let app = row.insert(tx).await?;
                    let step = application_event::Step {
                        kind: "created",
                        from: None,
                        to: ApplicationStatus::Draft,
                        actor_account_id: actor.account_id,
                        actor_role: actor.role,
                        actor_organisation_id: None,
                        reason: None,
                        data: None,
                        at: now,
                        internal: false,
                    };
                    application_event::record(tx, app.id, step).await?;
                    Ok(app)
                })
            })
            .await;
        match result {
            Ok(app) => return Ok(app),
            Err(sea_orm::TransactionError::Transaction(e))
            | Err(sea_orm::TransactionError::Connection(e)) => {
                if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
                    // Either a second click created it (then it exists) or the reference collided (retry).
                    if let Some(app) = find(db, round, account_id).await? {
                        return Ok(app);
                    }
                    continue;
                }
                return Err(e.into());
            }
        }
    }
    Err(DbErr::Custom("three reference collisions in a row".into()).into())
}

/// A section as saved: the answers to show again (what was typed, including any answer refused),
/// the section's problems, and the draft's new version.
#[derive(Debug)]
pub struct SectionSaved {
    pub shown: BTreeMap<String, String>,
    /// Answers refused (too long): shown again as typed, not saved.
    pub refused: usize,
    pub errors: Vec<FieldError>,
    pub version: i32,
}

/// The section's answers as posted, over the rest of `stored`, and the answers refused (too long):
/// a refused answer keeps its stored value in the draft and is shown again as typed.
pub fn merge_section(
    stored: &Answers,
    section: ProfileSection,
    posted: &BTreeMap<String, String>,
) -> (Answers, BTreeMap<String, String>, Vec<FieldError>) {
    let mut saved = stored.0.clone();
    saved.retain(|k, _| !section.owns(k));
    let mut shown = saved.clone();
    let mut errors = Vec::new();
    for (k, v) in posted.iter().filter(|(k, _)| section.owns(k)) {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        shown.insert(k.clone(), v.to_string());
        if v.chars().count() > MAX_ANSWER_CHARS {
            errors.push(FieldError::localized(k.clone(), |lang| {
                fill(
                    td_string!(lang, errors.answer_too_long),
                    &[("max", &MAX_ANSWER_CHARS), ("count", &v.chars().count())],
                )
            }));
            if let Some(old) = stored.0.get(k) {
                saved.insert(k.clone(), old.clone());
            }
        } else {
            saved.insert(k.clone(), v.to_string());
        }
    }
    (Answers(saved), shown, errors)
}

/// Saves one section of the draft read as `app`, if it is still a draft at `expected_version`
/// (another tab's save or a submission in between makes it `Stale`: nothing is written, and the
/// caller shows the person what they typed). What was typed is saved even with errors; only an
/// answer too long to keep is refused, and its stored value stays.
pub async fn save_section(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    account_id: i32,
    app: &application::Model,
    expected_version: i32,
    section: ProfileSection,
    posted: &BTreeMap<String, String>,
) -> Result<SectionSaved, WorkflowError> {
    allowed(
        super::status_of(&app.status)?,
        Action::Edit,
        Actor::applicant(account_id),
    )?;
    let stored = answers_of(app)?;
    let (saved, shown, mut errors) = merge_section(&stored, section, posted);
    let refused = errors.len();
    let (_, problems) = saved.to_profile(round.cutoff_date);
    let refused_fields: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
    errors.extend(
        problems
            .into_iter()
            .filter(|e| section.owns(&e.field) && !refused_fields.contains(&e.field)),
    );
    let json = serde_json::to_string(&saved.0).map_err(|e| DbErr::Custom(e.to_string()))?;
    use application::Column as C;
    let update = Query::update()
        .table(application::Entity)
        .value(C::AnswersJson, json)
        .value(C::UpdatedAt, now)
        .value(C::Version, expected_version + 1)
        .and_where(Expr::col(C::Id).eq(app.id))
        .and_where(Expr::col(C::AccountId).eq(account_id))
        .and_where(Expr::col(C::Status).eq(ApplicationStatus::Draft.as_str()))
        .and_where(Expr::col(C::Version).eq(expected_version))
        .to_owned();
    if db
        .execute(db.get_database_backend().build(&update))
        .await?
        .rows_affected()
        != 1
    {
        tracing::info!(
            application = app.id,
            expected_version,
            "a stale save was refused"
        );
        return Err(Refusal::Stale.into());
    }
    Ok(SectionSaved {
        shown,
        refused,
        errors,
        version: expected_version + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_long_chinese_answer_is_kept_and_an_over_long_one_refused_not_dropped() {
        let stored = Answers::from_pairs([("unit_name", "旧单位"), ("series", "engineering")]);
        let long_name = "连".repeat(67);
        assert!(
            long_name.len() > 200,
            "67 characters are {} bytes",
            long_name.len()
        );
        let (saved, _, errors) = merge_section(
            &stored,
            ProfileSection::Personal,
            &posted(&[("unit_name", &long_name)]),
        );
        assert!(errors.is_empty());
        assert_eq!(saved.value("unit_name"), long_name);
        assert_eq!(saved.value("series"), "engineering", "other sections stay");

        let too_long = "连".repeat(MAX_ANSWER_CHARS + 1);
        let (saved, shown, errors) = merge_section(
            &stored,
            ProfileSection::Personal,
            &posted(&[("unit_name", &too_long), ("specialty", "建筑工程")]),
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "unit_name");
        assert!(
            errors[0].zh.contains(&MAX_ANSWER_CHARS.to_string()),
            "{:?}",
            errors[0]
        );
        assert_eq!(
            saved.value("unit_name"),
            "旧单位",
            "the stored answer stays"
        );
        assert_eq!(
            shown["unit_name"], too_long,
            "what was typed is shown again"
        );
        assert_eq!(saved.value("specialty"), "建筑工程");
    }

    #[test]
    fn a_corrupt_draft_is_refused_not_read_as_empty() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-05-20T09:00:00+08:00").unwrap();
        let app = application::Model {
            id: 1,
            reference: "ABCD2345".into(),
            account_id: 1,
            round_id: "2026h1".into(),
            status: "draft".into(),
            answers_json: "{\"unit_name\": \"连云".into(),
            profile_json: None,
            verdict_json: None,
            level: None,
            series: None,
            unit_id: None,
            department_id: None,
            dispatch_agency_id: None,
            version: 4,
            submitted_at: None,
            publicity_start: None,
            publicity_end: None,
            appraisal: None,
            paper_checklist: None,
            rejection_proposal: None,
            created_at: at,
            updated_at: at,
        };
        assert_eq!(answers_of(&app), Err(Refusal::UnreadableDraft));
    }
}

/// The unit's name as the applicant typed it.
pub fn unit_name(app: &application::Model) -> Option<String> {
    answers_of(app)
        .ok()
        .and_then(|a| a.get("unit_name").map(str::to_string))
}

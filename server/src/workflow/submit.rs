//! A draft becoming a submitted application: the checks (window, answers, verdict, pledge), then
//! the row and the step on its timeline, written together or not at all, once however many times
//! the applicant clicks.

use std::future::Future;

use chrono::{DateTime, FixedOffset};
use content::fill;
use content::questionnaire::answers::FieldError;
use content::td_string;
use futures_util::TryStreamExt;
use sea_orm::sea_query::Values;
use sea_orm::sqlx::{self, SqliteConnection};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, RuntimeErr, Statement,
};
use sea_query_binder::SqlxValues;
use shared::approval_chain::{approval_chain, Chain, Listed};
use shared::{Action, ApplicationStatus, FindingStatus, Outcome, Role, Round};

use super::draft::answers_of;
use super::transition::StatusChange;
use super::{allowed, Actor, Refusal, WorkflowError};
use crate::entity::{application, application_event, organisation};
use crate::group_commit::{GroupCommit, Writer};
use crate::query_text::CachedQuery;

/// Where a submitted application goes for review: the stamps of `shared::approval_chain`, kept
/// on the application as its unit, dispatch agency and competent department (`None` unit: an
/// unlisted unit the center routes first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Routing {
    pub unit_id: Option<i32>,
    pub department_id: Option<i32>,
    pub agency_id: Option<i32>,
}

impl Routing {
    /// The routing a chain asks for.
    pub fn of(chain: &Chain) -> Routing {
        Routing {
            unit_id: chain.organisation(Role::UnitReviewer),
            department_id: chain.organisation(Role::DepartmentReviewer),
            agency_id: chain.organisation(Role::AgencyReviewer),
        }
    }
}

/// An organisation of the directory as the chain sees it.
pub fn listed(o: &organisation::Model) -> Option<Listed> {
    Some(Listed {
        id: o.id,
        kind: shared::workflow::OrganisationKind::from_code(&o.kind)?,
        department_id: o.department_id,
    })
}

/// The approval chain the answers ask for, or the field errors that say what to change.
pub async fn chain_of(
    db: &impl ConnectionTrait,
    answers: &content::questionnaire::answers::Answers,
) -> Result<Result<Chain, Vec<FieldError>>, DbErr> {
    let choose = |field: &str| {
        FieldError::localized(field, |lang| {
            td_string!(lang, errors.choose_from_the_directory)
        })
    };
    let mut errors = Vec::new();
    let mut find = async |field: &'static str| -> Result<Option<Listed>, DbErr> {
        let Some(text) = answers.get(field).filter(|t| !t.trim().is_empty()) else {
            return Ok(None);
        };
        let found = match text.trim().parse::<i32>() {
            Ok(id) => organisation::Entity::find_by_id(id).one(db).await?,
            Err(_) => None,
        };
        match found.as_ref().and_then(listed) {
            Some(l) => Ok(Some(l)),
            None => {
                errors.push(choose(field));
                Ok(None)
            }
        }
    };
    let unit = find("unit_id").await?;
    let dispatched = answers.get("dispatched") == Some("yes");
    let agency = if dispatched {
        find("agency_id").await?
    } else {
        None
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let unnamed = answers.get("unit_name").is_none_or(|n| n.trim().is_empty());
    match approval_chain(unit, dispatched, agency) {
        Ok(Chain::ToRoute) if unnamed => Ok(Err(vec![FieldError::new(
            "unit_name",
            "工作单位不在目录中的，请填写单位全称，由人才服务中心确认后转交单位审核",
            "If your unit is not in the directory, enter its full name: the center confirms it and sends the application on",
        )])),
        Ok(chain) => Ok(Ok(chain)),
        Err(problems) => Ok(Err(problems
            .into_iter()
            .map(|p| FieldError::new(p.field, p.zh, p.en))
            .collect())),
    }
}

struct Submission {
    pub application_id: i32,
    pub account_id: i32,
    /// The draft's version as read: a second click or a retried request finds it changed.
    pub version: i32,
    pub profile_json: String,
    pub verdict_json: String,
    pub level: Option<String>,
    pub series: Option<String>,
    pub routing: Routing,
    /// The verdict's outcome code, for the timeline step.
    pub outcome: &'static str,
    pub at: DateTime<FixedOffset>,
}

/// Submissions waiting for their turn to write on SQLite, written as one transaction sent to the
/// connection in one call (`crate::group_commit`): under fifty submissions at once, the write lock
/// is taken a few times instead of fifty, and each statement is no longer a round trip of its own
/// to the connection's thread. The turn holds the writer's own connection, outside the pool: a
/// writer never waits for a connection behind readers, and its prepared batches stay cached on
/// that one connection.
pub type Queue = GroupCommit<SqliteSubmissions>;

/// Each submission's update of its row, then the step on its timeline; told whether the update
/// changed the row.
#[derive(Default)]
pub struct SqliteSubmissions;

impl Writer for SqliteSubmissions {
    type Item = [Statement; 2];
    type Outcome = bool;
    type Turn = Option<SqliteConnection>;
    const WHAT: &'static str = "the submission writer";

    /// A power of two: a handful of batch shapes, each prepared once on the writer's connection
    /// and reused, rather than one new shape per count.
    fn batch_size(waiting: usize) -> usize {
        match waiting.min(BATCH_MAX) {
            0 => 0,
            n => 1 << n.ilog2(),
        }
    }

    fn write(
        &self,
        db: &DatabaseConnection,
        turn: &mut Option<SqliteConnection>,
        batch: &[[Statement; 2]],
    ) -> impl Future<Output = Result<Vec<bool>, DbErr>> + Send {
        sqlite_transaction(db, turn, batch)
    }
}

impl Submission {
    /// Draft to submitted, with the evaluation: written only if the draft is still the one read.
    fn status_change(&self) -> StatusChange {
        use application::Column as C;
        StatusChange {
            application_id: self.application_id,
            from: ApplicationStatus::Draft,
            to: ApplicationStatus::Submitted,
            version: self.version,
            at: self.at,
            also: vec![
                (C::ProfileJson, self.profile_json.clone().into()),
                (C::VerdictJson, self.verdict_json.clone().into()),
                (C::Level, self.level.clone().into()),
                (C::Series, self.series.clone().into()),
                (C::UnitId, self.routing.unit_id.into()),
                (C::DepartmentId, self.routing.department_id.into()),
                (C::DispatchAgencyId, self.routing.agency_id.into()),
                (C::SubmittedAt, self.at.into()),
            ],
        }
    }

    /// The submission of `app` as it was read, with the server's evaluation of its answers.
    fn new(
        app: &application::Model,
        profile: &shared::ApplicantProfile,
        verdict: &shared::Verdict,
        routing: Routing,
        at: DateTime<FixedOffset>,
    ) -> Result<Self, serde_json::Error> {
        Ok(Submission {
            application_id: app.id,
            account_id: app.account_id,
            version: app.version,
            profile_json: serde_json::to_string(profile)?,
            verdict_json: serde_json::to_string(verdict)?,
            level: verdict.level.map(|l| l.as_str().to_string()),
            series: profile.series.map(|s| s.as_str().to_string()),
            routing,
            outcome: verdict.outcome.as_str(),
            at,
        })
    }
}

/// At most this many submissions in one transaction (24 bound values each, far below SQLite's 32,766).
const BATCH_MAX: usize = 64;

/// Checks the draft read as `app` and submits it: inside the online window (三（二）、六), the
/// personal details the unit needs, the server's verdict eligible, the integrity pledge given.
/// `Ok(false)` when it had been submitted already (a second click or a retried request);
/// `Stale` when it is still a draft that changed since it was read (a save from another tab):
/// either way nothing was written, and only the first may be told it is submitted.
pub async fn submit(
    db: &DatabaseConnection,
    queue: &Queue,
    round: &Round,
    now: DateTime<FixedOffset>,
    account_id: i32,
    app: &application::Model,
    pledged: bool,
) -> Result<bool, WorkflowError> {
    allowed(
        super::status_of(&app.status)?,
        Action::Submit,
        Actor::applicant(account_id),
    )?;
    let answers = answers_of(app)?;
    let (profile, verdict) = answers.evaluate(round);
    let today = now.date_naive();
    let mut errors = Vec::new();
    // A draft returned for correction (it was submitted once) may come back until the paper
    // deadline; a first submission only inside the online window (三（二）、六).
    let returned = app.submitted_at.is_some();
    let deadline = round.paper_window.end;
    if returned {
        if today < round.online_window.start || today > deadline {
            errors.push(FieldError::localized("submit", |lang| {
                fill(
                    td_string!(lang, errors.returned_too_late),
                    &[("end", &deadline), ("today", &today)],
                )
            }));
        }
    } else if !round.online_window.contains(today) {
        let w = round.online_window;
        errors.push(FieldError::localized("submit", |lang| {
            fill(
                td_string!(lang, errors.outside_online_window),
                &[("start", &w.start), ("end", &w.end), ("today", &today)],
            )
        }));
    }
    errors.extend(content::questionnaire::sections::personal_missing(&answers));
    if verdict.outcome != Outcome::Eligible {
        for finding in verdict
            .findings
            .iter()
            .filter(|f| matches!(f.status, FindingStatus::Fail | FindingStatus::Missing))
        {
            let field = finding
                .field
                .as_deref()
                .map(content::questionnaire::answers::input_for_field)
                .unwrap_or_else(|| "submit".into());
            errors.push(FieldError::from_finding(field, finding));
        }
    }
    let routing = match chain_of(db, &answers).await? {
        Ok(chain) => Routing::of(&chain),
        Err(chain_errors) => {
            errors.extend(chain_errors);
            Routing::default()
        }
    };
    if !pledged && errors.is_empty() {
        errors.push(FieldError::localized("pledge", |lang| {
            td_string!(lang, errors.read_and_tick_the_integrity_pledge)
        }));
    }
    if !errors.is_empty() {
        tracing::info!(
            application = app.id,
            outcome = verdict.outcome.as_str(),
            "submission refused"
        );
        return Err(Refusal::Invalid(errors).into());
    }
    let submission = Submission::new(app, &profile, &verdict, routing, now)
        .map_err(|e| DbErr::Custom(format!("serialising a submission: {e}")))?;
    if record(db, queue, submission).await? {
        return Ok(true);
    }
    let now = application::Entity::find_by_id(app.id).one(db).await?;
    if now.is_none_or(|now| now.status == ApplicationStatus::Draft.as_str()) {
        return Err(Refusal::Stale.into());
    }
    Ok(false)
}

/// Writes the submission. False when the draft was no longer the one read (already submitted).
async fn record(db: &DatabaseConnection, queue: &Queue, s: Submission) -> Result<bool, DbErr> {
    static UPDATE: CachedQuery = CachedQuery::new();
    static STEP: CachedQuery = CachedQuery::new();
    let backend = db.get_database_backend();
    let change = s.status_change();
    let update = UPDATE.statement(backend, change.values(), || change.update());
    let step = application_event::Step {
        kind: "submitted",
        from: Some(ApplicationStatus::Draft),
        to: ApplicationStatus::Submitted,
        actor_account_id: Some(s.account_id),
        actor_role: Role::Applicant,
        actor_organisation_id: None,
        reason: None,
        // The step says what the verdict was; the verdict itself, findings and materials, is on
        // the row once (a copy here was about 2.7 KB, two fifths of what a submission wrote).
        data: Some(serde_json::json!({ "outcome": s.outcome, "level": s.level }).to_string()),
        at: s.at,
        internal: false,
    };
    match backend {
        DbBackend::Sqlite => {
            let values = application_event::values(s.application_id, step);
            let log = STEP.statement(backend, values.to_vec(), || {
                application_event::record_after_one_change(&values)
            });
            queue.write(db, [update, log]).await
        }
        _ => super::transition::write(db, update, s.application_id, step).await,
    }
}

/// BEGIN IMMEDIATE, each submission's update and timeline step, COMMIT: sent as one query, whose
/// statements sqlx-sqlite 0.8 runs in turn with the values bound across them (upstream calls this
/// deprecated, sqlx#3108; the SQLite journey test fails if it stops working). Gives, per
/// submission, whether its update changed its row. On failure the transaction is rolled back,
/// or the connection is dropped (the next batch opens another), so no later query runs inside it.
async fn sqlite_transaction(
    db: &DatabaseConnection,
    writer: &mut Option<SqliteConnection>,
    batch: &[[Statement; 2]],
) -> Result<Vec<bool>, DbErr> {
    let mut sql = String::from("BEGIN IMMEDIATE;");
    let mut values = Vec::new();
    for statement in batch.iter().flatten() {
        sql.push_str(&statement.sql);
        sql.push(';');
        values.extend(statement.values.iter().flat_map(|v| v.0.iter().cloned()));
    }
    sql.push_str("COMMIT;");
    let conn = match writer {
        Some(conn) => conn,
        None => {
            let pooled = db
                .get_sqlite_connection_pool()
                .acquire()
                .await
                .map_err(|e| DbErr::Conn(RuntimeErr::SqlxError(e)))?;
            let mut conn = pooled.detach();
            // The writer leaves copying the log into the database file (and its fsync) to
            // `crate::db::checkpoints`, so that no batch waits behind it.
            sqlx::query("PRAGMA wal_autocheckpoint = 0")
                .execute(&mut conn)
                .await
                .map_err(|e| DbErr::Conn(RuntimeErr::SqlxError(e)))?;
            writer.insert(conn)
        }
    };
    #[allow(deprecated)]
    let results: Result<Vec<_>, sqlx::Error> = sqlx::query_with(&sql, SqlxValues(Values(values)))
        .execute_many(&mut *conn)
        .await
        .try_collect()
        .await;
    match results {
        // BEGIN, then an update and a step per submission, then COMMIT.
        Ok(results) if results.len() == 2 + 2 * batch.len() => Ok(results[1..]
            .chunks(2)
            .take(batch.len())
            .map(|pair| pair[0].rows_affected() == 1)
            .collect()),
        Ok(results) => Err(DbErr::Custom(format!(
            "{} statement results for a batch of {}",
            results.len(),
            batch.len()
        ))),
        Err(e) => {
            if sqlx::query("ROLLBACK").execute(&mut *conn).await.is_err() {
                *writer = None;
            }
            Err(DbErr::Exec(RuntimeErr::SqlxError(e)))
        }
    }
}

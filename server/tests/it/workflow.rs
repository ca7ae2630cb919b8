//! The workflow below the web layer, on a real database of each backend: a transition is allowed
//! only by the table, written only over the state and version that were read, and logged with
//! its actor's role and organisation; a save that arrives after the submission (or from a second
//! tab) is refused and changes nothing.

use crate::support;

use std::collections::BTreeMap;

use content::questionnaire::sections::ProfileSection;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set};
use server::entity::{application, application_event, organisation};
use server::workflow::{self, transition, Actor, Refusal, WorkflowError};
use shared::{Action, ApplicationStatus, Role, Round};
use support::TestDb;

fn at(day: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+08:00")).unwrap()
}

async fn fresh(db: &TestDb) -> DatabaseConnection {
    let conn = server::db::connect(&db.url).await.unwrap();
    server::db::migrate(&conn).await.unwrap();
    conn
}

async fn reread(conn: &DatabaseConnection, id: i32) -> application::Model {
    application::Entity::find_by_id(id)
        .one(conn)
        .await
        .unwrap()
        .unwrap()
}

fn posted(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A submitted sample application, as the applicant's click leaves it.
async fn submitted(
    conn: &DatabaseConnection,
    round: &Round,
    account_id: i32,
) -> application::Model {
    let draft = workflow::draft::start(conn, round, at("2026-05-12"), account_id)
        .await
        .unwrap();
    let mut row: application::ActiveModel = draft.clone().into();
    row.answers_json =
        Set(serde_json::to_string(&server::demo::sample::answers_with(&[])).unwrap());
    let draft = row.update(conn).await.unwrap();
    let queue = workflow::submit::Queue::default();
    assert!(workflow::submit::submit(
        conn,
        &queue,
        round,
        at("2026-05-20"),
        account_id,
        &draft,
        true
    )
    .await
    .unwrap());
    reread(conn, draft.id).await
}

async fn transitions(db: TestDb) {
    let conn = fresh(&db).await;
    let round = Round::h1_2026();
    let applicant = support::account_row(&conn, "11010519491231002X").await;
    let reviewer = support::account_row(&conn, "320706198808081235").await;
    let unit = organisation::ActiveModel {
        name: Set("连云港市某某设计院".into()),
        kind: Set("municipal_unit".into()),
        created_at: Set(at("2026-05-01")),
        ..Default::default()
    }
    .insert(&conn)
    .await
    .unwrap();
    let app = submitted(&conn, &round, applicant).await;
    assert_eq!(app.status, "submitted");
    let open = |version| transition::Request {
        application_id: app.id,
        expected: ApplicationStatus::Submitted,
        version,
        action: Action::OpenReview,
        reason: None,
        data: None,
        also: vec![],
    };

    // Not in the table: the applicant cannot open the unit's review; nothing changes.
    let refused = transition::transition(
        &conn,
        Actor::applicant(applicant),
        at("2026-05-21"),
        open(app.version),
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(WorkflowError::Refused(Refusal::NotAllowed {
                role: Role::Applicant,
                ..
            }))
        ),
        "{refused:?}"
    );
    // At a version that is not the row's: stale, nothing changes.
    let unit_reviewer = Actor::staff(reviewer, Role::UnitReviewer, unit.id);
    let stale = transition::transition(
        &conn,
        unit_reviewer,
        at("2026-05-21"),
        open(app.version - 1),
    )
    .await;
    assert!(
        matches!(stale, Err(WorkflowError::Refused(Refusal::Stale))),
        "{stale:?}"
    );
    assert_eq!(reread(&conn, app.id).await, app);

    // Allowed: the state moves, the version too, and the step names the reviewer's role and unit.
    let to = transition::transition(&conn, unit_reviewer, at("2026-05-21"), open(app.version))
        .await
        .unwrap();
    assert_eq!(to, ApplicationStatus::UnitReview);
    let now = reread(&conn, app.id).await;
    assert_eq!(
        (now.status.as_str(), now.version),
        ("unit_review", app.version + 1)
    );
    let steps = application_event::Entity::find().all(&conn).await.unwrap();
    let last = steps.last().unwrap();
    assert_eq!(
        (
            last.kind.as_str(),
            last.from_status.as_deref(),
            last.to_status.as_str()
        ),
        ("open_review", Some("submitted"), "unit_review")
    );
    assert_eq!(
        (
            last.actor_account_id,
            last.actor_role.as_str(),
            last.actor_organisation_id
        ),
        (Some(reviewer), "unit_reviewer", Some(unit.id))
    );
    // The applicant's own steps say so too.
    assert!(steps
        .iter()
        .filter(|s| s.kind == "created" || s.kind == "submitted")
        .all(|s| s.actor_role == "applicant" && s.actor_organisation_id.is_none()));

    // The same request again (a double click) finds the state moved on: refused, one step only.
    let again =
        transition::transition(&conn, unit_reviewer, at("2026-05-21"), open(app.version)).await;
    assert!(
        matches!(again, Err(WorkflowError::Refused(Refusal::Stale))),
        "{again:?}"
    );
    assert_eq!(
        application_event::Entity::find()
            .all(&conn)
            .await
            .unwrap()
            .len(),
        steps.len()
    );
}

#[tokio::test]
async fn sqlite_transitions() {
    transitions(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_transitions() {
    if let Some(db) = TestDb::postgres().await {
        transitions(db).await;
    }
}

/// An autosave read the draft, then the submission was written, then the autosave's write came:
/// it must not change the answers the 申报表 is printed from. Likewise a second tab's save over a
/// version it never saw.
async fn late_saves(db: TestDb) {
    let conn = fresh(&db).await;
    let round = Round::h1_2026();
    let applicant = support::account_row(&conn, "11010519491231002X").await;
    let draft = workflow::draft::start(&conn, &round, at("2026-05-12"), applicant)
        .await
        .unwrap();

    // Two tabs read version 0; the first saves, the second is refused and writes nothing.
    let first = workflow::draft::save_section(
        &conn,
        &round,
        at("2026-05-12"),
        applicant,
        &draft,
        draft.version,
        ProfileSection::Personal,
        &posted(&[("unit_name", "甲单位")]),
    )
    .await
    .unwrap();
    assert_eq!(first.version, draft.version + 1);
    let second = workflow::draft::save_section(
        &conn,
        &round,
        at("2026-05-12"),
        applicant,
        &draft,
        draft.version,
        ProfileSection::Personal,
        &posted(&[("unit_name", "乙单位")]),
    )
    .await;
    assert!(
        matches!(second, Err(WorkflowError::Refused(Refusal::Stale))),
        "{second:?}"
    );
    let now = reread(&conn, draft.id).await;
    assert!(
        now.answers_json.contains("甲单位") && !now.answers_json.contains("乙单位"),
        "{}",
        now.answers_json
    );

    // The autosave's read, then the submission, then the autosave's write: refused.
    let read_by_autosave = now.clone();
    let mut row: application::ActiveModel = now.into();
    row.answers_json =
        Set(serde_json::to_string(&server::demo::sample::answers_with(&[])).unwrap());
    let read_by_submission = row.update(&conn).await.unwrap();
    let queue = workflow::submit::Queue::default();
    // The submission's read, then another tab's save (a new version), then the submission's
    // write: still a draft, so the submission is refused as stale, never told it was made.
    let mut row: application::ActiveModel = read_by_submission.clone().into();
    row.version = Set(read_by_submission.version + 1);
    let ready = row.update(&conn).await.unwrap();
    let stale = workflow::submit::submit(
        &conn,
        &queue,
        &round,
        at("2026-05-20"),
        applicant,
        &read_by_submission,
        true,
    )
    .await;
    assert!(
        matches!(stale, Err(WorkflowError::Refused(Refusal::Stale))),
        "{stale:?}"
    );
    assert_eq!(reread(&conn, draft.id).await, ready, "nothing written");
    assert!(workflow::submit::submit(
        &conn,
        &queue,
        &round,
        at("2026-05-20"),
        applicant,
        &ready,
        true
    )
    .await
    .unwrap());
    let submitted = reread(&conn, draft.id).await;
    let late = workflow::draft::save_section(
        &conn,
        &round,
        at("2026-05-20"),
        applicant,
        &read_by_autosave,
        read_by_autosave.version,
        ProfileSection::Personal,
        &posted(&[("unit_name", "改过的单位")]),
    )
    .await;
    assert!(
        matches!(late, Err(WorkflowError::Refused(Refusal::Stale))),
        "{late:?}"
    );
    assert_eq!(
        reread(&conn, draft.id).await,
        submitted,
        "the submitted application is as it was submitted"
    );
    // A second submission of the draft as read is no submission at all.
    assert!(!workflow::submit::submit(
        &conn,
        &queue,
        &round,
        at("2026-05-20"),
        applicant,
        &ready,
        true
    )
    .await
    .unwrap());

    // A save of a submitted application as it is now: not in the table.
    let refused = workflow::draft::save_section(
        &conn,
        &round,
        at("2026-05-20"),
        applicant,
        &submitted,
        submitted.version,
        ProfileSection::Personal,
        &posted(&[("unit_name", "x")]),
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(WorkflowError::Refused(Refusal::NotAllowed {
                from: ApplicationStatus::Submitted,
                action: Action::Edit,
                ..
            }))
        ),
        "{refused:?}"
    );

    // Counted writes: one `created` and one `submitted` step, nothing else.
    let steps: Vec<String> = application_event::Entity::find()
        .all(&conn)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(steps, ["created", "submitted"]);
    let _ = conn.get_database_backend();
}

#[tokio::test]
async fn sqlite_late_saves_change_nothing() {
    late_saves(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_late_saves_change_nothing() {
    if let Some(db) = TestDb::postgres().await {
        late_saves(db).await;
    }
}

//! The whole transition table walked on a real database of each backend: for every state, every
//! role and every action, `transition` writes exactly what the table allows (the next state, a
//! step naming the actor) and refuses everything else, changing nothing. The table itself is
//! printed into ARCHITECTURE.md by `shared/tests/transition_matrix.rs`; this proves the server
//! obeys it, including the cells that are empty.

use crate::support;

use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};
use server::entity::{application, application_event};
use server::workflow::{transition, Actor, Refusal, WorkflowError};
use shared::{Action, ApplicationStatus, Role};
use support::TestDb;

fn at(day: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+08:00")).unwrap()
}

fn actor(role: Role, account: i32) -> Actor {
    match role {
        Role::Applicant => Actor::applicant(account),
        Role::System => Actor::system(),
        staff => Actor::staff(account, staff, 1),
    }
}

/// An application put straight into `status` (the test stands in for the steps before it).
async fn in_state(
    conn: &DatabaseConnection,
    account: i32,
    status: ApplicationStatus,
    n: usize,
) -> application::Model {
    application::ActiveModel {
        account_id: Set(account),
        round_id: Set("2026h1".into()),
        reference: Set(format!("WALK{n:04}")),
        status: Set(status.as_str().into()),
        answers_json: Set("{}".into()),
        version: Set(7),
        created_at: Set(at("2026-05-12")),
        updated_at: Set(at("2026-05-12")),
        ..Default::default()
    }
    .insert(conn)
    .await
    .unwrap()
}

async fn walk(db: TestDb) {
    let conn = server::db::connect(&db.url).await.unwrap();
    server::db::migrate(&conn).await.unwrap();
    let mut accounts = Vec::new();
    for id in [
        "11010519491231002X",
        "320706198808081235",
        "320706199001010016",
        "320706199001020012",
        "320706199001030019",
        "320706199001040015",
        "320706199001050011",
        "320706199001060017",
        "320706199001070022",
        "320706199001080028",
        "320706199001090023",
        "320706199001100014",
        "320706199001110010",
        "320706199001120015",
        "320706199001130011",
        "320706199001140017",
    ] {
        accounts.push(support::account_row(&conn, id).await);
    }
    assert!(
        accounts.len() >= ApplicationStatus::ALL.len(),
        "an account per state"
    );
    let (mut allowed, mut refused) = (0, 0);
    for (n, status) in ApplicationStatus::ALL.iter().copied().enumerate() {
        let app = in_state(&conn, accounts[n], status, n).await;
        for role in Role::ALL.iter().copied() {
            for action in Action::ALL.iter().copied() {
                let steps_before = application_event::Entity::find()
                    .count(&conn)
                    .await
                    .unwrap();
                let request = transition::Request {
                    application_id: app.id,
                    expected: status,
                    version: app.version,
                    action,
                    reason: None,
                    data: None,
                    also: vec![],
                };
                let result = transition::transition(
                    &conn,
                    actor(role, app.account_id),
                    at("2026-05-21"),
                    request,
                )
                .await;
                let now = application::Entity::find_by_id(app.id)
                    .one(&conn)
                    .await
                    .unwrap()
                    .unwrap();
                let steps = application_event::Entity::find()
                    .count(&conn)
                    .await
                    .unwrap();
                match shared::workflow::next(status, action, role) {
                    Some(next) => {
                        allowed += 1;
                        assert_eq!(
                            result.as_ref().ok(),
                            Some(&next),
                            "{status:?} × {action:?} × {role:?}: {result:?}"
                        );
                        assert_eq!(
                            (now.status.as_str(), now.version),
                            (next.as_str(), app.version + 1),
                            "{status:?} × {action:?} × {role:?}"
                        );
                        assert_eq!(
                            steps,
                            steps_before + 1,
                            "one step for {status:?} × {action:?} × {role:?}"
                        );
                        // Back to where it was, for the next cell.
                        let mut row: application::ActiveModel = now.into();
                        row.status = Set(status.as_str().into());
                        row.version = Set(app.version);
                        row.updated_at = Set(app.updated_at);
                        row.update(&conn).await.unwrap();
                    }
                    None => {
                        refused += 1;
                        assert!(
                            matches!(result, Err(WorkflowError::Refused(Refusal::NotAllowed { from, action: a, role: r })) if from == status && a == action && r == role),
                            "{status:?} × {action:?} × {role:?} must be refused: {result:?}"
                        );
                        assert_eq!(
                            now, app,
                            "a refused {status:?} × {action:?} × {role:?} changed the application"
                        );
                        assert_eq!(
                            steps, steps_before,
                            "a refused {status:?} × {action:?} × {role:?} wrote a step"
                        );
                    }
                }
            }
        }
    }
    let cells = ApplicationStatus::ALL.len() * Role::ALL.len() * Action::ALL.len();
    assert_eq!(allowed + refused, cells);
    let (forward, back): (Vec<&shared::Transition>, Vec<&shared::Transition>) =
        shared::workflow::TRANSITIONS
            .iter()
            .partition(|t| matches!(t.to, shared::workflow::To::State(_)));
    assert_eq!(
        allowed,
        forward.len(),
        "every row of the table that leads to a state was taken once"
    );
    // The rows going back (reinstating late paper) go where the application was abandoned from,
    // only from a state the system abandons, and only for their role.
    for row in back {
        let owner = support::account_row(&conn, &support::id_number(900)).await;
        let app = in_state(&conn, owner, row.from, 900).await;
        for origin in ApplicationStatus::ALL.iter().copied() {
            for role in Role::ALL.iter().copied() {
                let request = transition::Request {
                    application_id: app.id,
                    expected: row.from,
                    version: app.version,
                    action: row.action,
                    reason: None,
                    data: None,
                    also: vec![],
                };
                let result = transition::back(
                    &conn,
                    actor(role, app.account_id),
                    at("2026-06-09"),
                    request,
                    origin,
                )
                .await;
                let abandonable = origin != ApplicationStatus::Draft
                    && shared::workflow::next(origin, Action::Abandon, Role::System)
                        == Some(row.from);
                if role == row.role && abandonable {
                    assert_eq!(
                        result.as_ref().ok(),
                        Some(&origin),
                        "{origin:?}: {result:?}"
                    );
                    let mut again: application::ActiveModel =
                        application::Entity::find_by_id(app.id)
                            .one(&conn)
                            .await
                            .unwrap()
                            .unwrap()
                            .into();
                    again.status = Set(row.from.as_str().into());
                    again.version = Set(app.version);
                    again.update(&conn).await.unwrap();
                } else {
                    assert!(
                        matches!(
                            result,
                            Err(WorkflowError::Refused(Refusal::NotAllowed { .. }))
                        ),
                        "{origin:?} × {role:?}: {result:?}"
                    );
                }
            }
        }
    }
    assert!(refused > allowed, "{refused} refused, {allowed} allowed");
}

#[tokio::test]
async fn sqlite_every_cell_of_the_table() {
    walk(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_every_cell_of_the_table() {
    if let Some(db) = TestDb::postgres().await {
        walk(db).await;
    }
}

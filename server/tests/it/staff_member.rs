//! The `StaffMember` extractor, ready for the staff routes: a person gets the roles they hold in
//! the organisation the address names, and nobody else gets through (applicants included).

use crate::support;

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::Request;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use server::auth::session::SignedIn;
use server::entity::{account, organisation, role_grant};
use server::web::error::WebError;
use server::web::extract::StaffMember;
use server::web::AppState;
use shared::Role;
use support::TestDb;

fn at() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-05-20T10:00:00+08:00").unwrap()
}

async fn person(db: &DatabaseConnection, id_number: &str) -> account::Model {
    account::ActiveModel {
        real_name: Set("审核人".into()),
        id_type: Set("resident_id_card".into()),
        id_number: Set(id_number.into()),
        mobile: Set("13800000000".into()),
        password_hash: Set("x".into()),
        created_at: Set(at()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
}

async fn unit(db: &DatabaseConnection, name: &str) -> organisation::Model {
    organisation::ActiveModel {
        name: Set(name.into()),
        kind: Set("municipal_unit".into()),
        created_at: Set(at()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
}

async fn ask(
    state: &AppState,
    path: &str,
    who: Option<&account::Model>,
) -> Result<StaffMember, WebError> {
    let mut req = Request::builder().uri(path).body(()).unwrap();
    // The door the router attaches to the route's requests: the queue's, or the desk list's.
    let pattern = if path == "/staff" {
        path
    } else {
        "/staff/{org}"
    };
    req.extensions_mut()
        .insert(server::web::staff::door(pattern).unwrap());
    if let Some(who) = who {
        req.extensions_mut().insert(Arc::new(SignedIn {
            account: who.clone(),
            application: None,
        }));
    }
    let (mut parts, ()) = req.into_parts();
    StaffMember::from_request_parts(&mut parts, state).await
}

#[tokio::test]
async fn staff_members_act_only_where_they_hold_a_role() {
    let test_db = TestDb::sqlite();
    let db = server::db::connect(&test_db.url).await.unwrap();
    server::db::migrate(&db).await.unwrap();
    let state = AppState {
        db: db.clone(),
        clock: server::clock::Clock::fixed(at().date_naive()),
        round: Arc::new(shared::Round::current()),
        round_is_bundled: true,
        leptos: leptos::config::LeptosOptions::builder()
            .output_name("chuding")
            .build(),
        typesetter: Arc::new(server::printed::LazyTypesetter::new("/nonexistent".into())),
        submissions: Default::default(),
        dashboards: Default::default(),
        sealing: Default::default(),
        checks: Default::default(),
        answers: Default::default(),
        limiter: server::limits::Limiter::new(
            db.clone(),
            server::secret::Keyed::new([9; 32]),
            Default::default(),
        ),
        trusted_proxies: Default::default(),
        public_url: "http://127.0.0.1:3000".into(),
        sessions: Default::default(),
        metrics: Default::default(),
        audit: Default::default(),
    };
    let reviewer = person(&db, "320706198808081235").await;
    let applicant = person(&db, "11010519491231002X").await;
    let (ours, theirs) = (unit(&db, "甲单位").await, unit(&db, "乙单位").await);
    role_grant::ActiveModel {
        account_id: Set(reviewer.id),
        organisation_id: Set(Some(ours.id)),
        role: Set(Role::UnitReviewer.as_str().into()),
        created_at: Set(at()),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    // An applicant's own grant is no staff role.
    role_grant::ActiveModel {
        account_id: Set(applicant.id),
        organisation_id: Set(Some(ours.id)),
        role: Set(Role::Applicant.as_str().into()),
        created_at: Set(at()),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    assert_eq!(role_grant::Entity::find().all(&db).await.unwrap().len(), 2);

    let member = ask(&state, &format!("/staff/{}", ours.id), Some(&reviewer))
        .await
        .unwrap();
    assert_eq!(
        (member.organisation.id, member.roles.as_slice()),
        (ours.id, [Role::UnitReviewer].as_slice())
    );
    let actor = member.as_role(Role::UnitReviewer).unwrap();
    assert_eq!(
        (actor.account_id, actor.role, actor.organisation_id),
        (Some(reviewer.id), Role::UnitReviewer, Some(ours.id))
    );
    assert!(member.as_role(Role::CenterStaff).is_none());

    assert!(
        matches!(
            ask(&state, &format!("/staff/{}", theirs.id), Some(&reviewer)).await,
            Err(WebError::Forbidden)
        ),
        "another unit"
    );
    assert!(
        matches!(
            ask(&state, &format!("/staff/{}", ours.id), Some(&applicant)).await,
            Err(WebError::Forbidden)
        ),
        "an applicant"
    );
    assert!(
        matches!(
            ask(&state, "/staff/999", Some(&reviewer)).await,
            Err(WebError::Forbidden)
        ),
        "no such organisation"
    );
    assert!(
        matches!(
            ask(&state, "/staff", Some(&reviewer)).await,
            Err(WebError::Forbidden)
        ),
        "no organisation in the address"
    );
    assert!(
        matches!(
            ask(&state, &format!("/staff/{}", ours.id), None).await,
            Err(WebError::SignInNeeded)
        ),
        "signed out"
    );
}

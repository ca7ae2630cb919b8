//! The approval chain over HTTP, on both backends (issue 28, items 1–3): who stamps is decided at
//! submission from the answers and the directory, and every combination ends somewhere.
//! - Dispatched with no agency is refused, naming the agency field (it used to skip two stamps).
//! - A dispatched worker at a non-public unit gets the agency's competent department as the third
//!   stamp, and that department's reviewer sees it after the agency (it used to wait forever).
//! - An unlisted unit goes to the center's "to route" queue; the applicant reads that it waits for
//!   the center; once routed, the chain is formed and shown.

use crate::support;

use sea_orm::{ActiveModelTrait, Database, DatabaseConnection, EntityTrait, Set};
use server::entity::{application, organisation};
use server::workflow::review::Reviewers;
use server::workflow::Actor;
use shared::{ApplicationStatus, Role};
use support::{id_number, organisation_row, seed_demo, Browser, Server, TestDb};

/// The demo's sample applicant (a bachelor in engineering, eligible at the assistant level on
/// 2026-05-20), with the unit and the employer section from the test.
async fn applicant(
    server: &Server,
    seq: u32,
    personal: &[(&str, &str)],
    employer: &[(&str, &str)],
) -> Browser {
    let b = Browser::new(server);
    b.register("王五", &id_number(seq)).await;
    b.post("/apply/start", &[]).await;
    b.fill_sample(&[personal, employer].concat()).await;
    b
}

async fn department_of(db: &DatabaseConnection, org: i32, department: i32) {
    let row = organisation::Entity::find_by_id(org)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut row: organisation::ActiveModel = row.into();
    row.department_id = Set(Some(department));
    row.update(db).await.unwrap();
}

async fn the_chain(db: TestDb) {
    seed_demo(&db.url);
    let conn = Database::connect(&db.url).await.unwrap();
    let company = organisation_row(&conn, "连云港某某科技有限公司", "non_public_unit").await;
    let agency = organisation_row(&conn, "连云港某某劳务派遣有限公司", "dispatch_agency").await;
    let bare_agency = organisation_row(&conn, "没有主管部门的派遣公司", "dispatch_agency").await;
    let department = organisation_row(
        &conn,
        "连云港市人力资源和社会保障局",
        "competent_department",
    )
    .await;
    department_of(&conn, agency, department).await;
    let server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    let company_text = company.to_string();
    let named = [
        ("unit_name", "连云港某某科技有限公司"),
        ("unit_id", company_text.as_str()),
        ("specialty", "软件工程"),
    ];

    // Dispatched with no agency: refused, naming the agency (四（六）).
    let a = applicant(
        &server,
        301,
        &named,
        &[
            ("dispatched", "yes"),
            ("social_insurance_verifiable", "yes"),
        ],
    )
    .await;
    let (code, review) = a.get("/apply/review").await;
    assert!(
        code == 200
            && review.contains("data-testid=\"approval-chain-problems\"")
            && review.contains("劳务派遣人员须选择派遣单位"),
        "{code} {review}"
    );
    let (status, _, body) = a.post("/apply/submit", &[("pledge", "yes")]).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("#agency_id") && body.contains("四（六）"),
        "{body}"
    );

    // An agency without a competent department in the directory: refused, naming the agency.
    let bare = bare_agency.to_string();
    a.post(
        "/apply/employer",
        &[
            ("dispatched", "yes"),
            ("agency_id", bare.as_str()),
            ("social_insurance_verifiable", "yes"),
        ],
    )
    .await;
    let (status, _, body) = a.post("/apply/submit", &[("pledge", "yes")]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("没有登记该派遣单位的主管部门"), "{body}");

    // With the agency whose department is known: the chain is unit → agency → department, shown
    // before submitting and kept on the application.
    let agency_text = agency.to_string();
    a.post(
        "/apply/employer",
        &[
            ("dispatched", "yes"),
            ("agency_id", agency_text.as_str()),
            ("social_insurance_verifiable", "yes"),
        ],
    )
    .await;
    let review = a.get("/apply/review").await.1;
    let chain = review
        .split("data-testid=\"approval-chain\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no chain on check your answers: {review}"));
    let (u, g, d) = (
        chain.find("连云港某某科技有限公司").unwrap(),
        chain.find("连云港某某劳务派遣有限公司").unwrap(),
        chain.find("连云港市人力资源和社会保障局").unwrap(),
    );
    assert!(u < g && g < d, "in the notice's order: {chain}");
    assert!(review.contains("需要以下单位审核盖章"), "{review}");
    let (status, location, body) = a.post("/apply/submit", &[("pledge", "yes")]).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/apply/submitted"),
        "{body}"
    );
    let app = application::Entity::find()
        .all(&conn)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.unit_id == Some(company))
        .unwrap();
    assert_eq!(
        (app.dispatch_agency_id, app.department_id),
        (Some(agency), Some(department))
    );
    // Once the agency has approved, the department's reviewer is the one whose approval is due.
    let mut at_agency = app.clone();
    at_agency.status = ApplicationStatus::AgencyApproved.as_str().into();
    at_agency.appraisal = Some("x".into());
    let unit = organisation::Entity::find_by_id(company)
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    let reviewers = Reviewers::with_unit(&at_agency, unit).unwrap();
    let department_reviewer = Actor::staff(1, Role::DepartmentReviewer, department);
    assert!(reviewers.includes(department_reviewer));
    assert!(reviewers.case_allows(
        ApplicationStatus::AgencyApproved,
        shared::Action::DepartmentApprove,
        Role::DepartmentReviewer
    ));
    // The status page lists the way: submitted, at the unit now, then the agency and the
    // department by name, then the paper, the re-review and the certificate.
    let status_page = a.get("/apply/status").await.1;
    let progress = status_page
        .split("data-testid=\"progress\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no progress list: {status_page}"));
    let at = |s: &str| {
        progress
            .find(s)
            .unwrap_or_else(|| panic!("{s}: {progress}"))
    };
    assert!(
        at("data-state=\"done\" data-step=\"submit\"")
            < at("data-state=\"current\" data-step=\"unit\"")
            && at("连云港某某科技有限公司") < at("data-step=\"agency\"")
            && at("连云港某某劳务派遣有限公司") < at("data-step=\"department\"")
            && at("连云港市人力资源和社会保障局") < at("data-state=\"ahead\" data-step=\"paper\"")
            && at("data-step=\"paper\"") < at("data-step=\"re_review\"")
            && at("data-step=\"re_review\"") < at("data-step=\"certificate\""),
        "{progress}"
    );

    // A unit not in the directory: submitted, waiting for the center, which routes it.
    let b = applicant(
        &server,
        302,
        &[
            ("unit_name", "连云港某某新材料有限公司"),
            ("specialty", "材料工程"),
        ],
        &[("dispatched", "no"), ("social_insurance_verifiable", "yes")],
    )
    .await;
    assert!(b
        .get("/apply/review")
        .await
        .1
        .contains("等待人才服务中心确认工作单位"));
    let (status, _, body) = b.post("/apply/submit", &[("pledge", "yes")]).await;
    assert_eq!(status, 303, "{body}");
    assert!(b
        .get("/apply/status")
        .await
        .1
        .contains("等待人才服务中心确认工作单位"));
    let routed = application::Entity::find()
        .all(&conn)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.unit_id.is_none() && a.submitted_at.is_some())
        .expect("the unlisted application is submitted");

    let clerk = Browser::new(&server);
    clerk.login("320706198405050055", "demo1234").await;
    clerk
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let center = clerk.first_desk().await;
    // The center's home says what waits at each desk: here, one unit to confirm.
    let home = clerk.get(&format!("/staff/{center}")).await.1;
    let waiting = home
        .split("data-testid=\"today-to-route\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no center panel: {home}"));
    assert!(
        waiting[..waiting.find("</li>").unwrap()].contains("today-count\">1<")
            && waiting.contains(&format!("/staff/{center}/to-route")),
        "{waiting}"
    );
    let queue = format!("/staff/{center}/to-route");
    let page = clerk.get(&queue).await.1;
    assert!(
        page.contains(&format!("data-testid=\"to-route-{}\"", routed.reference))
            && page.contains("连云港某某新材料有限公司"),
        "{page}"
    );
    // The unit's own reviewers do not see it before it is routed; an applicant never opens the queue.
    let (status, _) = b.get(&queue).await;
    assert_ne!(status, 200);
    let post = format!("/staff/{center}/to-route/{}", routed.reference);
    let version = routed.version.to_string();
    let (status, _, body) = clerk.post(&post, &[("version", version.as_str())]).await;
    assert_eq!(status, 422, "nothing chosen: {body}");
    let dept = department.to_string();
    let (status, _, body) = clerk
        .post(
            &post,
            &[("version", version.as_str()), ("unit_id", dept.as_str())],
        )
        .await;
    assert_eq!(status, 422, "a department is not a unit: {body}");
    let (status, location, body) = clerk
        .post(
            &post,
            &[
                ("version", version.as_str()),
                ("unit_id", company_text.as_str()),
            ],
        )
        .await;
    assert_eq!(
        (status, location),
        (303, format!("{queue}?routed={}", routed.reference)),
        "{body}"
    );
    let after = application::Entity::find_by_id(routed.id)
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((after.unit_id, after.department_id), (Some(company), None));
    assert!(!clerk.get(&queue).await.1.contains(&routed.reference));
    let status_page = b.get("/apply/status").await.1;
    assert!(
        status_page.contains("data-testid=\"progress\"")
            && status_page.contains("连云港某某科技有限公司")
            && status_page.contains("确认工作单位并转交"),
        "{status_page}"
    );
}

#[tokio::test]
async fn sqlite_the_chain() {
    the_chain(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_the_chain() {
    if let Some(db) = TestDb::postgres().await {
        the_chain(db).await;
    }
}

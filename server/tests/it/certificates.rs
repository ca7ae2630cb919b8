//! Issuing certificates on a real database of each backend: numbers in the round's series with
//! their check character, issuing twice gives the same certificate, only an approved application
//! and only the center's staff, and no certificate where the series names no qualification.

use crate::support;

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use server::entity::application;
use server::workflow::{certificates, Actor, Refusal, WorkflowError};
use shared::certificate::CertificateNumber;
use shared::{Role, Round};
use support::TestDb;

async fn issuing(db: TestDb) {
    let conn = server::db::connect(&db.url).await.unwrap();
    server::db::migrate(&conn).await.unwrap();
    let round = Round::h1_2026();
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-10T10:00:00+08:00").unwrap();
    let unit = support::organisation_row(&conn, "某某公司", "non_public_unit").await;
    let center = support::organisation_row(&conn, "连云港市人才服务中心", "center").await;
    let clerk = Actor::staff(
        support::account_row(&conn, "320706198405050055").await,
        Role::CenterStaff,
        center,
    );
    let first = support::application_in(&conn, "CERT0001", "甲", "approved", unit).await;
    let second = support::application_in(&conn, "CERT0002", "乙", "approved", unit).await;

    let one = certificates::issue(&conn, &round, now, clerk, &first)
        .await
        .unwrap();
    assert_eq!(
        one.number,
        CertificateNumber::new(2026, 1, 1).unwrap().compact()
    );
    assert_eq!(
        CertificateNumber::parse(&one.number)
            .unwrap()
            .to_string()
            .len(),
        15
    );
    // Again (the page sent twice, or a batch that includes it): the same certificate.
    let reread = application::Entity::find_by_id(first.id)
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reread.status, "certified");
    let again = certificates::issue(&conn, &round, now, clerk, &reread)
        .await
        .unwrap();
    assert_eq!(again, one);
    let two = certificates::issue(&conn, &round, now, clerk, &second)
        .await
        .unwrap();
    assert_eq!(CertificateNumber::parse(&two.number).unwrap().serial, 2);

    // Not approved; not the center's staff; no qualification at that level.
    let received = support::application_in(&conn, "CERT0003", "丙", "paper_received", unit).await;
    let refused = certificates::issue(&conn, &round, now, clerk, &received).await;
    assert!(
        matches!(
            refused,
            Err(WorkflowError::Refused(Refusal::NotAllowed { .. }))
        ),
        "{refused:?}"
    );
    let third = support::application_in(&conn, "CERT0004", "丁", "approved", unit).await;
    let reviewer = Actor::staff(clerk.account_id.unwrap(), Role::UnitReviewer, unit);
    assert!(certificates::issue(&conn, &round, now, reviewer, &third)
        .await
        .is_err());
    let mut research: application::ActiveModel = third.into();
    research.series = Set(Some("natural_science_research".into()));
    research.level = Set(Some("technician".into()));
    let research = research.update(&conn).await.unwrap();
    match certificates::issue(&conn, &round, now, clerk, &research).await {
        Err(WorkflowError::Refused(Refusal::Invalid(e))) => assert_eq!(e[0].field, "level"),
        other => panic!("expected a refusal naming the level, got {other:?}"),
    }
    assert!(certificates::of(&conn, research.id)
        .await
        .unwrap()
        .is_none());
}

/// The desk: the waiting list, two ticked and issued, the latest list with their numbers, one
/// audit entry each; nothing ticked is named.
#[tokio::test]
async fn the_certificate_desk() {
    let db = TestDb::sqlite();
    support::seed_demo_with(&db.url, &["--applications", "200"]);
    let conn = server::db::connect(&db.url).await.unwrap();
    let server = support::Server::start(&db.url, &["--clock", "2026-06-10"]).await;
    let clerk = support::Browser::new(&server);
    clerk.login("320706198405050055", "demo1234").await;
    clerk
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let center = clerk.first_desk().await;
    let path = format!("/staff/{center}/certificates");
    let (status, html) = clerk.get(&path).await;
    assert_eq!(status, 200);
    let waiting: Vec<String> = html
        .split("<tr data-reference=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    assert!(waiting.len() >= 2, "{html}");
    let picks: Vec<(String, &str)> = waiting[..2]
        .iter()
        .map(|r| (format!("pick_{r}"), "yes"))
        .collect();
    let mut fields: Vec<(&str, &str)> = picks.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    // Issuing asks first: nothing is issued until the box is ticked.
    let (status, _, asked) = clerk.post(&path, &fields).await;
    assert_eq!(status, 422);
    assert!(
        asked.contains("href=\"#confirm_issue\"") && asked.contains("（共 2 份）"),
        "{asked}"
    );
    fields.push(("confirm_issue", "yes"));
    let (status, location, _) = clerk.post(&path, &fields).await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{path}?issued=2").as_str())
    );
    let (_, after) = clerk.get(&format!("{path}?issued=2")).await;
    let issued = after.split("data-testid=\"issued\"").nth(1).unwrap();
    assert!(issued.contains("2026-1-000001-") && issued.contains("2026-1-000002-"));
    for r in &waiting[..2] {
        let row = conn
            .query_one(sea_orm::Statement::from_string(
                sea_orm::ConnectionTrait::get_database_backend(&conn),
                format!("SELECT COUNT(*) FROM audit_entry WHERE application_reference = '{r}' AND action LIKE 'POST %certificates%'"),
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            row.try_get_by_index::<i64>(0).unwrap(),
            1,
            "one audit entry for {r}"
        );
    }
    let (status, _, refused) = clerk.post(&path, &[]).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused.contains("请至少勾选一份申报"));

    // The holder: the status page shows it, the PDF says it (read back with pdftotext).
    let row = conn
        .query_one(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT p.id, p.id_number, p.real_name, c.number FROM certificate c JOIN application a ON a.id = c.application_id JOIN account p ON p.id = a.account_id WHERE a.reference = '{}'", waiting[0]),
        ))
        .await
        .unwrap()
        .unwrap();
    let account: i32 = row.try_get_by_index(0).unwrap();
    let id_number: String = row.try_get_by_index(1).unwrap();
    let name: String = row.try_get_by_index(2).unwrap();
    let number = CertificateNumber::parse(&row.try_get_by_index::<String>(3).unwrap()).unwrap();
    conn.execute_unprepared(&format!(
        "UPDATE account SET password_hash = '{}' WHERE id = {account}",
        server::auth::password::hash("secret123").unwrap()
    ))
    .await
    .unwrap();
    let holder = support::Browser::new(&server);
    holder.login(&id_number, "secret123").await;
    let (_, status_page) = holder.get("/apply/status").await;
    let held = status_page
        .split("data-testid=\"certificate\"")
        .nth(1)
        .expect("the certificate on the status page");
    assert!(held.contains(&number.to_string()));
    assert!(
        held.contains("data-testid=\"collect-form\"")
            && held.contains("身份证")
            && held.contains("介绍信"),
        "the holder is told what to bring to collect the 申报表 (五（五））: {held}"
    );
    let pdf = holder.download("/apply/certificate.pdf").await;
    assert!(pdf.starts_with(b"%PDF"));
    let dir = support::TempDir::new("certificate");
    let file = dir.0.join("certificate.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let words = support::pdf_words(file.to_str().unwrap());
    assert!(
        words.contains(&name) && words.contains(&number.to_string()),
        "{words}"
    );
    assert!(words.contains("专业技术资格证书"));
    assert!(
        words.contains(&format!("{}/verify输入证书编号和姓名", server.url(""))),
        "the check's address is printed for whoever cannot scan: {words}"
    );
    let other = support::Browser::new(&server);
    other.login("320706198808081235", "demo1234").await;
    let (status, _) = other.get("/apply/certificate.pdf").await;
    assert_eq!(
        status, 303,
        "another applicant gets their own status page, not this certificate"
    );

    // Anyone checks it: valid; a wrong name is "not found"; a typo is caught; revoked says so.
    let anyone = support::Browser::new(&server);
    let check = |n: &str, who: &str| format!("/verify?number={n}&name={who}");
    let (status, valid) = anyone.get(&check(&number.to_string(), &name)).await;
    assert_eq!(status, 200);
    assert!(
        support::verify_answer(&valid).contains("证书有效"),
        "{valid}"
    );
    assert!(
        !valid.contains(&id_number[..]),
        "nothing beyond what was typed"
    );
    let (_, wrong) = anyone.get(&check(&number.compact(), "某某某")).await;
    assert!(support::verify_answer(&wrong).contains("未找到该证书"));
    let mut typo = number.compact().into_bytes();
    typo[7] = if typo[7] == b'9' { b'8' } else { typo[7] + 1 };
    let (_, caught) = anyone
        .get(&check(std::str::from_utf8(&typo).unwrap(), &name))
        .await;
    assert!(
        caught.contains("校验位不符") && caught.contains("href=\"#number\""),
        "{caught}"
    );
    // The administrator revokes it with a reason (none given is refused, naming the field); the
    // check says so at once, with the reason, and so does the holder's timeline.
    let admin = support::Browser::new(&server);
    admin.login("320706198304040042", "demo1234").await;
    admin
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let revocations = format!("/staff/{center}/revocations");
    let shown = number.to_string();
    let (status, _, refused) = admin
        .post(
            &revocations,
            &[
                ("number", &shown),
                ("reason", " "),
                ("confirm_revoke", "yes"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(refused.contains("href=\"#reason\""), "{refused}");
    // Revoking asks first: without the box ticked nothing is revoked.
    let (status, _, asked) = admin
        .post(
            &revocations,
            &[("number", &shown), ("reason", "申报材料弄虚作假")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(asked.contains("href=\"#confirm_revoke\""), "{asked}");
    let (_, still) = anyone.get(&check(&number.to_string(), &name)).await;
    assert!(
        support::verify_answer(&still).contains("证书有效"),
        "{still}"
    );
    let (status, _, _) = clerk
        .post(&revocations, &[("number", &shown), ("reason", "x")])
        .await;
    assert_eq!(status, 403, "not the center's staff");
    let (status, location, _) = admin
        .post(
            &revocations,
            &[
                ("number", &shown),
                ("reason", "申报材料弄虚作假"),
                ("confirm_revoke", "yes"),
            ],
        )
        .await;
    assert_eq!(status, 303, "{location}");
    let (_, revoked) = anyone.get(&check(&number.to_string(), &name)).await;
    let revoked = support::verify_answer(&revoked);
    assert!(
        revoked.contains("证书已撤销") && revoked.contains("2026-06-10"),
        "{revoked}"
    );
    assert!(revoked.contains("申报材料弄虚作假"));
    let (_, timeline) = holder.get("/apply/status").await;
    assert!(
        timeline.contains("证书已撤销：申报材料弄虚作假"),
        "{timeline}"
    );
}

#[tokio::test]
async fn issuing_on_sqlite() {
    issuing(TestDb::sqlite()).await;
}

#[tokio::test]
async fn issuing_on_postgres() {
    if let Some(db) = TestDb::postgres().await {
        issuing(db).await;
    }
}

//! The applicant's journey over HTTP, JavaScript off, on both backends: register, sign in,
//! CSRF, throttling, drafts section by section, refusals, one submission only.

use crate::support;

use sea_orm::ConnectionTrait;
use support::{id_number, Browser, Server, TestDb};

async fn journey(db: TestDb) {
    let server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    let alice = Browser::new(&server);
    let id = id_number(7);

    // Register; a second account with the same number is refused; the account page greets her.
    alice.register("张三", &id).await;
    assert!(alice.get("/account").await.1.contains("张三"));
    let bob = Browser::new(&server);
    let (status, _, body) = bob
        .post(
            "/register",
            &[
                ("real_name", "李四"),
                ("id_type", "resident_id_card"),
                ("id_number", &id),
                ("mobile", "13812345678"),
                ("password", support::PASSWORD),
                ("password_confirm", support::PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("该证件号码已注册"), "{body}");
    assert!(body.contains("李四"), "values are kept");
    assert!(
        !body.contains(support::PASSWORD),
        "passwords are never sent back"
    );

    // A bad check digit names the field.
    let mut bad = id.clone();
    bad.replace_range(17.., if id.ends_with('1') { "2" } else { "1" });
    let (status, _, body) = bob
        .post(
            "/register",
            &[
                ("real_name", "李四"),
                ("id_type", "resident_id_card"),
                ("id_number", &bad),
                ("mobile", "13812345678"),
                ("password", support::PASSWORD),
                ("password_confirm", support::PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("校验位不正确") && body.contains("href=\"#id_number\""),
        "{body}"
    );

    // No CSRF token, no change.
    let res = alice
        .http
        .post(format!("{}/apply/start", server.base))
        .form(&[("x", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // Start twice: one draft.
    let (status, location, _) = alice.post("/apply/start", &[]).await;
    assert_eq!((status, location.as_str()), (303, "/apply"));
    let first = alice.get("/apply").await.1;
    alice.post("/apply/start", &[]).await;
    let second = alice.get("/apply").await.1;
    let reference =
        |html: &str| html.split("class=\"reference\">").nth(1).unwrap()[..9].to_string();
    assert_eq!(reference(&first), reference(&second));

    // A wrong date: the error names the field, and what was typed is kept in the draft.
    let (status, _, body) = alice
        .post("/apply/work", &[("work_start_date", "2024-13-45")])
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("存在以下问题") && body.contains("2024-13-45"),
        "{body}"
    );
    assert!(alice
        .get("/apply/work")
        .await
        .1
        .contains("value=\"2024-13-45\""));

    // A second education entry: the add button saves and shows one more entry; both count.
    let (status, location, _) = alice
        .post(
            "/apply/education",
            &[("edu_level", "associate"), ("add_education", "1")],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/apply/education?add_education=1")
    );
    let page = alice.get("/apply/education?add_education=1").await.1;
    assert!(
        page.contains("第 2 项学历学位") && page.contains("id=\"edu1_level\""),
        "{page}"
    );
    alice
        .post(
            "/apply/education",
            &[("edu_level", "associate"), ("edu1_level", "bachelor")],
        )
        .await;
    let review = alice.get("/apply/review").await.1;
    assert!(review.contains("第2项：学历层次"), "{review}");

    // Accounting is an exam series: submission is refused, citing 一（末段）.
    alice.fill_sample(&[]).await;
    alice
        .post(
            "/apply/scope",
            &[
                ("category", "municipal_unit_employee"),
                ("labor_relationship", "yes"),
                ("series", "accounting"),
                ("civil_servant", "no"),
                ("retired", "no"),
                ("sanction_in_effect", "no"),
            ],
        )
        .await;
    let (status, _, body) = alice.post("/apply/submit", &[("pledge", "yes")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("一（末段）"), "{body}");
    assert!(
        body.contains("<h1>检查您的回答") && body.contains("存在以下问题"),
        "the refusal shows the review page: {body}"
    );

    // Eligible, but without the unit's name: refused, the error links to the field on its page.
    alice.fill_sample(&[]).await;
    alice
        .post(
            "/apply/personal",
            &[("unit_name", " "), ("specialty", "建筑工程")],
        )
        .await;
    let (status, _, body) = alice.post("/apply/submit", &[("pledge", "yes")]).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("href=\"/apply/personal#unit_name\"") && body.contains("工作单位"),
        "{body}"
    );

    // Eligible again: without the pledge, refused; with it, submitted once, whatever the clicks.
    alice.fill_sample(&[]).await;
    let (status, _, body) = alice.post("/apply/submit", &[]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("诚信承诺"));
    let (a, b) = tokio::join!(
        alice.post("/apply/submit", &[("pledge", "yes")]),
        alice.post("/apply/submit", &[("pledge", "yes")])
    );
    assert_eq!((a.0, a.1.as_str()), (303, "/apply/submitted"));
    assert_eq!((b.0, b.1.as_str()), (303, "/apply/submitted"));
    let (status, page) = alice.get("/apply/submitted").await;
    assert_eq!(status, 200);
    assert!(page.contains(&reference(&first)), "{page}");
    assert!(page.contains("可初定助理级"));
    assert!(page.contains("2026-06-05"));
    // The personal materials list: a municipal employee whose social insurance is verifiable.
    let (status, materials) = alice.get("/apply/materials").await;
    assert_eq!(status, 200);
    for code in [
        "application_form",
        "ce_transcript",
        "competent_department_stamp",
    ] {
        assert!(
            materials.contains(&format!("data-material=\"{code}\"")),
            "{code}: {materials}"
        );
    }
    assert!(!materials.contains("data-material=\"labor_contract_social_insurance\""));
    // 2026-05-20 … 06-05: 13 working days (no holiday falls in between).
    assert!(materials.contains("还有 13 个工作日"), "{materials}");
    let (status, timeline) = alice.get("/apply/status").await;
    assert_eq!(status, 200);
    assert!(
        timeline.contains("网上申报已提交") && timeline.contains("开始填写申报"),
        "{timeline}"
    );
    // Two submissions at once wrote one step on the timeline, not two.
    assert_eq!(timeline.matches("网上申报已提交").count(), 1, "{timeline}");
    assert!(timeline.contains("已提交，待单位审核"));
    assert!(
        timeline.contains("href=\"/apply/declaration.pdf\""),
        "{timeline}"
    );

    // Her 申报表: a PDF with her name, full ID number and reference (read back in tests/declaration.rs).
    let res = alice
        .http
        .get(format!("{}/apply/declaration.pdf", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let pdf = res.bytes().await.unwrap();
    assert!(
        pdf.starts_with(b"%PDF") && pdf.len() > 10_000,
        "{} bytes",
        pdf.len()
    );

    // Submitted answers can no longer be changed.
    let (status, location, _) = alice.post("/apply/scope", &[("series", "lawyer")]).await;
    assert_eq!((status, location.as_str()), (303, "/apply/submitted"));

    // Bob, signed in, sees only his own (no) application.
    bob.register("李四", &id_number(8)).await;
    let page = bob.get("/apply").await.1;
    assert!(page.contains("开始申报") && !page.contains(&reference(&first)));
    // No applicant route takes an id: each finds the application by the session. Alice's
    // reference in the address changes nothing.
    let alice_ref = reference(&first).replace('-', "");
    for path in [
        "/apply/submitted",
        "/apply/materials",
        "/apply/status",
        "/apply/declaration.pdf",
        "/apply/review",
        "/apply/scope",
    ] {
        for url in [
            path.to_string(),
            format!("{path}?reference={alice_ref}"),
            format!("{path}?id=1"),
        ] {
            let (status, body) = bob.get(&url).await;
            assert_eq!(status, 303, "{url}");
            assert!(!body.contains(&reference(&first)), "{url}");
        }
    }
    for path in ["/apply/submit", "/apply/scope"] {
        let (status, location, body) = bob
            .post(
                path,
                &[
                    ("reference", &alice_ref),
                    ("pledge", "yes"),
                    ("series", "lawyer"),
                ],
            )
            .await;
        assert_eq!(
            (status, location.as_str()),
            (303, "/apply"),
            "{path}: {body}"
        );
    }
    let anonymous = Browser::new(&server);
    let (status, _) = anonymous.get("/apply/declaration.pdf").await;
    assert_eq!(status, 303, "signed out: to the sign-in page");

    // Sign out: the pages need signing in again.
    alice.post("/logout", &[]).await;
    let (status, _) = alice.get("/apply").await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn sqlite_journey() {
    journey(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_journey() {
    if let Some(db) = TestDb::postgres().await {
        journey(db).await;
    }
}

/// Twelve applicants submit at the same moment, each with a double click: on SQLite they are
/// written in batches (group commit). Each is submitted once, with one step on its timeline.
async fn simultaneous_submissions(db: TestDb) {
    // Twelve people register from this one address.
    let server = Server::start(
        &db.url,
        &["--clock", "2026-05-20", "--limit", "register=100/1h"],
    )
    .await;
    let mut applicants = Vec::new();
    for seq in 0..12u32 {
        let b = Browser::new(&server);
        b.register("并发", &id_number(100 + seq)).await;
        b.post("/apply/start", &[]).await;
        b.fill_sample(&[]).await;
        applicants.push(b);
    }
    let clicks = applicants
        .iter()
        .flat_map(|b| [b, b])
        .map(|b| b.post("/apply/submit", &[("pledge", "yes")]));
    for (status, location, body) in futures_util::future::join_all(clicks).await {
        assert_eq!(
            (status, location.as_str()),
            (303, "/apply/submitted"),
            "{body}"
        );
    }
    for b in &applicants {
        let (status, timeline) = b.get("/apply/status").await;
        assert_eq!(status, 200);
        assert!(timeline.contains("已提交，待单位审核"), "{timeline}");
        assert_eq!(timeline.matches("网上申报已提交").count(), 1, "{timeline}");
    }
    // Each step records what the verdict was; the verdict itself is on the application once.
    let conn = sea_orm::Database::connect(&db.url).await.unwrap();
    let backend = conn.get_database_backend();
    let sql = "SELECT e.data_json, a.verdict_json FROM application_event e JOIN application a ON a.id = e.application_id WHERE e.kind = 'submitted'";
    let rows = conn
        .query_all(sea_orm::Statement::from_string(backend, sql))
        .await
        .unwrap();
    assert_eq!(rows.len(), 12);
    for row in rows {
        let step: serde_json::Value =
            serde_json::from_str(&row.try_get::<String>("", "data_json").unwrap()).unwrap();
        assert_eq!(
            step,
            serde_json::json!({ "outcome": "eligible", "level": "assistant" })
        );
        let verdict: serde_json::Value =
            serde_json::from_str(&row.try_get::<String>("", "verdict_json").unwrap()).unwrap();
        assert_eq!(
            (&verdict["outcome"], &verdict["level"]),
            (&step["outcome"], &step["level"])
        );
        assert!(
            verdict["findings"]
                .as_array()
                .is_some_and(|f| !f.is_empty()),
            "{verdict}"
        );
    }
}

#[tokio::test]
async fn sqlite_simultaneous_submissions() {
    simultaneous_submissions(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_simultaneous_submissions() {
    if let Some(db) = TestDb::postgres().await {
        simultaneous_submissions(db).await;
    }
}

#[tokio::test]
async fn submission_outside_the_online_window_is_refused() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &["--clock", "2026-06-10"]).await;
    let b = Browser::new(&server);
    b.register("王五", &id_number(9)).await;
    b.post("/apply/start", &[]).await;
    b.fill_sample(&[]).await;
    let (status, _, body) = b.post("/apply/submit", &[("pledge", "yes")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("不在申报期内"), "{body}");
}

#[tokio::test]
async fn sign_in_and_password_change() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &[]).await;
    let b = Browser::new(&server);
    let id = id_number(11);
    b.register("孙七", &id).await;
    let (status, location, _) = b
        .post(
            "/account/password",
            &[
                ("current_password", support::PASSWORD),
                ("password", "haizhou-guannan-5830"),
                ("password_confirm", "haizhou-guannan-5830"),
            ],
        )
        .await;
    assert_eq!((status, location.as_str()), (303, "/account?changed=1"));
    b.post("/logout", &[]).await;
    let (status, _, _) = b
        .post(
            "/login",
            &[("id_number", &id), ("password", support::PASSWORD)],
        )
        .await;
    assert_eq!(status, 422);
    let (status, location, _) = b
        .post(
            "/login",
            &[
                ("id_number", &id.to_lowercase()),
                ("password", "haizhou-guannan-5830"),
            ],
        )
        .await;
    assert_eq!((status, location.as_str()), (303, "/account"));
}

/// The README's demo: `seed-demo` (twice: idempotent) gives a submitted applicant who can open the
/// status page and download a 申报表 with their name and number, dated on the round's first day.
#[tokio::test]
async fn the_demo_submitted_applicant_gets_their_form() {
    let db = TestDb::sqlite();
    for _ in 0..2 {
        assert!(support::seed_demo(&db.url).contains("320706198808081235"));
    }
    let server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    let b = Browser::new(&server);
    let (status, location, _) = b
        .post(
            "/login",
            &[
                ("id_number", "320706198808081235"),
                ("password", "demo1234"),
            ],
        )
        .await;
    assert_eq!(status, 303, "{location}");
    let (status, page) = b.get("/apply/status").await;
    assert_eq!(status, 200);
    assert_eq!(
        page.matches("class=\"timeline-at\"").count(),
        2,
        "one created and one submitted step: {page}"
    );
    assert!(page.contains("2026-05-11 09:30"), "{page}");

    let res = b
        .http
        .get(format!("{}/apply/declaration.pdf", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let pdf = res.bytes().await.unwrap();
    let dir = support::TempDir::new("demo-pdf");
    let path = dir.0.join("demo.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = support::pdf_words(path.to_str().unwrap());
    for needle in [
        "演示已提交",
        "320706198808081235",
        "可初定助理级",
        "2026-05-1109:30",
        "主管部门审核意见",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} missing from the demo's form:\n{text}"
        );
    }
}

/// A name with a character no font has, markup or a formula is refused at registration,
/// naming the field and the character; nothing is created.
#[tokio::test]
async fn a_name_a_name_cannot_hold_is_refused_at_registration() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    let b = Browser::new(&server);
    for (name, shown) in [
        ("张\u{13000}", "\u{13000}"),
        ("王😀", "😀"),
        ("</title><meta http-equiv=refresh content=0;//e.cn>", "&lt;"),
        ("=HYPERLINK(\"http://e.cn\")", "="),
    ] {
        let (status, _, page) = b
            .post(
                "/register",
                &[
                    ("real_name", name),
                    ("id_type", "resident_id_card"),
                    ("id_number", &id_number(11)),
                    ("mobile", "13812345678"),
                    ("password", support::PASSWORD),
                    ("password_confirm", support::PASSWORD),
                ],
            )
            .await;
        assert_eq!(status, 422, "{name}");
        assert!(
            page.contains("姓名只能由汉字和间隔号") && page.contains(shown),
            "{name}: {page}"
        );
        assert!(!page.contains("<meta http-equiv=refresh"), "{page}");
    }
    // The same person with a real name registers.
    b.register("张明", &id_number(11)).await;
}

/// The version a section page was read at (its hidden `version` input).
fn version_of(html: &str) -> String {
    let start = html
        .find(r#"name="version" value=""#)
        .expect("a version input")
        + r#"name="version" value=""#.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// Two tabs on one section: the second save, over a version it never saw, is refused with a
/// message and what it typed shown again; an autosave in the same position is told 409.
async fn two_tabs(db: TestDb) {
    let server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    let b = Browser::new(&server);
    b.register("周八", &id_number(20)).await;
    b.post("/apply/start", &[]).await;
    let tab_a = b.get("/apply/personal").await.1;
    let tab_b = b.get("/apply/personal").await.1;
    let (va, vb) = (version_of(&tab_a), version_of(&tab_b));
    assert_eq!(va, vb);
    let (status, location, _) = b
        .post(
            "/apply/personal",
            &[
                ("unit_name", "甲单位"),
                ("specialty", "建筑工程"),
                ("version", &va),
            ],
        )
        .await;
    assert_eq!((status, location.as_str()), (303, "/apply/scope"));
    let (status, _, body) = b
        .post(
            "/apply/personal",
            &[
                ("unit_name", "乙单位"),
                ("specialty", "建筑工程"),
                ("version", &vb),
            ],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body.contains("在别处有了更改") && body.contains("value=\"乙单位\""),
        "the message and what was typed: {body}"
    );
    let now = b.get("/apply/personal").await.1;
    assert!(
        now.contains("value=\"甲单位\"") && !now.contains("乙单位"),
        "{now}"
    );
    // The refusal carries the version as it is now: saving again from it keeps what it shows.
    assert_eq!(version_of(&body), version_of(&now));
    // An autosave over an old version.
    let res = b
        .autosave(
            "/apply/personal",
            &[("unit_name", "丙单位"), ("version", &vb)],
        )
        .await;
    assert_eq!(res.status(), 409);
    // And one over the current version: saved, with the next version to send.
    let current = version_of(&now);
    let res = b
        .autosave(
            "/apply/personal",
            &[("unit_name", "丁单位"), ("version", &current)],
        )
        .await;
    assert_eq!(res.status(), 204);
    let next: i32 = res.headers()["x-version"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(next, current.parse::<i32>().unwrap() + 1);
    assert_eq!(
        version_of(&b.get("/apply/personal").await.1),
        next.to_string()
    );
}

#[tokio::test]
async fn sqlite_two_tabs() {
    two_tabs(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_two_tabs() {
    if let Some(db) = TestDb::postgres().await {
        two_tabs(db).await;
    }
}

/// A unit's full name of 67 Chinese characters (201 bytes) is kept; one over the limit is refused
/// with a message naming the field, shown again as typed, and the stored answer stays.
#[tokio::test]
async fn long_answers_are_kept_or_refused_never_dropped() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    let b = Browser::new(&server);
    b.register("吴九", &id_number(21)).await;
    b.post("/apply/start", &[]).await;
    let long = "连".repeat(67);
    let (status, _, body) = b
        .post(
            "/apply/personal",
            &[("unit_name", &long), ("specialty", "建筑工程")],
        )
        .await;
    assert_eq!(status, 303, "{body}");
    assert!(b.get("/apply/review").await.1.contains(&long));
    let too_long = "港".repeat(201);
    let (status, _, body) = b
        .post(
            "/apply/personal",
            &[("unit_name", &too_long), ("specialty", "建筑工程")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("最多 200 个字") && body.contains("href=\"#unit_name\""),
        "{body}"
    );
    assert!(
        body.contains(&format!("value=\"{too_long}\"")),
        "what was typed is shown again"
    );
    let review = b.get("/apply/review").await.1;
    assert!(
        review.contains(&long) && !review.contains(&too_long),
        "the stored answer stays"
    );
}

/// A stored draft that cannot be read is refused with a message, on every page and every save,
/// and never overwritten.
#[tokio::test]
async fn a_corrupt_draft_is_never_overwritten() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    let b = Browser::new(&server);
    b.register("郑十", &id_number(22)).await;
    b.post("/apply/start", &[]).await;
    b.post("/apply/personal", &[("unit_name", "甲单位")]).await;
    let conn = sea_orm::Database::connect(&db.url).await.unwrap();
    let corrupt = r#"{"unit_name": "甲单"#;
    let backend = conn.get_database_backend();
    conn.execute(sea_orm::Statement::from_sql_and_values(
        backend,
        "UPDATE application SET answers_json = ?",
        [corrupt.into()],
    ))
    .await
    .unwrap();
    for path in ["/apply", "/apply/work", "/apply/review"] {
        let (status, body) = b.get(path).await;
        assert_eq!(status, 500, "{path}");
        assert!(
            body.contains("申报内容无法读取") && body.contains("0518"),
            "{path}: {body}"
        );
    }
    let (status, _, body) = b
        .post("/apply/work", &[("work_start_date", "2024-07-08")])
        .await;
    assert_eq!(status, 500, "{body}");
    let (status, _, _) = b.post("/apply/submit", &[("pledge", "yes")]).await;
    assert_eq!(status, 500);
    let row = conn
        .query_one(sea_orm::Statement::from_string(
            backend,
            "SELECT answers_json, status FROM application",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<String>("", "answers_json").unwrap(), corrupt);
    assert_eq!(row.try_get::<String>("", "status").unwrap(), "draft");
}

/// `--round FILE` reaches the pages: their titles, the self-check's verdict (server-rendered and,
/// written into the document, the browser's), and the application.
#[tokio::test]
async fn the_servers_round_reaches_the_pages() {
    let db = TestDb::sqlite();
    let dir = support::TempDir::new("round");
    let round_file = dir.0.join("round.json");
    let bundled = include_str!("../../../shared/data/rounds/2026h1.json");
    let custom = bundled
        .replace("\"id\": \"2026h1\"", "\"id\": \"2026test\"")
        .replace("2026 年度上半年专业技术资格初定", "2026 年度测试批次初定")
        .replace("\"exam_series\": [", "\"exam_series\": [\"engineering\", ");
    assert_ne!(custom, bundled);
    std::fs::write(&round_file, custom).unwrap();
    let server = Server::start(
        &db.url,
        &[
            "--clock",
            "2026-05-20",
            "--round",
            round_file.to_str().unwrap(),
        ],
    )
    .await;
    let b = Browser::new(&server);
    let home = b.get("/").await.1;
    assert!(
        home.contains("<h1>2026 年度测试批次初定") && home.contains("id=\"chuding-round\""),
        "{home}"
    );
    let check = b
        .get("/check?series=engineering&category=municipal_unit_employee")
        .await
        .1;
    assert!(
        check.contains("已实行初、中级职称国家统一考试"),
        "engineering is an exam series in this round: {check}"
    );
    b.register("钱十一", &id_number(23)).await;
    let apply = b.get("/apply").await.1;
    assert!(apply.contains("2026 年度测试批次初定申报"), "{apply}");
    // The bundled round is not written into the pages: the browser has it.
    let plain_db = TestDb::sqlite();
    let plain = Server::start(&plain_db.url, &["--clock", "2026-05-20"]).await;
    let plain = Browser::new(&plain);
    assert!(!plain.get("/").await.1.contains("chuding-round"));
    assert!(!plain
        .get("/check?series=engineering&category=municipal_unit_employee")
        .await
        .1
        .contains("已实行初、中级职称国家统一考试"));
}

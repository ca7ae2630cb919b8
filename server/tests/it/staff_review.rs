//! The unit → department path over HTTP with the demo's logins, JavaScript off: the unit returns
//! an application with reasons, the applicant reads them, corrects and resubmits, the reviewer
//! sees what changed; a stock appraisal is refused citing 五（二）, a real one approves; the
//! department approves next. Other organisations and applicants get 403.

use crate::support;

use support::{demo_server, Browser};

/// The organisation ids on the staff desk, in the order shown.
fn organisations(html: &str) -> Vec<String> {
    html.split("href=\"/staff/")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

/// The texts of the options of the select `id`.
fn options(html: &str, id: &str) -> Vec<String> {
    let start = html
        .find(&format!("<select id=\"{id}\""))
        .unwrap_or_else(|| panic!("no select {id}: {html}"));
    let select = &html[start..start + html[start..].find("</select>").unwrap()];
    select
        .split("<option")
        .skip(1)
        .map(|o| {
            o.split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn reference_of(html: &str, name: &str) -> String {
    let row = html
        .split("<tr data-reference=\"")
        .skip(1)
        .find(|r| r.split("</tr>").next().unwrap().contains(name))
        .unwrap_or_else(|| panic!("{name} not in the queue: {html}"));
    row.split('"').next().unwrap().to_string()
}

fn version_of(html: &str) -> String {
    html.split("name=\"version\" value=\"")
        .nth(1)
        .expect("a version")
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

async fn act(b: &Browser, page: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    let html = b.get(page).await.1;
    let version = version_of(&html);
    let mut form = fields.to_vec();
    form.push(("version", &version));
    b.post(page, &form).await
}

#[tokio::test]
async fn unit_then_department_with_the_demo_logins() {
    let (_db, server) = demo_server().await;

    let unit = Browser::new(&server);
    unit.login("320706198001010014", "demo1234").await;
    let (status, desk) = unit.get("/staff").await;
    assert_eq!(status, 200, "{desk}");
    assert!(
        desk.contains("连云港市港城建设工程质量检测有限公司") && desk.contains("单位审核人"),
        "{desk}"
    );
    let unit_id = organisations(&desk)[0].clone();
    let (status, queue) = unit.get(&format!("/staff/{unit_id}")).await;
    assert_eq!(status, 200);
    assert!(
        queue.contains("演示已提交")
            && queue.contains("演示公示结束")
            && queue.contains("演示单位已审"),
        "{queue}"
    );
    assert!(queue.contains("还有 13 个工作日"), "{queue}");
    // Filtered by state, in the address.
    let only = unit
        .get(&format!("/staff/{unit_id}?status=publicity"))
        .await
        .1;
    assert!(
        only.contains("演示公示结束") && !only.contains("演示已提交"),
        "{only}"
    );

    // The submitted one: open, then return with a reason.
    let submitted = format!(
        "/staff/{unit_id}/applications/{}",
        reference_of(&queue, "演示已提交")
    );
    let (status, location, _) = act(&unit, &submitted, &[("action", "open_review")]).await;
    assert_eq!(
        (status, location.clone()),
        (303, format!("{submitted}?done=open_review"))
    );
    // The page says what was done and offers the next application that waits for this reviewer
    // (the one whose 公示 has ended), never this one again.
    let after = unit.get(&location).await.1;
    let done = after
        .split("data-testid=\"done\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no message: {after}"));
    assert!(
        done.contains("已完成")
            && done.contains("data-testid=\"next\"")
            && done[..done.find("</div>").unwrap()].contains("演示公示结束"),
        "{done}"
    );
    assert!(!unit
        .get(&submitted)
        .await
        .1
        .contains("data-testid=\"done\""));
    let (status, _, body) = act(&unit, &submitted, &[("action", "return_for_correction")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("请至少选择一项原因"), "{body}");
    let (status, _, _) = act(
        &unit,
        &submitted,
        &[
            ("action", "return_for_correction"),
            ("reason_does_not_match_originals", "yes"),
            ("reason_text", "毕业时间与证书不一致"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    // A stale form (the version it was read at has moved on) is refused.
    let (status, _, body) = unit
        .post(&submitted, &[("action", "open_review"), ("version", "0")])
        .await;
    assert_eq!(status, 409, "{body}");

    // The applicant reads exactly those reasons, corrects and resubmits.
    let applicant = Browser::new(&server);
    applicant.login("320706198808081235", "demo1234").await;
    assert_eq!(
        applicant.get("/apply/submitted").await.0,
        303,
        "a returned application is a draft again"
    );
    let tasks = applicant.get("/apply").await.1;
    assert!(tasks.contains("检查并提交"), "the task list again");
    assert!(
        tasks.contains("您的申报已被退回修改")
            && tasks.contains("填报内容与原件不符；毕业时间与证书不一致"),
        "the reasons above the task list: {tasks}"
    );
    applicant
        .post(
            "/apply/education",
            &[
                ("edu_level", "bachelor"),
                ("edu_credential", "diploma_and_degree"),
                ("edu_source", "regular"),
                ("edu_completion", "graduated"),
                ("edu_full_time", "yes"),
                ("edu_graduation_date", "2024-06-28"),
            ],
        )
        .await;
    let (status, location, body) = applicant.post("/apply/submit", &[("pledge", "yes")]).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/apply/submitted"),
        "{body}"
    );
    let timeline = applicant.get("/apply/status").await.1;
    assert!(
        timeline.contains("填报内容与原件不符；毕业时间与证书不一致"),
        "the applicant sees the reasons: {timeline}"
    );
    // The reviewer sees what changed since the return.
    act(&unit, &submitted, &[("action", "open_review")]).await;
    let page = unit.get(&submitted).await.1;
    assert!(
        page.contains("退回后修改过的内容") && page.contains("毕业时间"),
        "{page}"
    );

    // The printable notice of the unit's 公示 lists who is in it, and until when.
    let (status, notice) = unit.get(&format!("/staff/{unit_id}/publicity")).await;
    assert_eq!(status, 200);
    assert!(
        notice.contains("演示公示结束")
            && notice.contains("2026-05-11 — 2026-05-15")
            && notice.contains("不少于 5 个工作日"),
        "{notice}"
    );
    assert!(!notice.contains("演示已提交"), "only those in the 公示");
    // The 公示 that ended on 05-15: a stock appraisal is refused, a real one approves.
    let ended = format!(
        "/staff/{unit_id}/applications/{}",
        reference_of(&queue, "演示公示结束")
    );
    let (status, _, body) = act(
        &unit,
        &ended,
        &[
            ("action", "unit_approve"),
            ("appraisal", "情况属实，同意申报。"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("五（二）"), "{body}");
    let appraisal = "该同志遵纪守法，爱岗敬业，从事建筑工程质量检测工作，独立完成检测报告一百余份，参与市重点工程检测项目三项，年度考核均为合格，同意申报。";
    let (status, _, body) = act(
        &unit,
        &ended,
        &[("action", "unit_approve"), ("appraisal", appraisal)],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    assert!(unit.get(&ended).await.1.contains("单位已审核"));

    // The department: its units' approved applications; approves one.
    let department = Browser::new(&server);
    department.login("320706198102020027", "demo1234").await;
    let desk = department.get("/staff").await.1;
    let dept_id = organisations(&desk)[0].clone();
    let queue = department.get(&format!("/staff/{dept_id}")).await.1;
    let approved = format!(
        "/staff/{dept_id}/applications/{}",
        reference_of(&queue, "演示单位已审")
    );
    // In a batch: ticked on the queue, confirmed, each through the same command as one alone.
    let reference = reference_of(&queue, "演示单位已审");
    assert!(
        queue.contains(&format!("name=\"pick_{reference}\"")),
        "{queue}"
    );
    let batch = format!("/staff/{dept_id}/approve");
    let pick = format!("pick_{reference}");
    let (status, _, body) = department.post(&batch, &[(pick.as_str(), "yes")]).await;
    assert_eq!(status, 422, "unconfirmed");
    assert!(body.contains("id=\"confirm_stamp-error\""), "{body}");
    let (status, location, body) = department
        .post(
            &batch,
            &[
                (pick.as_str(), "yes"),
                ("pick_ZZZZ9999", "yes"),
                ("confirm_stamp", "yes"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (
            303,
            format!("/staff/{dept_id}?approved=1&not_approved=ZZZZ9999").as_str()
        ),
        "{body}"
    );
    let after = department.get(&location).await.1;
    assert!(
        after.contains("已审核通过 1 份申报") && after.contains("ZZZZ-9999"),
        "{after}"
    );
    assert!(department.get(&approved).await.1.contains("主管部门已审核"));
    // The address is anyone's to type: only a count and references become the page's message,
    // only an action the reviewer takes is said to be done, and a name search is literal.
    let spoofed = department
        .get(&format!(
            "/staff/{dept_id}?approved=1%20%E8%AF%B7%E8%87%B4%E7%94%B5&not_approved=%E8%AF%B7"
        ))
        .await
        .1;
    assert!(
        !spoofed.contains("请致电") && !spoofed.contains("data-testid=\"approved\""),
        "{spoofed}"
    );
    let claimed = department
        .get(&format!("{approved}?done=revoke_certificate"))
        .await
        .1;
    assert!(!claimed.contains("data-testid=\"done\""), "{claimed}");
    for wildcard in ["%25", "_", "%E6%BC%94_"] {
        let found = department
            .get(&format!("/staff/{dept_id}?search={wildcard}"))
            .await
            .1;
        assert!(found.contains("共 0 份符合条件"), "{wildcard}: {found}");
    }
    let by_name = department
        .get(&format!("/staff/{dept_id}?search=%E6%BC%94%E7%A4%BA"))
        .await
        .1;
    assert!(!by_name.contains("共 0 份符合条件"), "{by_name}");
    // Its 申报表 prints the unit's appraisal and the 公示's dates.
    let res = department
        .http
        .get(format!("{}{approved}/declaration.pdf", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let dir = support::TempDir::new("staff-pdf");
    let path = dir.0.join("form.pdf");
    std::fs::write(&path, res.bytes().await.unwrap()).unwrap();
    let words = support::pdf_words(path.to_str().unwrap());
    assert!(
        words.contains("独立完成检测报告一百余份")
            && words.contains("公示自2026年5月11日至2026年5月15日"),
        "{words}"
    );

    // Doors that are not theirs.
    let agency = Browser::new(&server);
    agency.login("32070619820303003X", "demo1234").await;
    let agency_id = organisations(&agency.get("/staff").await.1)[0].clone();
    for path in [
        format!("/staff/{unit_id}"),
        submitted.clone(),
        format!(
            "/staff/{agency_id}/applications/{}",
            reference_of(
                &unit.get(&format!("/staff/{unit_id}")).await.1,
                "演示已提交"
            )
        ),
    ] {
        assert_eq!(agency.get(&path).await.0, 403, "{path}");
    }
    assert_eq!(
        agency.get(&format!("{submitted}/declaration.pdf")).await.0,
        403
    );
    let (status, _, _) = agency
        .post(
            &submitted,
            &[
                ("action", "decline"),
                ("version", "1"),
                ("reason_other", "yes"),
                ("reason_text", "x"),
            ],
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        applicant.get("/staff").await.0,
        403,
        "an applicant is no staff"
    );
    assert_eq!(applicant.get(&format!("/staff/{unit_id}")).await.0, 403);
    assert_eq!(
        Browser::new(&server).get("/staff").await.0,
        303,
        "signed out: to the sign-in page"
    );
}

/// A new applicant chooses the unit (and, dispatched, the agency) from the directory; the
/// submission goes to that unit's queue, and the agency's.
#[tokio::test]
async fn an_application_goes_to_the_unit_chosen_from_the_directory() {
    let (_db, server) = demo_server().await;
    let reviewer = Browser::new(&server);
    reviewer.login("320706198001010014", "demo1234").await;
    let unit_id = organisations(&reviewer.get("/staff").await.1)[0].clone();
    let agency = Browser::new(&server);
    agency.login("32070619820303003X", "demo1234").await;
    let agency_id = organisations(&agency.get("/staff").await.1)[0].clone();

    let b = Browser::new(&server);
    b.register("目录选择", &support::id_number(40)).await;
    b.post("/apply/start", &[]).await;
    let personal = b.get("/apply/personal").await.1;
    assert!(
        personal.contains(&format!("<option value=\"{unit_id}\"")),
        "{personal}"
    );
    let units = options(&personal, "unit_id");
    assert!(
        units.contains(&"连云港市港城建设工程质量检测有限公司".to_string()),
        "{units:?}"
    );
    assert!(
        !units.contains(&"连云港市住房和城乡建设局".to_string()),
        "a department is no unit to choose"
    );
    // Search-and-pick without JavaScript: 搜索 sends the form back; the list narrows to the name,
    // what was typed stays on the page, and nothing is saved.
    let conn = sea_orm::Database::connect(&_db.url).await.unwrap();
    let hospital = server::directory::RawEntry {
        name: "连云港市第一人民医院".into(),
        kind: "municipal_unit".into(),
        credit_code: "12320700MB2345678P".into(),
        department: "连云港市住房和城乡建设局".into(),
    };
    server::directory::save(
        &conn,
        chrono::Utc::now().fixed_offset(),
        None,
        &hospital.read().unwrap(),
    )
    .await
    .unwrap();
    let all = options(&b.get("/apply/personal").await.1, "unit_id");
    assert_eq!(all.len(), 3, "the placeholder and two units: {all:?}");
    let (status, _, found) = b
        .post(
            "/apply/personal",
            &[
                ("unit_name", "港城检测"),
                ("unit_id_search", "港城"),
                ("intent", "find_unit_id"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(
        options(&found, "unit_id")[1..],
        ["连云港市港城建设工程质量检测有限公司".to_string()],
        "{found}"
    );
    assert!(
        found.contains("找到 1 个（共 2 个）") && found.contains("value=\"港城检测\""),
        "{found}"
    );
    assert!(
        !b.get("/apply/personal").await.1.contains("港城检测"),
        "a search saves nothing"
    );
    // A tampered id is refused at submission, naming the field.
    b.fill_sample(&[]).await;
    b.post(
        "/apply/personal",
        &[
            ("unit_name", "连云港市港城建设工程质量检测有限公司"),
            ("specialty", "建筑工程"),
            ("unit_id", "99999"),
        ],
    )
    .await;
    let (status, _, body) = b.post("/apply/submit", &[("pledge", "yes")]).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("请从目录中选择") && body.contains("href=\"/apply/personal#unit_id\""),
        "{body}"
    );
    b.post(
        "/apply/personal",
        &[
            ("unit_name", "连云港市港城建设工程质量检测有限公司"),
            ("specialty", "建筑工程"),
            ("unit_id", &unit_id),
        ],
    )
    .await;
    b.post(
        "/apply/employer",
        &[
            ("dispatched", "yes"),
            ("agency_id", &agency_id),
            ("social_insurance_verifiable", "yes"),
        ],
    )
    .await;
    let (status, location, body) = b.post("/apply/submit", &[("pledge", "yes")]).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/apply/submitted"),
        "{body}"
    );
    assert!(reviewer
        .get(&format!("/staff/{unit_id}"))
        .await
        .1
        .contains("目录选择"));
    assert!(
        !agency
            .get(&format!("/staff/{agency_id}"))
            .await
            .1
            .contains("目录选择"),
        "the agency sees its dispatched worker once the unit has approved (四（六）), not before"
    );
    // The review page's answers do not show the directory's ids.
    let reference = reference_of(
        &reviewer.get(&format!("/staff/{unit_id}")).await.1,
        "目录选择",
    );
    let page = reviewer
        .get(&format!("/staff/{unit_id}/applications/{reference}"))
        .await
        .1;
    assert!(
        page.contains("连云港市港城建设工程质量检测有限公司")
            && !page.contains(&format!("<dd>{unit_id}</dd>")),
        "{page}"
    );
}

#[tokio::test]
async fn every_staff_route_refuses_everyone_but_the_organisations_reviewers() {
    let (_db, server) = demo_server().await;
    let unit = Browser::new(&server);
    unit.login("320706198001010014", "demo1234").await;
    let unit_id = organisations(&unit.get("/staff").await.1)[0].clone();
    let reference = reference_of(
        &unit.get(&format!("/staff/{unit_id}")).await.1,
        "演示已提交",
    );
    let agency = Browser::new(&server);
    agency.login("32070619820303003X", "demo1234").await;
    let applicant = Browser::new(&server);
    applicant.login("320706198808081235", "demo1234").await;
    let nobody = Browser::new(&server);
    let admin = Browser::new(&server);
    admin.login("320706198304040042", "demo1234").await;
    admin
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let center_id = organisations(&admin.get("/staff").await.1)[0].clone();
    let clerk = Browser::new(&server);
    clerk.login("320706198405050055", "demo1234").await;
    clerk
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;

    assert!(server::web::staff::declared().count() >= 4);
    for route in server::web::staff::declared() {
        let (pattern, methods, door) = (&route.path, route.methods(), &route.door);
        // The directory, the invitations and the audit log are the center administrator's, the
        // intake desk and the re-review the center staff's, the round's list, exports and
        // dashboard the center's (staff and administrator); the rest the reviewers'.
        // The door each route declares (the one value the router and the guard use).
        use server::web::staff::Door;
        let door = *door;
        let directory = door == Door::CenterAdmin;
        let desk = door == Door::CenterStaff;
        let center = door == Door::Center;
        let (owner, owner_name, org) = if directory {
            (&admin, "center administrator", &center_id)
        } else if desk || center {
            (&clerk, "center staff", &center_id)
        } else {
            (&unit, "unit reviewer", &unit_id)
        };
        let fill = |org: &str| {
            pattern
                .replace("{org}", org)
                .replace("{reference}", &reference)
                .replace("{id}", &unit_id)
        };
        let path = fill(org);
        let mut others = vec![
            ("agency reviewer", &agency, path.clone()),
            ("applicant", &applicant, path.clone()),
            ("signed out", &nobody, path.clone()),
        ];
        if desk {
            others.push(("unit reviewer", &unit, path.clone()));
            // In the center, without the staff's role.
            others.push(("center administrator", &admin, path.clone()));
            others.push(("unit reviewer at its own unit", &unit, fill(&unit_id)));
        } else if center {
            others.push(("unit reviewer", &unit, path.clone()));
            others.push(("unit reviewer at its own unit", &unit, fill(&unit_id)));
        } else if directory {
            others.push(("unit reviewer", &unit, path.clone()));
            others.push(("center staff", &clerk, path.clone()));
            // In its own organisation, a reviewer without the administrator's role.
            others.push(("unit reviewer at its own unit", &unit, fill(&unit_id)));
        } else {
            others.push(("center administrator", &admin, path.clone()));
            others.push(("center staff", &clerk, path.clone()));
        }
        for method in &methods {
            for (who, b, path) in &others {
                // `/staff` itself is every staff member's own desk.
                if path == "/staff" && !matches!(*who, "applicant" | "signed out") {
                    continue;
                }
                let expected = if *who == "signed out" { 303 } else { 403 };
                let status = match *method {
                    "GET" => b.get(path).await.0,
                    "POST" => {
                        b.post(
                            path,
                            &[
                                ("action", "open_review"),
                                ("version", "1"),
                                ("name", "闯入者"),
                                ("kind", "center"),
                                ("credit_code", "12320700466123789U"),
                            ],
                        )
                        .await
                        .0
                    }
                    other => panic!("a method the walk does not know: {other}"),
                };
                assert_eq!(status, expected, "{method} {path} as {who}");
            }
            if *method == "POST" {
                let res = owner
                    .http
                    .post(format!("{}{path}", server.base))
                    .form(&[("action", "open_review"), ("version", "1")])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 403, "POST {path} without the CSRF token");
            } else {
                // The walk's application is submitted, so it has no certificate yet: its owner
                // gets past the door to "not found".
                let expected = if pattern.ends_with("/certificate.pdf") {
                    404
                } else {
                    200
                };
                assert_eq!(
                    owner.get(&path).await.0,
                    expected,
                    "GET {path} as the {owner_name}"
                );
            }
        }
    }
    assert!(
        !admin
            .get(&format!("/staff/{center_id}/organisations"))
            .await
            .1
            .contains("闯入者"),
        "the directory is as it was"
    );
    // Nothing changed: the application is still waiting for the unit.
    assert!(unit
        .get(&format!("/staff/{unit_id}/applications/{reference}"))
        .await
        .1
        .contains("已提交，待单位审核"));
}

/// A queue longer than a page: what needs action comes first, and the pages say how many.
/// Each desk's help, linked from its queue, says what the desk is for with the notice's clauses
/// for the roles held there, and whom to call; in both languages.
#[tokio::test]
async fn a_desk_help_page_says_its_duties_their_clauses_and_whom_to_call() {
    let (_db, server) = demo_server().await;
    let unit = Browser::new(&server);
    unit.login("320706198001010014", "demo1234").await;
    let unit_id = organisations(&unit.get("/staff").await.1)[0].clone();
    let queue = unit.get(&format!("/staff/{unit_id}")).await.1;
    let help = format!("/staff/{unit_id}/help");
    assert!(queue.contains(&format!("href=\"{help}\"")), "{queue}");
    let (status, html) = unit.get(&help).await;
    assert_eq!(status, 200, "{html}");
    for said in [
        "data-testid=\"help-unit_reviewer\"",
        "公示时间不少于 5 个工作日",
        "通知 四（四）",
        "通知 五（二）",
        "0518—85812002",
    ] {
        assert!(html.contains(said), "{said} not in {html}");
    }
    assert!(!html.contains("help-center_staff"), "{html}");

    let clerk = Browser::new(&server);
    clerk.login("320706198405050055", "demo1234").await;
    clerk
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let center_id = organisations(&clerk.get("/staff").await.1)[0].clone();
    let html = clerk.get(&format!("/staff/{center_id}/help")).await.1;
    assert!(
        html.contains("纸质材料报送时间：2026年5月11日至2026年6月5日"),
        "{html}"
    );
    assert!(html.contains("通知 五（四）"), "{html}");
    // A member of one organisation reads no other's help.
    assert_eq!(unit.get(&format!("/staff/{center_id}/help")).await.0, 403);

    clerk.get("/lang/en?back=/").await;
    let html = clerk.get(&format!("/staff/{center_id}/help")).await.1;
    assert!(
        html.contains("Paper materials are taken from 11 May 2026 to 5 June 2026"),
        "{html}"
    );
    assert!(html.contains("notice section 5(4)"), "{html}");
}

#[tokio::test]
async fn a_long_queue_comes_in_pages_with_what_needs_action_first() {
    let (db, server) = demo_server().await;
    let conn = sea_orm::Database::connect(&db.url).await.unwrap();
    let unit = Browser::new(&server);
    unit.login("320706198001010014", "demo1234").await;
    let unit_id: i32 = organisations(&unit.get("/staff").await.1)[0]
        .parse()
        .unwrap();
    // Sixty applications the unit has approved already (nothing to do), older than the demo's.
    for i in 0..60u32 {
        support::application_in(
            &conn,
            &format!("QUEUE{i:03}"),
            "测试",
            "unit_approved",
            unit_id,
        )
        .await;
    }
    let first = unit.get(&format!("/staff/{unit_id}")).await.1;
    assert!(first.contains("第 1 页，共 2 页（65 份申报）"), "{first}");
    assert_eq!(first.matches("<tr data-reference=").count(), 50);
    let rows: Vec<&str> = first.split("<tr data-reference=\"").skip(1).collect();
    assert!(
        rows[0].contains("待处理") && rows[1].contains("待处理"),
        "what needs action comes first"
    );
    let second = unit.get(&format!("/staff/{unit_id}?page=1")).await.1;
    assert_eq!(second.matches("<tr data-reference=").count(), 15);
    assert!(
        second.contains("上一页") && !second.contains("下一页"),
        "{second}"
    );
    let filtered = unit
        .get(&format!("/staff/{unit_id}?status=submitted"))
        .await
        .1;
    assert_eq!(
        filtered.matches("<tr data-reference=").count(),
        1,
        "{filtered}"
    );
}

/// "Select all matching": past one page, every match on one page of 200 with the ones that can
/// start their 公示 ticked and the count on the button; past 200, a hint to narrow first.
#[tokio::test]
async fn all_matching_applications_are_selected_on_one_page_up_to_a_batch() {
    let (db, server) = demo_server().await;
    let conn = sea_orm::Database::connect(&db.url).await.unwrap();
    let unit = Browser::new(&server);
    unit.login("320706198001010014", "demo1234").await;
    let unit_id: i32 = organisations(&unit.get("/staff").await.1)[0]
        .parse()
        .unwrap();
    for i in 0..70u32 {
        support::application_in(
            &conn,
            &format!("MATCH{i:03}"),
            "全选",
            "unit_review",
            unit_id,
        )
        .await;
    }
    let queue = unit
        .get(&format!("/staff/{unit_id}?status=unit_review&size=20"))
        .await
        .1;
    assert_eq!(queue.matches("<tr data-reference=").count(), 20);
    let link = queue
        .split("data-testid=\"pick-matching\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .and_then(|h| h.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    assert!(
        link.contains("size=200")
            && link.contains("pick=page")
            && link.contains("status=unit_review"),
        "{link}"
    );
    assert!(
        queue.contains("选择符合筛选条件的全部 70 份申报"),
        "{queue}"
    );
    let all = unit.get(&link).await.1;
    assert_eq!(all.matches("<tr data-reference=").count(), 70);
    assert!(
        all.split("<tr data-reference=\"").skip(1).all(|row| row
            .split("</tr>")
            .next()
            .unwrap()
            .contains("checked")),
        "every match ticked: {all}"
    );
    assert!(
        all.contains("为勾选的 70 份申报开始公示"),
        "the count on the button"
    );
    // Past one batch the page says to narrow the filters instead.
    for i in 70..210u32 {
        support::application_in(
            &conn,
            &format!("MATCH{i:03}"),
            "全选",
            "unit_review",
            unit_id,
        )
        .await;
    }
    let many = unit
        .get(&format!("/staff/{unit_id}?status=unit_review"))
        .await
        .1;
    assert!(
        many.contains("符合筛选条件的共 210 份，一次最多办理 200 份"),
        "{many}"
    );
}

/// The unit ticks applications under review in its queue and starts one 公示 for them all (the
/// dates checked once; one not under review is named as not started), then prints the notice as
/// a PDF. Notes: an internal one stays with the reviewers, a visible one reaches the applicant.
#[tokio::test]
async fn a_publicity_for_many_its_notice_pdf_and_notes() {
    let (db, server) = demo_server().await;
    let conn = sea_orm::Database::connect(&db.url).await.unwrap();
    let unit = Browser::new(&server);
    unit.login("320706198001010014", "demo1234").await;
    let unit_id = organisations(&unit.get("/staff").await.1)[0].clone();
    for (i, name) in ["公示甲", "公示乙"].iter().enumerate() {
        support::application_in(
            &conn,
            &format!("BULK{i:04}"),
            name,
            "unit_review",
            unit_id.parse().unwrap(),
        )
        .await;
    }
    let queue_path = format!("/staff/{unit_id}");
    let queue = unit.get(&queue_path).await.1;
    let submitted = reference_of(&queue, "演示已提交");
    assert!(
        queue.contains("name=\"pick_BULK0000\"") && queue.contains("name=\"pick_BULK0001\""),
        "{queue}"
    );
    assert!(
        !queue.contains(&format!("name=\"pick_{submitted}\"")),
        "only what is under review can be ticked"
    );

    let publicity = format!("/staff/{unit_id}/publicity");
    let (status, _, body) = unit
        .post(
            &publicity,
            &[
                ("publicity_start", "2026-05-20"),
                ("publicity_end", "2026-05-26"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("请至少勾选一份申报"), "{body}");
    // A batch asks first: without its box ticked nothing starts, and the page says how many.
    let picks = [("pick_BULK0000", "yes"), ("pick_BULK0001", "yes")];
    let mut form = picks.to_vec();
    form.extend([
        ("publicity_start", "2026-05-20"),
        ("publicity_end", "2026-05-26"),
    ]);
    let (status, _, body) = unit.post(&publicity, &form).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("href=\"#confirm_publicity\"") && body.contains("（共 2 份）"),
        "{body}"
    );
    // Too short for all: nothing starts. From Wednesday 05-20 the 5th working day is Tuesday 05-26.
    let mut form = picks.to_vec();
    form.extend([
        ("confirm_publicity", "yes"),
        ("publicity_start", "2026-05-20"),
        ("publicity_end", "2026-05-25"),
    ]);
    let (status, _, body) = unit.post(&publicity, &form).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("最早 2026-05-26 结束") && body.contains("checked"),
        "the error, and the ticks kept: {body}"
    );
    assert_eq!(
        unit.get(&queue_path)
            .await
            .1
            .matches("name=\"pick_BULK")
            .count(),
        2,
        "nothing started"
    );
    // Both start; the one not under review is named.
    let mut form = picks.to_vec();
    let not_in_review = format!("pick_{submitted}");
    form.extend([
        (not_in_review.as_str(), "yes"),
        ("confirm_publicity", "yes"),
        ("publicity_start", "2026-05-20"),
        ("publicity_end", "2026-05-26"),
    ]);
    let (status, location, body) = unit.post(&publicity, &form).await;
    assert_eq!(
        (status, location.clone()),
        (
            303,
            format!("{publicity}?started=2&not_started={submitted}")
        ),
        "{body}"
    );
    let notice = unit.get(&location).await.1;
    assert!(
        notice.contains("已为 2 份申报开始公示")
            && notice.contains(&shared::status::display_reference(&submitted)),
        "{notice}"
    );
    assert!(
        notice.contains("公示甲")
            && notice.contains("公示乙")
            && notice.contains("2026-05-20 — 2026-05-26"),
        "{notice}"
    );

    // The notice as a PDF, read back.
    let res = unit
        .http
        .get(format!("{}{publicity}.pdf", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["content-type"].to_str().unwrap()
        ),
        (200, "application/pdf")
    );
    let dir = support::TempDir::new("publicity-pdf");
    let path = dir.0.join("notice.pdf");
    std::fs::write(&path, res.bytes().await.unwrap()).unwrap();
    let words = support::pdf_words(path.to_str().unwrap());
    for expected in [
        "公示",
        "连云港市港城建设工程质量检测有限公司专业技术资格初定申报人员",
        "公示甲工程助理级2026-05-20至2026-05-26",
        "公示乙工程助理级2026-05-20至2026-05-26",
        "不少于5个工作日",
        "（盖章）2026年5月20日",
        // Where an objection goes: the unit, or the center by telephone.
        "也可致电连云港市人才服务中心（0518—85812002）",
    ] {
        assert!(
            words.contains(expected),
            "{expected} not in the notice: {words}"
        );
    }
    assert!(!words.contains("演示已提交"), "only those in the 公示");

    // Notes on the submitted application: refused empty; internal, and for the applicant.
    let page = format!("/staff/{unit_id}/applications/{submitted}");
    let (status, _, body) = unit
        .post(&page, &[("action", "add_note"), ("note", " ")])
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("请填写备注内容"), "{body}");
    let (status, location, _) = unit
        .post(
            &page,
            &[
                ("action", "add_note"),
                ("note", "已电话核实工作经历"),
                ("note_visibility", "internal"),
            ],
        )
        .await;
    assert_eq!((status, location), (303, format!("{page}#notes-title")));
    unit.post(
        &page,
        &[
            ("action", "add_note"),
            ("note", "请带好毕业证书原件"),
            ("note_visibility", "applicant"),
        ],
    )
    .await;
    let staff_view = unit.get(&page).await.1;
    assert!(
        staff_view.contains("已电话核实工作经历")
            && staff_view.contains("请带好毕业证书原件")
            && staff_view.contains("演示单位审核人（连云港市港城建设工程质量检测有限公司）"),
        "{staff_view}"
    );
    let applicant = Browser::new(&server);
    applicant.login("320706198808081235", "demo1234").await;
    let status_page = applicant.get("/apply/status").await.1;
    assert!(
        status_page.contains("请带好毕业证书原件") && status_page.contains("审核单位留言"),
        "{status_page}"
    );
    assert!(
        !status_page.contains("已电话核实工作经历") && !status_page.contains("演示单位审核人"),
        "internal notes and reviewers' names stay with the reviewers: {status_page}"
    );
}

//! The intake desk over HTTP, JavaScript off, with the demo's logins: center staff (second factor
//! first) find an application by name, by reference and by its hyphenated form, log its paper with
//! one material missing, and print the receipt; the applicant sees what is missing.

use crate::support;

use support::{demo_server, Browser, Server};

#[tokio::test]
async fn center_staff_log_the_paper_and_the_applicant_sees_what_is_missing() {
    let (db, server) = demo_server().await;
    let clerk = Browser::new(&server);
    clerk.login("320706198405050055", "demo1234").await;
    assert_eq!(clerk.get("/staff").await.0, 303, "the second factor first");
    clerk
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let center = clerk.first_desk().await;
    let queue = clerk.get(&format!("/staff/{center}")).await.1;
    assert!(
        queue.contains(&format!("/staff/{center}/intake")),
        "{queue}"
    );

    let (status, found) = clerk
        .get(&format!(
            "/staff/{center}/intake?q=%E6%BC%94%E7%A4%BA%E4%B8%BB%E7%AE%A1%E5%B7%B2%E5%AE%A1"
        ))
        .await;
    assert_eq!(status, 200);
    let reference = found
        .split(&format!("/staff/{center}/intake/"))
        .nth(1)
        .expect("one found")
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let hyphenated = format!("{}-{}", &reference[..4], &reference[4..]);
    assert!(
        clerk
            .get(&format!(
                "/staff/{center}/intake?q={}",
                hyphenated.to_lowercase()
            ))
            .await
            .1
            .contains(&format!("/intake/{reference}")),
        "by the reference as printed"
    );
    assert!(
        clerk
            .get(&format!("/staff/{center}/intake?q=320706199207070076"))
            .await
            .1
            .contains(&format!("/intake/{reference}")),
        "by ID number"
    );
    // The 申报表's QR code, decoded from the printed PDF as the desk's scanner would, typed
    // into the desk's search, finds the application.
    let applicant = Browser::new(&server);
    applicant.login("320706199207070076", "demo1234").await;
    let scanned = support::qr_of_pdf(&applicant.download("/apply/declaration.pdf").await);
    assert!(scanned.contains("/apply/status?ref="), "{scanned}");
    let typed: String = form_urlencoded::byte_serialize(scanned.as_bytes()).collect();
    let (status, found_by_scan) = clerk
        .get(&format!("/staff/{center}/intake?q={typed}"))
        .await;
    assert_eq!(status, 200);
    assert!(
        found_by_scan.contains(&format!("/intake/{reference}")),
        "by the 申报表's QR code {scanned}: {found_by_scan}"
    );
    assert_eq!(
        applicant
            .get(&scanned[scanned.find("/apply/status").unwrap()..])
            .await
            .0,
        200,
        "the code opens the applicant's status page"
    );
    assert!(clerk
        .get(&format!("/staff/{center}/intake?q=nobody"))
        .await
        .1
        .contains("没有找到"));

    let page = format!("/staff/{center}/intake/{reference}");
    let form = clerk.get(&page).await.1;
    assert!(
        form.contains("item_application_form") && form.contains("item_ce_transcript"),
        "{form}"
    );
    let version = form
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let (status, _, body) = clerk.post(&page, &[("version", &version)]).await;
    assert_eq!(status, 422);
    assert!(body.contains("的收取情况"), "{body}");
    let items: Vec<String> = form
        .split("name=\"item_")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut fields: Vec<(String, String)> = items
        .iter()
        .map(|i| {
            (
                format!("item_{i}"),
                if i == "ce_transcript" {
                    "missing"
                } else {
                    "received_original"
                }
                .to_string(),
            )
        })
        .collect();
    fields.push(("version".into(), version));
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, location, body) = clerk.post(&page, &borrowed).await;
    assert_eq!(
        (status, location.clone()),
        (303, format!("{page}/receipt")),
        "{body}"
    );
    let receipt = clerk.get(&location).await.1;
    assert!(
        receipt.contains("纸质材料受理回执")
            && receipt.contains("演示中心工作人员")
            && receipt.contains("2026-05-20"),
        "{receipt}"
    );
    assert!(receipt.contains("缺少"), "{receipt}");

    let applicant = Browser::new(&server);
    applicant.login("320706199207070076", "demo1234").await;
    let status_page = applicant.get("/apply/status").await.1;
    assert!(
        status_page.contains("纸质材料已收")
            && status_page.contains("发现缺少以下材料")
            && status_page.contains("《连云港市职称和继续教育网成绩汇总表》"),
        "{status_page}"
    );

    // After the paper deadline (a server whose clock is 06-08): the re-review. Nothing ticked is
    // refused; the ticked one is approved, and the applicant sees it.
    let later = Server::start(&db.url, &["--clock", "2026-06-08"]).await;
    let clerk = Browser::new(&later);
    clerk.login("320706198405050055", "demo1234").await;
    clerk
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let list = format!("/staff/{center}/re-review");
    let page = clerk.get(&list).await.1;
    assert!(
        page.contains(&format!("name=\"pick_{reference}\"")),
        "{page}"
    );
    let (status, _, body) = clerk.post(&list, &[]).await;
    assert_eq!(status, 422);
    assert!(body.contains("请至少勾选一份申报"), "{body}");
    // The paper decides: the transcript is still missing, so the approval skips it, saying so.
    let pick = format!("pick_{reference}");
    let (status, location, _) = clerk
        .post(&list, &[(pick.as_str(), "yes"), ("confirm_approve", "yes")])
        .await;
    assert_eq!(
        (status, location.as_str()),
        (
            303,
            format!("{list}?approved=0&not_approved={reference}").as_str()
        )
    );
    let one = clerk.get(&format!("{list}/{reference}")).await.1;
    assert!(
        one.contains("data-testid=\"paper-checklist\"") && one.contains("缺少"),
        "{one}"
    );
    // With an item missing the page offers no approval, and says why and what it can do.
    assert!(
        one.contains("data-testid=\"cannot-approve\"")
            && !one.contains("name=\"action\" value=\"approve\""),
        "{one}"
    );
    // What the decision needs on one page: the answers, the unit's appraisal, the 申报表.
    assert!(
        one.contains("data-testid=\"answers\"")
            && one.contains("data-testid=\"appraisal\"")
            && one.contains("data-testid=\"declaration-pdf\""),
        "{one}"
    );
    let pdf = clerk
        .download(&format!("{list}/{reference}/declaration.pdf"))
        .await;
    assert!(pdf.starts_with(b"%PDF"), "the 申报表 for the re-review");

    // Handed in before the deadline (the 05-20 desk): the supplement is logged and the receipt
    // updated; after the deadline no supplement is taken.
    let desk = Browser::new(&server);
    desk.login("320706198405050055", "demo1234").await;
    desk.pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let intake_page = format!("/staff/{center}/intake/{reference}");
    let receipt_page = format!("{intake_page}/receipt");
    let receipt = desk.get(&receipt_page).await.1;
    assert!(receipt.contains("登记补交材料"), "{receipt}");
    let version = receipt
        .split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the supplement form's version")
        .to_string();
    let supplement = format!("{intake_page}/supplement");
    let (status, _, body) = desk
        .post(&supplement, &[("version", version.as_str())])
        .await;
    assert_eq!(status, 422, "nothing chosen is refused: {body}");
    assert!(body.contains("请选择补交了哪份材料"), "{body}");
    let (status, location, body) = desk
        .post(
            &supplement,
            &[
                ("version", version.as_str()),
                ("supply_ce_transcript", "received_original"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.clone()),
        (303, format!("{receipt_page}?supplemented=1")),
        "{body}"
    );
    let receipt = desk.get(&location).await.1;
    assert!(
        receipt.contains("data-testid=\"supplements\"")
            && receipt.contains("2026-05-20")
            && !receipt.contains("登记补交材料"),
        "{receipt}"
    );
    let late = clerk
        .post(
            &supplement,
            &[
                ("version", version.as_str()),
                ("supply_ce_transcript", "received_copy"),
            ],
        )
        .await;
    assert_ne!(late.0, 303, "a supplement after the deadline: {}", late.2);

    // Filtered by the system's verdict: the eligible one is under "eligible" only.
    let eligible = clerk.get(&format!("{list}?verdict=eligible")).await.1;
    assert!(
        eligible.contains(&format!("data-reference=\"{reference}\"")),
        "{eligible}"
    );
    let not = clerk.get(&format!("{list}?verdict=not_eligible")).await.1;
    assert!(
        !not.contains(&format!("data-reference=\"{reference}\""))
            && not.contains("<option value=\"not_eligible\" selected"),
        "{not}"
    );
    // "Select all on this page": every row that can pass ticked, the count on the button, the
    // batch above the list.
    let all = clerk.get(&format!("{list}?pick=page")).await.1;
    assert!(
        all.contains("复审通过勾选的 1 份申报")
            && all.find("data-testid=\"batch-button\"") < all.find("data-testid=\"re-review\""),
        "{all}"
    );
    let row = all.split(&format!("name=\"{pick}\"")).nth(1).unwrap();
    assert!(row.split('>').next().unwrap().contains("checked"), "{all}");
    // Approving the ticked asks first: nothing is approved until the box is ticked.
    let (status, _, asked) = clerk.post(&list, &[(pick.as_str(), "yes")]).await;
    assert_eq!(status, 422);
    assert!(
        asked.contains("href=\"#confirm_approve\"") && asked.contains("（共 1 份）"),
        "{asked}"
    );
    let (status, location, _) = clerk
        .post(&list, &[(pick.as_str(), "yes"), ("confirm_approve", "yes")])
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{list}?approved=1").as_str())
    );
    let applicant = Browser::new(&later);
    applicant.login("320706199207070076", "demo1234").await;
    assert!(applicant.get("/apply/status").await.1.contains("复审通过"));
    // After a decision the page says what was done and where to go next; the address can only
    // name a decision, not put words on the page.
    let done = clerk
        .get(&format!("{list}/{reference}?done=approve"))
        .await
        .1;
    assert!(
        done.contains("data-testid=\"done\"")
            && done.contains("的申报已复审通过")
            && (done.contains("data-testid=\"next\"") || done.contains("没有其他等待复审的申报")),
        "{done}"
    );
    let made_up = clerk
        .get(&format!("{list}/{reference}?done=%3Cb%3E"))
        .await
        .1;
    assert!(!made_up.contains("data-testid=\"done\""), "{made_up}");
}

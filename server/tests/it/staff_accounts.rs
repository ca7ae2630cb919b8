//! Staff accounts over HTTP, JavaScript off: a center account's second factor (set up on the
//! first sign-in with the secret shown, a code each time after, a recovery code once), and the
//! administrator's invitations (a one-time link, refused once used, revoked or expired).

use crate::support;

use support::{demo_server, Browser, Server};

fn organisations(html: &str) -> Vec<String> {
    html.split("href=\"/staff/")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

fn invite_path(html: &str) -> String {
    let at = html
        .find("/invite/")
        .unwrap_or_else(|| panic!("no link: {html}"))
        + "/invite/".len();
    let token: String = html[at..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    assert_eq!(token.len(), 64, "{html}");
    format!("/invite/{token}")
}

#[tokio::test]
async fn the_second_factor_and_invitations() {
    let (db, server) = demo_server().await;
    // The demo's administrator has a published key; this one starts without a second factor.
    let conn = sea_orm::Database::connect(&db.url).await.unwrap();
    sea_orm::ConnectionTrait::execute_unprepared(
        &conn,
        "UPDATE account SET totp_secret = NULL WHERE id_number = '320706198304040042'",
    )
    .await
    .unwrap();
    let admin = Browser::new(&server);

    // The first sign-in asks for the second factor, then sets it up; staff pages wait for it.
    let (status, location, _) = admin
        .post(
            "/login",
            &[
                ("id_number", "320706198304040042"),
                ("password", "demo1234"),
            ],
        )
        .await;
    assert_eq!((status, location.as_str()), (303, "/login/two-factor"));
    assert_eq!(
        admin.get("/login/two-factor").await.0,
        303,
        "no secret yet: to the setup"
    );
    assert_eq!(
        admin.get("/staff").await.0,
        303,
        "the desk waits for the second factor"
    );
    let (_, setup) = admin.get("/account/two-factor").await;
    assert!(
        setup.contains("<svg") && setup.contains("验证器应用"),
        "a QR code to scan: {setup}"
    );
    let secret = setup
        .split("data-testid=\"totp-secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    let (status, _, body) = admin
        .post(
            "/account/two-factor",
            &[("secret", &secret), ("code", "000000")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("验证码不对或已过期"), "{body}");
    let codes = admin.set_up_second_factor().await;
    assert_eq!(codes.len(), 10, "ten recovery codes");
    let (status, desk) = admin.get("/staff").await;
    assert_eq!(status, 200, "{desk}");
    let center = organisations(&desk)[0].clone();
    assert_eq!(
        admin.get("/account/two-factor").await.0,
        303,
        "set up once: a new secret is not offered again"
    );

    // Signed in again: a code from the app, or a recovery code once.
    let again = Browser::new(&server);
    again
        .post(
            "/login",
            &[
                ("id_number", "320706198304040042"),
                ("password", "demo1234"),
            ],
        )
        .await;
    let (status, _, _) = again.post("/login/two-factor", &[("code", "123456")]).await;
    assert_eq!(status, 422);
    assert_eq!(
        again.get(&format!("/staff/{center}/organisations")).await.0,
        303,
        "not before the second factor"
    );
    let (status, location, _) = again
        .post("/login/two-factor", &[("code", &codes[0].to_uppercase())])
        .await;
    assert_eq!((status, location.as_str()), (303, "/staff"));
    assert_eq!(
        again.get(&format!("/staff/{center}/organisations")).await.0,
        200
    );
    let third = Browser::new(&server);
    third
        .post(
            "/login",
            &[
                ("id_number", "320706198304040042"),
                ("password", "demo1234"),
            ],
        )
        .await;
    assert_eq!(
        third
            .post("/login/two-factor", &[("code", &codes[0])])
            .await
            .0,
        422,
        "a recovery code works once"
    );
    assert_eq!(
        third
            .post("/login/two-factor", &[("code", &codes[1])])
            .await
            .0,
        303
    );

    // An invitation: the role must fit the organisation; the link is shown once.
    let unit = Browser::new(&server);
    unit.login("320706198001010014", "demo1234").await;
    let unit_id = organisations(&unit.get("/staff").await.1)[0].clone();
    let invitations = format!("/staff/{center}/invitations");
    let invite = |role: &'static str, id: &'static str| {
        vec![
            ("real_name", "新审核人"),
            ("id_type", "resident_id_card"),
            ("id_number", id),
            ("mobile", "13912345678"),
            ("organisation", unit_id.as_str()),
            ("role", role),
        ]
    };
    let (status, _, body) = admin
        .post(
            &invitations,
            &invite("department_reviewer", "320706198607070070"),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("这个角色不属于该类组织"), "{body}");
    let (status, _, body) = admin
        .post(&invitations, &[("real_name", ""), ("id_number", "123")])
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("请填写被邀请人的姓名")
            && body.contains("请选择组织")
            && body.contains("请选择角色"),
        "{body}"
    );
    let (status, _, page) = admin
        .post(&invitations, &invite("unit_reviewer", "320706198607070070"))
        .await;
    assert_eq!(status, 200, "{page}");
    let link = invite_path(&page);
    assert!(
        !admin.get(&invitations).await.1.contains(&link),
        "the link is shown once"
    );

    // The invitee sets a password and lands on the unit's desk.
    let invitee = Browser::new(&server);
    let (status, page) = invitee.get(&link).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("新审核人")
            && page.contains("单位审核人")
            && page.contains("连云港市港城建设工程质量检测有限公司"),
        "{page}"
    );
    let (status, _, body) = invitee
        .post(
            &link,
            &[
                ("password", support::PASSWORD),
                ("password_confirm", "other1234"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, location, _) = invitee
        .post(
            &link,
            &[
                ("password", support::PASSWORD),
                ("password_confirm", support::PASSWORD),
            ],
        )
        .await;
    assert_eq!((status, location.as_str()), (303, "/staff"));
    assert!(invitee
        .get("/staff")
        .await
        .1
        .contains("连云港市港城建设工程质量检测有限公司"));
    assert_eq!(invitee.get(&format!("/staff/{unit_id}")).await.0, 200);
    // Used once: the link is closed, to anyone.
    assert_eq!(Browser::new(&server).get(&link).await.0, 410);
    let (status, _, _) = Browser::new(&server)
        .post(
            &link,
            &[("password", "x12345678"), ("password_confirm", "x12345678")],
        )
        .await;
    assert_eq!(status, 410);
    let listed = admin.get(&invitations).await.1;
    assert!(listed.contains("已接受"), "{listed}");

    // An existing account gives its own password; a center role then asks for the second factor.
    let (_, _, page) = admin
        .post(
            &invitations,
            &[
                ("real_name", "演示申报人"),
                ("id_type", "resident_id_card"),
                ("id_number", "11010519491231002X"),
                ("mobile", "13912345678"),
                ("organisation", &center),
                ("role", "center_staff"),
            ],
        )
        .await;
    let link = invite_path(&page);
    let person = Browser::new(&server);
    assert!(person.get(&link).await.1.contains("这个证件号码已有账号"));
    assert_eq!(
        person.post(&link, &[("password", "wrong-one1")]).await.0,
        422
    );
    let (status, location, _) = person.post(&link, &[("password", "demo1234")]).await;
    assert_eq!((status, location.as_str()), (303, "/login/two-factor"));

    // Revoked: closed at once. Expired: closed after 72 hours (a server whose clock is days later).
    let (_, _, page) = admin
        .post(&invitations, &invite("unit_reviewer", "320706198506060068"))
        .await;
    let revoked = invite_path(&page);
    let listed = admin.get(&invitations).await.1;
    let id = listed
        .split("data-invitation=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let (status, _, _) = admin.post(&format!("{invitations}/{id}/revoke"), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(Browser::new(&server).get(&revoked).await.0, 410);
    let (_, _, page) = admin
        .post(&invitations, &invite("unit_reviewer", "320706198506060068"))
        .await;
    let fresh = invite_path(&page);
    assert_eq!(Browser::new(&server).get(&fresh).await.0, 200);
    let later = Server::start(&db.url, &["--clock", "2026-05-24"]).await;
    assert_eq!(
        Browser::new(&later).get(&fresh).await.0,
        410,
        "72 hours have passed"
    );

    // Wrong codes are counted like wrong passwords: after five, even the right one waits.
    let guesser = Browser::new(&server);
    guesser
        .post(
            "/login",
            &[
                ("id_number", "320706198304040042"),
                ("password", "demo1234"),
            ],
        )
        .await;
    for _ in 0..5 {
        assert_eq!(
            guesser
                .post("/login/two-factor", &[("code", "000000")])
                .await
                .0,
            422
        );
    }
    let (status, _, body) = guesser
        .post("/login/two-factor", &[("code", &codes[2])])
        .await;
    assert_eq!(status, 429);
    assert!(body.contains("尝试次数过多"), "{body}");
}

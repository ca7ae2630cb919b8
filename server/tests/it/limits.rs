//! The probe of issue #27, as tests against the real binary on SQLite and PostgreSQL: anonymous
//! writes are limited per address (429, `Retry-After`, a page in both languages); behind a
//! trusted proxy the client is the first untrusted `X-Forwarded-For` hop (IPv6 by its /64), and
//! from anyone else the header is ignored; a limit holds across three processes; failed sign-ins
//! never lock the owner out; a TOTP code is good once; an invitation's password is guessed no
//! faster than the sign-in's; idle connections are closed and capped per address.

use crate::support;

use std::time::{Duration, Instant};

use support::{id_number, seed_demo, Browser, Server, TestDb, PASSWORD};

const CLOCK: &str = "2026-05-20";

/// A client at `address`, as a trusted proxy in front would report it.
fn at(server: &Server, address: &str) -> Browser {
    Browser::behind_proxy(server, address)
}

fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

async fn post_self_check(b: &Browser) -> reqwest::Response {
    b.http
        .post(format!("{}/api/v1/self-checks", b.base))
        .header("content-type", "application/json")
        .body(r#"{"category":"municipal_unit_employee","series":"engineering"}"#)
        .send()
        .await
        .unwrap()
}

async fn register_form(b: &Browser, seq: u32) -> (u16, String, String) {
    b.post(
        "/register",
        &[
            ("real_name", "张明"),
            ("id_type", "resident_id_card"),
            ("id_number", &id_number(seq)),
            ("mobile", "13812345678"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    )
    .await
}

async fn anonymous_writes(db: TestDb) {
    let server = Server::start(
        &db.url,
        &[
            "--clock",
            CLOCK,
            "--trusted-proxy",
            "127.0.0.1",
            "--limit",
            "self-check=3/1h,register=2/1h,eligibility=4/1m",
        ],
    )
    .await;
    // Self-checks: three are kept, the fourth from the same address is refused, with the wait.
    let a = at(&server, "198.51.100.7");
    for _ in 0..3 {
        assert_eq!(post_self_check(&a).await.status(), 201);
    }
    let refused = post_self_check(&a).await;
    assert_eq!(refused.status(), 429);
    let wait = retry_after(&refused);
    assert!((1..=1200).contains(&wait), "{wait}");
    let body: serde_json::Value = refused.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("try again"),
        "{body}"
    );
    // Another address is not affected; an IPv6 address counts by its /64.
    assert_eq!(
        post_self_check(&at(&server, "203.0.113.5")).await.status(),
        201
    );
    for host in ["2001:db8:7:1::a", "2001:db8:7:1::b", "2001:db8:7:1:ffff::1"] {
        let _ = post_self_check(&at(&server, host)).await;
    }
    assert_eq!(
        post_self_check(&at(&server, "2001:db8:7:1:1234::99"))
            .await
            .status(),
        429,
        "the same /64"
    );
    assert_eq!(
        post_self_check(&at(&server, "2001:db8:7:2::a"))
            .await
            .status(),
        201,
        "another /64"
    );

    // The eligibility API: four a minute, then 429.
    let api = at(&server, "198.51.100.8");
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let res = api
            .http
            .post(format!("{}/api/v1/eligibility", api.base))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 200, 429]);

    // Registration: the form again, 429, the message in both languages and Retry-After.
    let r = at(&server, "198.51.100.9");
    assert_eq!(register_form(&r, 1).await.0, 303);
    let r2 = at(&server, "198.51.100.9");
    assert_eq!(register_form(&r2, 2).await.0, 303);
    let r3 = at(&server, "198.51.100.9");
    let csrf = r3.csrf().await;
    let res = r3
        .http
        .post(format!("{}/register", r3.base))
        .form(&[
            ("real_name", "张明"),
            ("id_type", "resident_id_card"),
            ("id_number", id_number(3).as_str()),
            ("mobile", "13812345678"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(retry_after(&res) > 0);
    let page = res.text().await.unwrap();
    assert!(page.contains("尝试次数过多"), "{page}");
    assert!(page.contains("张明"), "what was typed is kept");
    // English.
    r3.get("/lang/en?back=/register").await;
    let (_, _, page) = register_form(&r3, 3).await;
    assert!(page.contains("Too many tries"), "{page}");
    // Nothing was created for the refused one.
    let (status, _, _) = register_form(&at(&server, "198.51.100.10"), 3).await;
    assert_eq!(
        status, 303,
        "the number was not taken by the refused registration"
    );
}

#[tokio::test]
async fn sqlite_anonymous_writes_are_limited_per_address() {
    anonymous_writes(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_anonymous_writes_are_limited_per_address() {
    if let Some(db) = TestDb::postgres().await {
        anonymous_writes(db).await;
    }
}

/// Without a trusted proxy, `X-Forwarded-For` is anyone's word: ignored, and every "address"
/// it names is the one TCP peer.
#[tokio::test]
async fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &["--limit", "self-check=2/1h"]).await;
    let mut statuses = Vec::new();
    for host in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
        statuses.push(post_self_check(&at(&server, host)).await.status().as_u16());
    }
    assert_eq!(statuses, [201, 201, 429]);
    // Nor does it make the cookies `Secure` or send HSTS.
    let res = at(&server, "198.51.100.4")
        .http
        .get(server.url("/"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("strict-transport-security").is_none());
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(!cookie.contains("Secure"), "{cookie}");
}

/// Three processes on one PostgreSQL, 60 certificate checks a minute: however 200 requests are
/// spread over them, at most 61 are answered (one more may fall due while they run).
#[tokio::test]
async fn postgres_a_limit_holds_across_three_processes() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let args = ["--clock", CLOCK, "--limit", "certificate-check=60/1m"];
    let first = Server::start(&db.url, &args).await;
    let mut rest = Vec::new();
    for _ in 0..2 {
        let mut more = args.to_vec();
        more.push("--no-migrate");
        rest.push(Server::start(&db.url, &more).await);
    }
    let bases: Vec<String> = std::iter::once(&first)
        .chain(rest.iter())
        .map(|s| s.base.clone())
        .collect();
    let http = reqwest::Client::new();
    let number = shared::certificate::CertificateNumber::new(2026, 1, 1).unwrap();
    let mut tasks = Vec::new();
    for i in 0..200 {
        let url = format!(
            "{}/api/v1/certificates/{number}?name=%E5%BC%A0",
            bases[i % 3]
        );
        let http = http.clone();
        tasks.push(tokio::spawn(async move {
            http.get(url).send().await.unwrap().status().as_u16()
        }));
    }
    let mut admitted = 0;
    let mut refused = 0;
    for t in tasks {
        match t.await.unwrap() {
            429 => refused += 1,
            200 => admitted += 1,
            other => panic!("{other}"),
        }
    }
    eprintln!("three processes, 60/1m: {admitted} admitted, {refused} refused of 200");
    assert!((60..=61).contains(&admitted), "{admitted} admitted");
    assert_eq!(admitted + refused, 200);
}

async fn no_lockout(db: TestDb) {
    let server = Server::start(&db.url, &["--clock", CLOCK, "--trusted-proxy", "127.0.0.1"]).await;
    let id = id_number(40);
    // The owner registers (and so signs in) from home.
    let home = at(&server, "198.51.100.20");
    home.register("赵六", &id).await;
    home.post("/logout", &[]).await;
    // Someone else tries five wrong passwords from elsewhere...
    let attacker = at(&server, "203.0.113.66");
    for _ in 0..5 {
        let (status, _, body) = attacker
            .post("/login", &[("id_number", &id), ("password", "wrong-pass1")])
            .await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("证件号码或密码不正确"));
    }
    // ...then gets one more try, and must wait for the next, longer each time.
    let (status, _, _) = attacker
        .post("/login", &[("id_number", &id), ("password", "wrong-pass2")])
        .await;
    assert_eq!(status, 422);
    let csrf = attacker.csrf().await;
    let res = attacker
        .http
        .post(server.url("/login"))
        .form(&[
            ("id_number", id.as_str()),
            ("password", PASSWORD),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429, "even the right password waits there");
    let wait = retry_after(&res);
    assert!((25..=60).contains(&wait), "{wait}");
    assert!(res.text().await.unwrap().contains("尝试次数过多"));
    // The owner, from home, is not slowed at all.
    home.login(&id, PASSWORD).await;
    // Nor from a new address (a first try is never delayed).
    let phone = at(&server, "192.0.2.44");
    phone.login(&id, PASSWORD).await;
    // From home, only home's own failures count: twenty, then it waits too (someone else behind
    // the same address is not unlimited).
    home.post("/logout", &[]).await;
    for _ in 0..20 {
        let (status, _, _) = home
            .post("/login", &[("id_number", &id), ("password", "typo-typo-1")])
            .await;
        assert_eq!(status, 422);
    }
    let (status, _, _) = home
        .post("/login", &[("id_number", &id), ("password", PASSWORD)])
        .await;
    assert_eq!(status, 429);
}

#[tokio::test]
async fn sqlite_failed_sign_ins_never_lock_the_owner_out() {
    no_lockout(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_failed_sign_ins_never_lock_the_owner_out() {
    if let Some(db) = TestDb::postgres().await {
        no_lockout(db).await;
    }
}

/// Many failures from one address wait, whichever accounts they name.
#[tokio::test]
async fn an_address_guessing_many_accounts_waits() {
    let db = TestDb::sqlite();
    let server = Server::start(
        &db.url,
        &[
            "--trusted-proxy",
            "127.0.0.1",
            "--limit",
            "sign-in-address=3/15m",
        ],
    )
    .await;
    let sprayer = at(&server, "203.0.113.77");
    let mut statuses = Vec::new();
    for seq in 50..55 {
        statuses.push(
            sprayer
                .post(
                    "/login",
                    &[("id_number", &id_number(seq)), ("password", "123456ab")],
                )
                .await
                .0,
        );
    }
    assert_eq!(statuses, [422, 422, 422, 429, 429]);
    // Someone else is not affected.
    let (status, _, _) = at(&server, "203.0.113.78")
        .post(
            "/login",
            &[("id_number", &id_number(60)), ("password", "123456ab")],
        )
        .await;
    assert_eq!(status, 422);
}

async fn totp_once(db: TestDb) {
    seed_demo(&db.url);
    let server = Server::start(&db.url, &["--clock", CLOCK]).await;
    let admin = "320706198304040042";
    let first = Browser::new(&server);
    first.login(admin, "demo1234").await;
    let code = server::auth::second_factor::code_at(
        server::demo::DEMO_TOTP_SECRET,
        chrono::Utc::now().timestamp(),
    )
    .unwrap();
    let (status, location, _) = first.post("/login/two-factor", &[("code", &code)]).await;
    assert_eq!((status, location.as_str()), (303, "/staff"));
    // The same code, for a second sign-in inside its 30 seconds: refused.
    let second = Browser::new(&server);
    second.login(admin, "demo1234").await;
    let (status, _, page) = second.post("/login/two-factor", &[("code", &code)]).await;
    assert_eq!(status, 422, "{page}");
    // The app's next code passes.
    let next = server::auth::second_factor::code_at(
        server::demo::DEMO_TOTP_SECRET,
        chrono::Utc::now().timestamp() + 30,
    )
    .unwrap();
    let (status, location, _) = second.post("/login/two-factor", &[("code", &next)]).await;
    assert_eq!((status, location.as_str()), (303, "/staff"));
    // Guessing: wrong codes are counted per account (5 per 15 minutes), then every code is
    // refused with 429 before it is read (a wrong one alone is 422).
    let guesser = Browser::new(&server);
    guesser.login(admin, "demo1234").await;
    let mut statuses = Vec::new();
    for guess in ["000000", "111111", "222222", "333333", "444444", "555555"] {
        statuses.push(
            guesser
                .post("/login/two-factor", &[("code", guess)])
                .await
                .0,
        );
    }
    assert_eq!(statuses, [422, 422, 422, 422, 422, 429]);
    let later = server::auth::second_factor::code_at(
        server::demo::DEMO_TOTP_SECRET,
        chrono::Utc::now().timestamp() + 60,
    )
    .unwrap();
    let (status, _, page) = guesser.post("/login/two-factor", &[("code", &later)]).await;
    assert_eq!(status, 429, "{page}");
}

#[tokio::test]
async fn sqlite_a_second_factor_code_is_good_once() {
    totp_once(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_a_second_factor_code_is_good_once() {
    if let Some(db) = TestDb::postgres().await {
        totp_once(db).await;
    }
}

/// The password of an existing account given on an invitation's page is counted with the
/// sign-in's failures, and the page is limited per address.
async fn invitation_guessing(db: TestDb) {
    seed_demo(&db.url);
    let server = Server::start(&db.url, &["--clock", CLOCK, "--trusted-proxy", "127.0.0.1"]).await;
    let conn = sea_orm::Database::connect(&db.url).await.unwrap();
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let unit = server::entity::organisation::Entity::find()
        .filter(
            server::entity::organisation::Column::Name.eq("连云港市港城建设工程质量检测有限公司"),
        )
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    // The demo applicant, who has an account, invited as a unit reviewer.
    let (_, token) = server::auth::invitation::create(
        &conn,
        chrono::Utc::now().fixed_offset(),
        1,
        &server::auth::invitation::NewInvitation {
            organisation_id: unit.id,
            role: shared::Role::UnitReviewer,
            real_name: "演示申报人".into(),
            id_type: "resident_id_card".into(),
            id_number: "11010519491231002X".into(),
            mobile: "13800000000".into(),
        },
    )
    .await
    .unwrap();
    let guesser = at(&server, "203.0.113.90");
    let path = format!("/invite/{token}");
    let mut statuses = Vec::new();
    for i in 0..8 {
        statuses.push(
            guesser
                .post(&path, &[("password", &format!("guess-{i}-x"))])
                .await
                .0,
        );
    }
    // Five wrong, one more (the account is now locked for new addresses), then waits.
    assert_eq!(statuses, [422, 422, 422, 422, 422, 422, 429, 429]);
    // The sign-in of that account from the same address waits too: one count.
    let (status, _, _) = guesser
        .post(
            "/login",
            &[
                ("id_number", "11010519491231002X"),
                ("password", "demo1234"),
            ],
        )
        .await;
    assert_eq!(status, 429);
}

#[tokio::test]
async fn sqlite_invitation_passwords_are_throttled_like_sign_ins() {
    invitation_guessing(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_invitation_passwords_are_throttled_like_sign_ins() {
    if let Some(db) = TestDb::postgres().await {
        invitation_guessing(db).await;
    }
}

/// 1,100 connections that send nothing, from one address: the server keeps answering others,
/// refuses that address's connections beyond its cap, and closes the idle ones after the
/// header-read timeout.
#[tokio::test]
async fn idle_connections_neither_exhaust_nor_linger() {
    support::raise_open_files();
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &[]).await;
    let port: u16 = server.base.rsplit(':').next().unwrap().parse().unwrap();
    let target: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut idle = Vec::new();
    for _ in 0..1100 {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
        if let Ok(Ok(stream)) =
            tokio::time::timeout(Duration::from_secs(2), socket.connect(target)).await
        {
            idle.push(stream);
        }
    }
    // Someone else is answered at once.
    let started = Instant::now();
    let res = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // Beyond the cap, the idle address's connections were closed at once.
    let mut closed_now = 0;
    for s in idle.iter_mut() {
        let mut buf = [0u8; 1];
        use tokio::io::AsyncReadExt;
        if let Ok(Ok(0)) = tokio::time::timeout(Duration::from_millis(5), s.read(&mut buf)).await {
            closed_now += 1;
        }
    }
    assert!(closed_now >= 900, "{closed_now} of 1100 closed at once");
    // After the header-read timeout (15 s), the rest are closed too.
    tokio::time::sleep(Duration::from_secs(17)).await;
    let mut still_open = 0;
    for s in idle.iter_mut() {
        let mut buf = [0u8; 1];
        use tokio::io::AsyncReadExt;
        match tokio::time::timeout(Duration::from_millis(5), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {}
            _ => still_open += 1,
        }
    }
    assert_eq!(still_open, 0, "idle connections left open");
}

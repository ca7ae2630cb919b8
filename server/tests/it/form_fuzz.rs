//! The forms fuzzed: random field maps posted, with a valid CSRF token, to the applicant's forms
//! (every section of the draft, start, submit, the password change) and to the account forms
//! (register, sign in). Keys are the forms' real field names (from the questionnaire's own
//! lists) mixed with junk; values are empty, long, very long, any Unicode, control characters,
//! or codes the forms know. Whatever is posted, the answer is never a 5xx (a panic in a handler
//! is a 500 too). Bounded: `CASES` cases per route.

use crate::support;

use std::sync::Arc;
use std::time::Instant;

use content::questionnaire::sections::{ProfileSection, DIRECTORY_INPUTS};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use reqwest::cookie::{CookieStore, Jar};

/// Cases per route.
const CASES: u32 = 64;

const APPLICANT: &str = "11010519491231002X";

/// A browser with JavaScript off whose cookies the test can read (the CSRF token is the cookie's
/// value, posted back as the form's `csrf` field).
struct Client {
    http: reqwest::Client,
    jar: Arc<Jar>,
    base: String,
}

impl Client {
    async fn new(server: &support::Server) -> Client {
        let jar = Arc::new(Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let client = Client {
            http,
            jar,
            base: server.base.clone(),
        };
        // The first page sets the CSRF cookie.
        let res = client.http.get(format!("{}/", client.base)).send().await;
        assert_eq!(res.unwrap().status(), 200);
        client
    }

    fn csrf(&self) -> String {
        let url = reqwest::Url::parse(&self.base).unwrap();
        let cookies = self.jar.cookies(&url).expect("cookies");
        let cookies = cookies.to_str().unwrap();
        let prefix = format!("{}=", server::web::identity::CSRF_COOKIE);
        cookies
            .split("; ")
            .find_map(|c| c.strip_prefix(prefix.as_str()))
            .expect("the CSRF cookie")
            .to_string()
    }

    /// Posts the fields with the browser's CSRF token; the status.
    async fn post(&self, path: &str, fields: &[(String, String)]) -> u16 {
        let mut form: Vec<(String, String)> = fields
            .iter()
            .filter(|(k, _)| k != "csrf")
            .cloned()
            .collect();
        form.push(("csrf".into(), self.csrf()));
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = res.status().as_u16();
        let _ = res.bytes().await;
        status
    }
}

/// Values a person, a script or an attacker might type.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(String::new()),
        1 => Just("   ".to_string()),
        3 => prop::sample::select(vec![
            "yes", "no", "true", "on", "1", "0", "-1", "2147483648", "99999999999999999999",
            "engineering", "archives", "lawyer", "teacher", "municipal_unit_employee", "foreign",
            "work_permit", "bachelor", "master", "doctorate", "diploma_and_degree", "regular",
            "technical_school", "senior_worker", "graduated", "completed_without_diploma",
            "excellent", "qualified", "unqualified", "resident_id_card", "passport", "list",
            "find_unit", "find_agency", "13812345678", "secret123", APPLICANT,
            "2024-06-30", "2024-02-30", "0000-01-01", "9999-12-31", "+262143-01-01", "2026-05-20",
        ])
        .prop_map(str::to_string),
        2 => "-?[0-9]{1,22}",
        2 => "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}",
        3 => "\\PC{0,40}",
        2 => "[\\x00-\\x1f\\x7f\\u{202e}\\u{feff}]{1,8}",
        1 => "(<script>|'; DROP TABLE account; --|%00|\\.\\./|\\{\\{x\\}\\}){1,3}",
        1 => (1usize..5).prop_map(|n| "长".repeat(n * 1500)),
        1 => Just("x".repeat(70_000)),
    ]
}

/// Field names: mostly the form's own, sometimes junk.
fn name(real: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(real),
        1 => "[a-z_]{1,16}",
        1 => "(edu|edu[0-9]{1,3}_|assessment_|ce_)[a-z0-9_-]{0,12}",
        1 => "\\PC{1,12}",
    ]
}

/// A form: up to 24 fields (a name may repeat).
fn fields(real: Vec<String>) -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((name(real), value()), 0..24)
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// What every applicant form may carry besides its questions.
const FORM_CONTROLS: [&str; 8] = [
    "version",
    "intent",
    "then",
    "add_education",
    "unit_search",
    "agency_search",
    "pledge",
    "csrf",
];

fn section_names(section: ProfileSection) -> Vec<String> {
    let mut real = section.inputs();
    if section == ProfileSection::Records {
        for year in 2015..=2026 {
            real.push(format!("assessment_{year}"));
            real.push(format!("ce_{year}"));
        }
    }
    real.extend(names(&DIRECTORY_INPUTS));
    real.extend(names(&FORM_CONTROLS));
    real
}

/// Runs `cases` random forms against `path`; fails at the first 5xx, with the (shrunk) form.
fn fuzz(rt: &tokio::runtime::Runtime, client: &Client, path: &str, real: Vec<String>, cases: u32) {
    let started = Instant::now();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    });
    let seen = std::cell::RefCell::new(std::collections::BTreeMap::<u16, u32>::new());
    let result = runner.run(&fields(real), |form| {
        let status = rt.block_on(client.post(path, &form));
        *seen.borrow_mut().entry(status).or_default() += 1;
        if status >= 500 {
            return Err(TestCaseError::fail(format!(
                "POST {path} answered {status}"
            )));
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{path}: {e}");
    }
    eprintln!(
        "{path}: {cases} forms in {:.1?}, statuses {:?}",
        started.elapsed(),
        seen.borrow()
    );
}

#[test]
fn random_forms_never_get_a_server_error() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (_db, server) = rt.block_on(support::demo_server());

    // The applicant who has not started: signed in, then a draft to post sections to.
    let applicant = rt.block_on(Client::new(&server));
    let (status, _) = rt.block_on(async {
        let csrf = applicant.csrf();
        let res = applicant
            .http
            .post(format!("{}/login", applicant.base))
            .form(&[
                ("id_number", APPLICANT),
                ("password", "demo1234"),
                ("csrf", &csrf),
            ])
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), ())
    });
    assert_eq!(status, 303, "the demo applicant signs in");
    assert_eq!(rt.block_on(applicant.post("/apply/start", &[])), 303);

    for section in ProfileSection::ALL {
        let path = format!("/apply/{}", section.slug());
        fuzz(&rt, &applicant, &path, section_names(section), CASES);
    }
    let every_input: Vec<String> = ProfileSection::ALL
        .into_iter()
        .flat_map(section_names)
        .collect();
    fuzz(&rt, &applicant, "/apply/start", every_input.clone(), CASES);
    fuzz(&rt, &applicant, "/apply/submit", every_input, CASES);
    fuzz(
        &rt,
        &applicant,
        "/account/password",
        names(&["current_password", "password", "password_confirm", "csrf"]),
        CASES,
    );

    // The account forms, from a browser that is not signed in (a registration that succeeds
    // signs that browser in; the sign-in throttle soon answers every further attempt).
    let anonymous = rt.block_on(Client::new(&server));
    fuzz(
        &rt,
        &anonymous,
        "/register",
        names(&[
            "real_name",
            "id_type",
            "id_number",
            "mobile",
            "password",
            "password_confirm",
            "csrf",
        ]),
        CASES,
    );
    let anonymous = rt.block_on(Client::new(&server));
    fuzz(
        &rt,
        &anonymous,
        "/login",
        names(&["id_number", "password", "csrf"]),
        CASES,
    );

    // Still serving, and the applicant's session still works.
    let res = rt.block_on(
        applicant
            .http
            .get(format!("{}/apply", applicant.base))
            .send(),
    );
    assert!(res.unwrap().status().as_u16() < 500);
}

//! Load benchmark of submission (server re-evaluation + save) on SQLite: 50 concurrent clients.
//!
//! `cargo run --release -p server --example bench_submit -- [BASE_URL]` against a release server
//! started with `--clock 2026-05-20` on a fresh database (scripts/bench-submit does all of it).
//! Prepares 500 applicants with complete drafts, then submits them, 50 at a time, and prints the
//! latency percentiles of the submissions alone.

use std::time::{Duration, Instant};

const CLIENTS: usize = 50;
const APPLICANTS: usize = 500;

const SECTIONS: &[(&str, &[(&str, &str)])] = &[
    (
        "personal",
        &[
            ("unit_name", "连云港市某某工程设计院"),
            ("specialty", "建筑工程"),
        ],
    ),
    (
        "scope",
        &[
            ("category", "municipal_unit_employee"),
            ("labor_relationship", "yes"),
            ("series", "engineering"),
            ("civil_servant", "no"),
            ("retired", "no"),
            ("sanction_in_effect", "no"),
        ],
    ),
    (
        "education",
        &[
            ("edu_level", "bachelor"),
            ("edu_credential", "diploma_and_degree"),
            ("edu_source", "regular"),
            ("edu_completion", "graduated"),
            ("edu_full_time", "yes"),
            ("edu_graduation_date", "2024-06-30"),
        ],
    ),
    (
        "work",
        &[
            ("work_start_date", "2024-07-08"),
            ("post_start_date", "2024-07-08"),
            ("professional_work", "yes"),
            ("probation_passed", "yes"),
        ],
    ),
    (
        "records",
        &[("assessment_2025", "qualified"), ("ce_2025", "1")],
    ),
    (
        "employer",
        &[("dispatched", "no"), ("social_insurance_verifiable", "yes")],
    ),
];

fn id_number(seq: usize) -> String {
    // A distinct birth date per thousand applicants, a distinct sequence number within it.
    let born = chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap()
        + chrono::Days::new((seq / 1000) as u64);
    let first17 = format!("320706{}{:03}", born.format("%Y%m%d"), seq % 1000);
    format!(
        "{first17}{}",
        shared::identity::resident_id_check_char(&first17).unwrap()
    )
}

struct Applicant {
    http: reqwest::Client,
    csrf: String,
    /// The Cookie header the applicant's browser would send (for `wrk`).
    cookie: String,
}

async fn prepare(base: String, seq: usize) -> Applicant {
    let base = base.as_str();
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let http = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let home = http
        .get(format!("{base}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = home.find("name=\"csrf-token\" content=\"").unwrap() + 27;
    let csrf = home[at..at + 64].to_string();
    let id = id_number(seq);
    let res = http
        .post(format!("{base}/register"))
        .form(&[
            ("real_name", "压测"),
            ("id_type", "resident_id_card"),
            ("id_number", &id),
            ("mobile", "13812345678"),
            ("password", "secret123"),
            ("password_confirm", "secret123"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "register {id}");
    // Signing in rotates the CSRF cookie: read the page again.
    let home = http
        .get(format!("{base}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = home.find("name=\"csrf-token\" content=\"").unwrap() + 27;
    let csrf = home[at..at + 64].to_string();
    http.post(format!("{base}/apply/start"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    for (section, fields) in SECTIONS {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf", &csrf));
        let res = http
            .post(format!("{base}/apply/{section}"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{section}");
    }
    use reqwest::cookie::CookieStore;
    let cookie = jar
        .cookies(&base.parse().unwrap())
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    Applicant { http, csrf, cookie }
}

#[tokio::main]
async fn main() {
    let base = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:3200".into());
    // `--export N FILE`: prepare N applicants ready to submit and write "cookie<TAB>csrf" lines
    // for an external load tool (scripts/bench-submit drives wrk with them).
    let export = std::env::args().nth(2).filter(|a| a == "--export");
    let count = if export.is_some() {
        std::env::args()
            .nth(3)
            .and_then(|n| n.parse().ok())
            .unwrap_or(APPLICANTS)
    } else {
        APPLICANTS
    };
    let t = Instant::now();
    let mut applicants = Vec::new();
    // The exported applicants come after those of the in-process run, on the same database.
    let first = if export.is_some() { APPLICANTS } else { 0 };
    for chunk in (first..first + count).collect::<Vec<_>>().chunks(CLIENTS) {
        let batch = futures_join(chunk.iter().map(|&i| prepare(base.clone(), i)).collect()).await;
        applicants.extend(batch);
    }
    eprintln!(
        "prepared {count} applicants in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    if export.is_some() {
        let file = std::env::args().nth(4).expect("--export N FILE");
        let lines: String = applicants
            .iter()
            .map(|a| format!("{}\t{}\n", a.cookie, a.csrf))
            .collect();
        std::fs::write(file, lines).unwrap();
        return;
    }

    // 50 clients, each submitting its share one after another.
    let mut per_client: Vec<Vec<Applicant>> = (0..CLIENTS).map(|_| Vec::new()).collect();
    for (i, a) in applicants.into_iter().enumerate() {
        per_client[i % CLIENTS].push(a);
    }
    let started = Instant::now();
    let mut handles = Vec::new();
    for list in per_client {
        let base = base.clone();
        handles.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for a in list {
                let t = Instant::now();
                let res = a
                    .http
                    .post(format!("{base}/apply/submit"))
                    .form(&[("pledge", "yes"), ("csrf", a.csrf.as_str())])
                    .send()
                    .await
                    .unwrap();
                times.push(t.elapsed());
                assert_eq!(res.headers().get("location").unwrap(), "/apply/submitted");
            }
            times
        }));
    }
    let mut all: Vec<Duration> = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    let wall = started.elapsed();
    all.sort();
    let pct = |p: f64| {
        all[((all.len() as f64 * p).ceil() as usize)
            .saturating_sub(1)
            .min(all.len() - 1)]
    };
    println!(
        "submission, {CLIENTS} concurrent clients, {} submissions in {:.2} s ({:.0}/s): p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms; ratio of p95 to the 20 ms target = {:.2}",
        all.len(),
        wall.as_secs_f64(),
        all.len() as f64 / wall.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.95).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        all.last().unwrap().as_secs_f64() * 1e3,
        pct(0.95).as_secs_f64() * 1e3 / 20.0,
    );
}

/// Runs futures concurrently (a small join_all without another dependency).
async fn futures_join<T: Send + 'static>(
    futs: Vec<impl std::future::Future<Output = T> + Send + 'static>,
) -> Vec<T> {
    let handles: Vec<_> = futs.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

//! Applicants made ready to submit over HTTP, as a browser would (register, start, the six
//! sections), and a closed loop of clients submitting them. Shared by the crash test
//! (tests/it/crash.rs) and the load benchmarks (examples/bench_submit.rs, examples/bench_peak.rs),
//! which include this file with `#[path]` (reqwest is a dev-dependency, not the library's).

#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::cookie::{CookieStore, Jar};

/// The password the applicants register with (strong enough for the policy).
pub const PASSWORD: &str = "lianyungang-haizhou-9271";

/// The answers of an eligible engineering assistant, section by section.
pub const SECTIONS: &[(&str, &[(&str, &str)])] = &[
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

/// Where an accepted submission is sent: the confirmation of the one application.
pub const ACCEPTED: &str = "/apply/submitted";

/// A valid resident ID number, distinct per `seq` (a birth date per thousand applicants, a
/// sequence number within it).
pub fn id_number(seq: usize) -> String {
    let born = chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap()
        + chrono::Days::new((seq / 1000) as u64);
    let first17 = format!("320706{}{:03}", born.format("%Y%m%d"), seq % 1000);
    format!(
        "{first17}{}",
        shared::identity::resident_id_check_char(&first17).unwrap()
    )
}

/// An applicant signed in, with a complete draft, ready to submit.
pub struct Applicant {
    pub seq: usize,
    pub id_number: String,
    /// The applicant's own browser (its cookie jar holds the session).
    pub http: reqwest::Client,
    /// The CSRF token the forms carry (double submit: the value of the CSRF cookie).
    pub csrf: String,
    /// The Cookie header the applicant's browser sends (for clients without its jar, and `wrk`).
    pub cookie: String,
}

fn cookie_named(jar: &Jar, url: &reqwest::Url, name: &str) -> Option<String> {
    let header = jar.cookies(url)?;
    header.to_str().ok()?.split("; ").find_map(|pair| {
        pair.split_once('=')
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    })
}

/// Registers applicant `seq` at `base`, starts the draft and saves the six sections. Panics, with
/// what failed, when the server does not answer as it should.
pub async fn prepare(base: &str, seq: usize) -> Applicant {
    let url: reqwest::Url = base.parse().expect("a base URL");
    let jar = Arc::new(Jar::default());
    let http = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let id = id_number(seq);
    // The first page gives the browser its CSRF cookie; signing in gives it a new one.
    let res = http
        .get(format!("{base}/"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET / for applicant {seq}: {e}"));
    assert_eq!(res.status(), 200, "GET / for applicant {seq}");
    let csrf = cookie_named(&jar, &url, "chuding_csrf").expect("a CSRF cookie");
    let post = |path: String, form: Vec<(&'static str, String)>| {
        let http = http.clone();
        async move {
            let res = http
                .post(format!("{base}{path}"))
                .form(&form)
                .send()
                .await
                .unwrap_or_else(|e| panic!("POST {path} for applicant {seq}: {e}"));
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            assert_eq!(status, 303, "POST {path} for applicant {seq}: {body}");
        }
    };
    post(
        "/register".into(),
        vec![
            ("real_name", "压测".into()),
            ("id_type", "resident_id_card".into()),
            ("id_number", id.clone()),
            ("mobile", "13812345678".into()),
            ("password", PASSWORD.into()),
            ("password_confirm", PASSWORD.into()),
            ("csrf", csrf),
        ],
    )
    .await;
    let csrf = cookie_named(&jar, &url, "chuding_csrf").expect("a CSRF cookie");
    post("/apply/start".into(), vec![("csrf", csrf.clone())]).await;
    for (section, fields) in SECTIONS {
        let mut form: Vec<(&'static str, String)> =
            fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
        form.push(("csrf", csrf.clone()));
        post(format!("/apply/{section}"), form).await;
    }
    let cookie = jar
        .cookies(&url)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    Applicant {
        seq,
        id_number: id,
        http,
        csrf,
        cookie,
    }
}

/// Prepares applicants `seqs`, `concurrency` at a time, applicant `seq` on
/// `bases[seq % bases.len()]`; in `seqs` order.
pub async fn prepare_all(
    bases: &[String],
    seqs: std::ops::Range<usize>,
    concurrency: usize,
) -> Vec<Applicant> {
    let next = Arc::new(Mutex::new(seqs.clone()));
    let workers: Vec<_> = (0..concurrency.max(1))
        .map(|_| {
            let (next, bases) = (next.clone(), bases.to_vec());
            tokio::spawn(async move {
                let mut made = Vec::new();
                loop {
                    let Some(seq) = next.lock().unwrap().next() else {
                        return made;
                    };
                    made.push(prepare(&bases[seq % bases.len()], seq).await);
                }
            })
        })
        .collect();
    let mut all = Vec::with_capacity(seqs.len());
    for w in workers {
        all.extend(w.await.expect("preparing applicants"));
    }
    all.sort_by_key(|a| a.seq);
    all
}

/// What became of one submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 303 to the confirmation: the application is submitted.
    Accepted,
    /// Any other answer.
    Refused { status: u16, location: String },
    /// No answer, however often it was tried (the last error).
    Unanswered(String),
}

#[derive(Clone, Debug)]
pub struct Submitted {
    pub seq: usize,
    /// The index of the base it was sent to.
    pub server: usize,
    pub outcome: Outcome,
    /// Requests sent for it (more than one when one got no answer).
    pub attempts: u32,
    /// From the first request to the answer.
    pub latency: Duration,
    /// When it was answered, from the start of the load.
    pub answered_at: Duration,
}

/// A closed loop: `clients` clients, client `i` on `bases[i % bases.len()]`, each submitting the
/// next applicant prepared on that base (as `prepare_all` spreads them: a session that has been
/// in use there) as soon as its last one is answered, until `duration` has passed or none is
/// left. A request without an answer (connection refused or cut, timeout) is sent again to the
/// same base until `retry_for` has passed since its first try. With a `cycle`, a client starts a
/// submission at most once per cycle (it waits out the rest of it: users who think between
/// clicks), its first one at a point of the cycle of its own, so that `clients` clients offer at
/// most `clients / cycle` submissions a second.
pub struct Load {
    pub clients: usize,
    pub duration: Duration,
    pub timeout: Duration,
    pub retry_for: Duration,
    pub cycle: Duration,
}

/// Counters the caller may watch while the load runs.
#[derive(Default)]
pub struct Progress {
    pub accepted: AtomicUsize,
    /// Requests that got no answer (each is sent again).
    pub unanswered: AtomicUsize,
}

/// One submission: the applicant's cookies and CSRF token, from any client.
pub async fn submit_once(
    http: &reqwest::Client,
    base: &str,
    a: &Applicant,
) -> Result<Outcome, reqwest::Error> {
    let res = http
        .post(format!("{base}/apply/submit"))
        .header(reqwest::header::COOKIE, &a.cookie)
        .form(&[("pledge", "yes"), ("csrf", a.csrf.as_str())])
        .send()
        .await?;
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    // The whole answer, so that the connection is reused (and an answer cut short is no answer).
    res.bytes().await?;
    Ok(if status == 303 && location == ACCEPTED {
        Outcome::Accepted
    } else {
        Outcome::Refused { status, location }
    })
}

/// Runs `load` over `applicants`; gives every submission started, and the time until the last
/// answer.
pub async fn drive(
    bases: &[String],
    applicants: Vec<Applicant>,
    load: &Load,
    progress: Arc<Progress>,
) -> (Vec<Submitted>, Duration) {
    let queues: Vec<_> = (0..bases.len())
        .map(|_| Arc::new(Mutex::new(VecDeque::new())))
        .collect();
    for a in applicants {
        queues[a.seq % bases.len()].lock().unwrap().push_back(a);
    }
    let started = Instant::now();
    let clients: Vec<_> = (0..load.clients)
        .map(|i| {
            let server = i % bases.len();
            let base = bases[server].clone();
            let (queue, progress) = (queues[server].clone(), progress.clone());
            let (duration, retry_for, cycle) = (load.duration, load.retry_for, load.cycle);
            let offset = cycle.mul_f64(i as f64 / load.clients as f64);
            let http = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(load.timeout)
                .build()
                .unwrap();
            tokio::spawn(async move {
                let mut done = Vec::new();
                let mut next = started + offset;
                loop {
                    tokio::time::sleep_until(next.into()).await;
                    if started.elapsed() >= duration {
                        break;
                    }
                    let Some(a) = queue.lock().unwrap().pop_front() else {
                        break;
                    };
                    let first = Instant::now();
                    next = first + cycle;
                    let mut attempts = 0;
                    let outcome = loop {
                        attempts += 1;
                        match submit_once(&http, &base, &a).await {
                            Ok(outcome) => break outcome,
                            Err(e) => {
                                progress.unanswered.fetch_add(1, Ordering::Relaxed);
                                if first.elapsed() >= retry_for {
                                    break Outcome::Unanswered(e.to_string());
                                }
                                tokio::time::sleep(Duration::from_millis(20)).await;
                            }
                        }
                    };
                    if outcome == Outcome::Accepted {
                        progress.accepted.fetch_add(1, Ordering::Relaxed);
                    }
                    done.push(Submitted {
                        seq: a.seq,
                        server,
                        outcome,
                        attempts,
                        latency: first.elapsed(),
                        answered_at: started.elapsed(),
                    });
                }
                done
            })
        })
        .collect();
    let mut all = Vec::new();
    for c in clients {
        all.extend(c.await.expect("a client"));
    }
    (all, started.elapsed())
}

/// The `p` quantile (0..=1) of sorted durations, by the nearest rank.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 * p).ceil() as usize)
        .saturating_sub(1)
        .min(sorted.len() - 1)]
}

//! Load benchmark of submission (server re-evaluation + save) on SQLite: 50 concurrent clients.
//!
//! `cargo run --release -p server --example bench_submit -- [BASE_URL]` against a release server
//! started with `--clock 2026-05-20` on a fresh database (scripts/bench-submit does all of it).
//! Prepares 500 applicants with complete drafts, then submits them, 50 at a time, and prints the
//! latency percentiles of the submissions alone.

use std::time::{Duration, Instant};

#[path = "../tests/it/support/loadgen.rs"]
mod loadgen;
use loadgen::{prepare_all, Applicant};

const CLIENTS: usize = 50;
const APPLICANTS: usize = 500;

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
    // The exported applicants come after those of the in-process run, on the same database.
    let first = if export.is_some() { APPLICANTS } else { 0 };
    let applicants: Vec<Applicant> =
        prepare_all(&[base.clone()], first..first + count, CLIENTS).await;
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
    let pct = |p: f64| loadgen::percentile(&all, p);
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

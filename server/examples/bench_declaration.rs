//! The 申报表 PDF benchmark: median and p95 time per PDF (declaration built, typeset, written to
//! bytes) and the PDF size, against the targets of 50 ms and 200 KB. The fonts are loaded once, as
//! the server does. `cargo run --release -p server --example bench_declaration [-- out.pdf]`.

use std::path::Path;
use std::time::Instant;

use content::questionnaire::answers::Answers;
use server::demo::sample;
use server::printed::{Applicant, Declaration, Submitted, Typesetter, DEFAULT_FONT_DIR};
use shared::Round;

const RUNS: usize = 60;

fn main() -> anyhow::Result<()> {
    let dir = std::env::var("CHUDING_FONT_DIR").unwrap_or_else(|_| DEFAULT_FONT_DIR.into());
    let started = Instant::now();
    let typesetter = Typesetter::load(Path::new(&dir))?;
    println!(
        "fonts loaded in {:.0} ms (once per process)",
        started.elapsed().as_secs_f64() * 1e3
    );

    let round = Round::current();
    // The dispatched worker's form has the most boxes.
    let answers = sample::answers_with(&[("dispatched", "yes")]);
    let (profile, verdict) = Answers(answers.clone()).evaluate(&round);
    let applicant = Applicant {
        name: "演示申报人".into(),
        id_type: "resident_id_card".into(),
        id_number: "11010519491231002X".into(),
        mobile: "13800000000".into(),
    };
    let at = chrono::DateTime::parse_from_rfc3339("2026-05-20T02:30:00Z")?;
    let make = || {
        let submitted = Submitted {
            reference: "K7M2P9XA",
            submitted_at: at,
            answers: &answers,
            profile: &profile,
            verdict: &verdict,
            unit_review: None,
            chain: None,
        };
        let declaration = Declaration::new(
            &applicant,
            &submitted,
            &round,
            "http://127.0.0.1:3000/apply/status",
        );
        typesetter.pdf(&declaration)
    };
    for _ in 0..3 {
        make()?;
    }
    let mut times = Vec::with_capacity(RUNS);
    let mut size = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let pdf = make()?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        size = pdf.len();
        if let Some(out) = std::env::args().nth(1) {
            std::fs::write(out, &pdf)?;
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times[RUNS / 2];
    let p95 = times[RUNS * 95 / 100];
    println!("申报表 PDF: median {median:.1} ms, p95 {p95:.1} ms over {RUNS} runs; size {size} bytes ({:.0} KB)", size as f64 / 1024.0);
    println!(
        "ratio to target: time {:.2} of 50 ms, size {:.2} of 200 KB",
        median / 50.0,
        size as f64 / (200.0 * 1024.0)
    );
    Ok(())
}

//! The certificate PDF benchmark: median and p95 time per PDF (the seal signed, the QR code drawn,
//! typeset, written to bytes) and its size, against 50 ms and 200 KB; and the seal alone (sign,
//! then open as the verify page does). `cargo run --release -p server --example bench_certificate
//! [-- out.pdf]`.

use std::path::Path;
use std::time::Instant;

use server::entity::certificate;
use server::printed::{certificate::Certificate, Typesetter, DEFAULT_FONT_DIR};
use server::verification::Sealing;
use shared::seal::SealKey;

const RUNS: usize = 60;

fn percentiles(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() * 95 / 100])
}

fn main() -> anyhow::Result<()> {
    let dir = std::env::var("CHUDING_FONT_DIR").unwrap_or_else(|_| DEFAULT_FONT_DIR.into());
    let typesetter = Typesetter::load(Path::new(&dir))?;
    let sealing = Sealing::new(Some(SealKey::from_seed(&[7; 32])));
    let row = certificate::Model {
        id: 1,
        application_id: 1,
        number: shared::certificate::CertificateNumber::new(2026, 1, 123)
            .expect("a number")
            .compact(),
        verification_code: "0123456789abcdef0123456789abcdef".into(),
        level: "assistant".into(),
        series: "engineering".into(),
        issued_at: chrono::DateTime::parse_from_rfc3339("2026-06-20T10:00:00+08:00")?,
        revoked_at: None,
        revoked_reason: None,
        revoked_by: None,
    };
    let make = || {
        let seal = sealing.seal(&row, "演示已发证").expect("sealed");
        let url = format!("https://chuding.example.cn/verify#{seal}");
        let doc = Certificate::new(
            &row,
            "演示已发证",
            "320706199309090094",
            "连云港市人才服务中心",
            &url,
            "https://chuding.example.cn/verify",
        );
        typesetter.pdf(&doc)
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
    let (median, p95) = percentiles(times);
    println!("certificate PDF: median {median:.1} ms, p95 {p95:.1} ms over {RUNS} runs; size {size} bytes ({:.0} KB)", size as f64 / 1024.0);
    println!(
        "ratio to target: time {:.2} of 50 ms, size {:.2} of 200 KB",
        median / 50.0,
        size as f64 / (200.0 * 1024.0)
    );
    let key = SealKey::from_seed(&[7; 32]);
    let ring = shared::seal::Keyring::default().with(&key.public(), true);
    let text = sealing.seal(&row, "演示已发证").expect("sealed");
    let mut opens = Vec::new();
    for _ in 0..2000 {
        let t = Instant::now();
        shared::seal::open(&text, &ring).expect("opens");
        opens.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let (m, p) = percentiles(opens);
    println!(
        "seal open (signature checked): median {m:.0} µs, p95 {p:.0} µs; payload {} characters",
        text.len()
    );
    Ok(())
}

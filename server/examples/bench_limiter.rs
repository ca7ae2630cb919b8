//! The limiter's cost per request (scripts/bench-limits): `Limiter::check`, the one UPSERT every
//! limited request makes, on a database URL, paced at RATE checks a second for SECONDS, over as
//! many keys as addresses would bring (KEYS). Prints p50/p95/p99/max of each check's latency and
//! how many were admitted. Printed, not asserted (the goal is p95 ≤ 2 ms at 200/s on PostgreSQL).

use std::time::{Duration, Instant};

use server::limits::{now_ms, Limit, Limiter, Rules, Subject};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::args().nth(1).ok_or_else(|| {
        anyhow::anyhow!("usage: bench_limiter DATABASE_URL [RATE] [SECONDS] [KEYS]")
    })?;
    let arg = |i: usize, default: u64| {
        std::env::args()
            .nth(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or(default)
    };
    let (rate, seconds, keys) = (arg(2, 200), arg(3, 10), arg(4, 1000));
    let db = server::db::connect(&url).await?;
    server::db::migrate(&db).await?;
    let keyed = server::secret::get_or_create(&db, "limits").await?;
    let limiter = Limiter::new(db, keyed, Rules::default());
    let total = rate * seconds;
    let every = Duration::from_secs_f64(1.0 / rate as f64);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        // Paced: the i-th check starts at i/rate seconds, whatever the others take.
        let due = started + every * i as u32;
        tokio::time::sleep_until(due.into()).await;
        let limiter = limiter.clone();
        let address =
            std::net::IpAddr::from([10, 0, (i % keys / 256) as u8, (i % keys % 256) as u8]);
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            let admitted = limiter
                .check(
                    Limit::CertificateCheck,
                    &Subject::Address(address),
                    now_ms(),
                )
                .await
                .expect("the limit's UPSERT")
                .is_ok();
            (t.elapsed(), admitted)
        }));
    }
    let mut latencies = Vec::with_capacity(tasks.len());
    let mut admitted = 0;
    for t in tasks {
        let (took, ok) = t.await?;
        latencies.push(took);
        admitted += usize::from(ok);
    }
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "limiter check on {}: {total} checks at {rate}/s over {keys} addresses in {:.1} s; {admitted} admitted",
        url.split(':').next().unwrap_or("?"),
        started.elapsed().as_secs_f64()
    );
    println!(
        "  latency p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms (goal: p95 <= 2 ms)",
        ms(at(0.50)),
        ms(at(0.95)),
        ms(at(0.99)),
        ms(*latencies.last().unwrap())
    );
    Ok(())
}

//! Scale-out peak of submission (issue #16): several `chuding serve` processes on one database,
//! a closed loop of clients split over them for a bounded time, twice: saturated (each client
//! submits again as soon as it is answered) and paced (500 submissions a second offered: with no
//! pause, 100 clients at 500/s wait 200 ms each on average, by Little's law, so p95 <= 50 ms
//! cannot be met by a saturated loop below 2000/s). Prints, for each, the submissions per second
//! in total, the latency percentiles and where the CPU went (the servers, the PostgreSQL
//! processes, this load generator). Figures printed, nothing asserted.
//!
//! `cargo run --release -p server --example bench_peak -- BASE[,BASE…] [--clients 100]
//! [--seconds 5] [--applicants 7000] [--pids PID,PID] [--database NAME]` (seconds per phase; the paced phase takes
//! the applicants 500/s needs, the saturated one the rest) against servers started with
//! `--clock 2026-05-20` on a fresh database (scripts/bench-peak does all of it).

use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "../tests/it/support/loadgen.rs"]
mod loadgen;

struct Args {
    bases: Vec<String>,
    clients: usize,
    seconds: u64,
    applicants: usize,
    pids: Vec<u32>,
    /// The database's name, to tell its PostgreSQL backends from others'.
    database: String,
}

fn args() -> Args {
    let mut args = Args {
        bases: vec![
            "http://127.0.0.1:3300".into(),
            "http://127.0.0.1:3301".into(),
        ],
        clients: 100,
        seconds: 5,
        applicants: 7000,
        pids: Vec::new(),
        database: String::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--clients" => args.clients = value().parse().expect("--clients N"),
            "--seconds" => args.seconds = value().parse().expect("--seconds N"),
            "--applicants" => args.applicants = value().parse().expect("--applicants N"),
            "--database" => args.database = value(),
            "--pids" => {
                args.pids = value()
                    .split(',')
                    .map(|p| p.parse().expect("--pids PID,PID"))
                    .collect()
            }
            bases if !bases.starts_with("--") => {
                args.bases = bases.split(',').map(str::to_string).collect()
            }
            other => panic!("unknown argument {other}"),
        }
    }
    args
}

/// CPU time (user + system) of a process, in clock ticks; 0 once it is gone.
fn ticks(pid: &str) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    // After the command's closing parenthesis: state is field 3, utime 14, stime 15.
    let rest = &stat[stat.rfind(')').map_or(0, |i| i + 2)..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    fields
        .get(11)
        .and_then(|f| f.parse::<u64>().ok())
        .unwrap_or(0)
        + fields
            .get(12)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
}

/// The CPU ticks of the PostgreSQL processes that work for `database`: its backends and the
/// server's helpers (WAL writer, checkpointer…), not the backends of other databases.
fn postgres_ticks(database: &str) -> u64 {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            std::fs::read_to_string(e.path().join("comm")).is_ok_and(|c| c.trim() == "postgres")
                && std::fs::read(e.path().join("cmdline")).is_ok_and(|c| {
                    let title = String::from_utf8_lossy(&c);
                    // A backend's title names its database and its client's address.
                    title.contains(database) || !title.contains('(')
                })
        })
        .map(|e| ticks(&e.file_name().to_string_lossy()))
        .sum()
}

/// Busy and total ticks of the whole machine (/proc/stat's first line).
fn machine_ticks() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let cpu: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|f| f.parse().ok())
        .collect();
    let total: u64 = cpu.iter().take(8).sum();
    let idle = cpu.get(3).copied().unwrap_or(0) + cpu.get(4).copied().unwrap_or(0);
    (total - idle, total)
}

struct Cpu {
    servers: Vec<u64>,
    postgres: u64,
    me: u64,
    machine: (u64, u64),
}

fn cpu(pids: &[u32], database: &str) -> Cpu {
    Cpu {
        servers: pids.iter().map(|p| ticks(&p.to_string())).collect(),
        postgres: postgres_ticks(database),
        me: ticks("self"),
        machine: machine_ticks(),
    }
}

#[tokio::main]
async fn main() {
    let args = args();
    let t = Instant::now();
    let mut applicants = loadgen::prepare_all(&args.bases, 0..args.applicants, 32).await;
    eprintln!(
        "prepared {} applicants over {} processes in {:.1} s",
        applicants.len(),
        args.bases.len(),
        t.elapsed().as_secs_f64()
    );
    // As fast as the clients can go, then 500 a second offered (with what that needs, and some).
    let paced_need = (500 * args.seconds as usize * 21 / 20).min(applicants.len() / 2);
    let paced = applicants.split_off(applicants.len() - paced_need);
    phase(
        &args,
        "saturated (no pause between a client's submissions)",
        Duration::ZERO,
        applicants,
    )
    .await;
    let cycle = Duration::from_secs_f64(args.clients as f64 / 500.0);
    let name = format!(
        "paced (a client starts one submission per {} ms: at most 500/s offered)",
        cycle.as_millis()
    );
    phase(&args, &name, cycle, paced).await;
}

async fn phase(args: &Args, name: &str, cycle: Duration, applicants: Vec<loadgen::Applicant>) {
    let available = applicants.len();
    let load = loadgen::Load {
        clients: args.clients,
        duration: Duration::from_secs(args.seconds),
        timeout: Duration::from_secs(30),
        retry_for: Duration::ZERO,
        cycle,
    };
    let before = cpu(&args.pids, &args.database);
    let (done, wall) = loadgen::drive(
        &args.bases,
        applicants,
        &load,
        Arc::new(loadgen::Progress::default()),
    )
    .await;
    let after = cpu(&args.pids, &args.database);

    let refused = done
        .iter()
        .filter(|s| s.outcome != loadgen::Outcome::Accepted)
        .count();
    let mut latencies: Vec<Duration> = done.iter().map(|s| s.latency).collect();
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let p = |q: f64| ms(loadgen::percentile(&latencies, q));
    let rate = done.len() as f64 / wall.as_secs_f64();
    println!("{name}:");
    println!(
        "  {} processes, {} clients, {} submissions in {:.2} s = {:.0} submissions/s; \
         p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms; not accepted: {refused}{}",
        args.bases.len(),
        args.clients,
        done.len(),
        wall.as_secs_f64(),
        rate,
        p(0.50),
        p(0.95),
        p(0.99),
        ms(latencies.last().copied().unwrap_or_default()),
        if done.len() == available {
            " (ran out of applicants before the time: give more)"
        } else {
            ""
        },
    );
    println!(
        "  targets: >= 500 submissions/s ({:.2} of it), p95 <= 50 ms ({:.2} of it)",
        rate / 500.0,
        p(0.95) / 50.0
    );
    if done.is_empty() {
        return;
    }
    // Where the CPU went during the load, in cores (ticks per second of the machine's clock).
    let hz = 100.0; // USER_HZ on Linux
    let cores = |ticks: u64| ticks as f64 / hz / wall.as_secs_f64();
    let per_submission = |ticks: u64| ticks as f64 / hz / done.len() as f64 * 1e3;
    let servers: Vec<String> = before
        .servers
        .iter()
        .zip(&after.servers)
        .map(|(b, a)| {
            format!(
                "{:.2} cores ({:.2} ms/submission)",
                cores(a - b),
                per_submission(a - b)
            )
        })
        .collect();
    let (busy, total) = (
        after.machine.0 - before.machine.0,
        after.machine.1 - before.machine.1,
    );
    let postgres = after.postgres.saturating_sub(before.postgres);
    let me = after.me - before.me;
    let ours: u64 = postgres
        + me
        + before
            .servers
            .iter()
            .zip(&after.servers)
            .map(|(b, a)| a - b)
            .sum::<u64>();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    // The machine's ticks count every cpu: busy/total of it, in cores, minus what was ours.
    let busy_cores = busy as f64 / total.max(1) as f64 * cpus as f64;
    println!(
        "  cpu: servers [{}]; postgres {:.2} cores ({:.2} ms/submission); load generator {:.2} \
         cores ({:.2} ms/submission); machine busy {:.2} of {cpus} cores, {:.2} of them by \
         other processes",
        servers.join(", "),
        cores(postgres),
        per_submission(postgres),
        cores(me),
        per_submission(me),
        busy_cores,
        (busy_cores - cores(ours)).max(0.0),
    );
}

//! The command line: `chuding [serve]`, `chuding migrate`, `chuding check`.

mod check;

use anyhow::Context as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{self, Settings};

#[derive(Parser, Debug)]
#[command(
    name = "chuding",
    version,
    about = "专业技术资格初定 · professional-title initial determination"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the web app (the default).
    Serve(ServeArgs),
    /// Create or update the database schema, then exit.
    Migrate(DbArgs),
    /// Create the demo logins (idempotent) and print them.
    SeedDemo(SeedArgs),
    /// Print the verdict of one profile (JSON), or of one profile per line with --ndjson.
    Check(CheckArgs),
    /// Do now what the date calls for (the server does it by itself every few minutes): once the
    /// paper window has closed, treat applications without paper as withdrawn (五（四）).
    Tick(TickArgs),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Make a new seal key file (never overwrites one); prints its key id.
    Keygen(KeygenArgs),
    /// Check a certificate's QR payload (or its whole address) offline: signature, key, and
    /// revocation if a list is given. Exits 0 when valid.
    Verify(VerifyArgs),
    /// Write a consistent copy of the SQLite database to FILE while the server runs (PostgreSQL:
    /// pg_dump -Fc).
    Backup(BackupArgs),
    /// Put the backup FILE in place of the SQLite database, after checking it; stop the server
    /// first (PostgreSQL: pg_restore).
    Restore(BackupArgs),
}

#[derive(Args, Debug)]
struct BackupArgs {
    /// The backup file.
    file: PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args, Debug)]
struct KeygenArgs {
    /// Where to write the key (kept secret, outside the repository).
    #[arg(long, short, default_value = "data/seal.key")]
    out: PathBuf,
}

#[derive(Args, Debug)]
struct VerifyArgs {
    /// The QR code's text: the verify address with the payload after `#`, or the payload alone.
    text: String,
    /// The published keys (`/.well-known/chuding-keys.json`, saved); else those in the database.
    #[arg(long)]
    keys: Option<PathBuf>,
    /// A revocation list (`/.well-known/chuding-revocations.json`, saved) to check the number against.
    #[arg(long)]
    revocations: Option<PathBuf>,
    /// Compare the certificate with this ID number (only QR codes printed before layout 2 can
    /// tell offline: those signed now carry nothing of it; check online by its last six).
    #[arg(long)]
    id_number: Option<String>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Check every entry's hash chain; exits 1 at the first edited, removed or reordered entry.
    Verify(DbArgs),
}

#[derive(Args, Debug, Clone)]
struct TickArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The day to act as of (YYYY-MM-DD), as `serve --clock`; today by default.
    #[arg(long, value_parser = config::parse_clock)]
    clock: Option<chrono::NaiveDate>,
    /// Round parameters from this JSON file instead of the bundled current round.
    #[arg(long)]
    round: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
struct DbArgs {
    /// Database URL: sqlite://path?mode=rwc or postgres://user@host/db.
    #[arg(long, env = "DATABASE_URL", default_value = config::DEFAULT_DATABASE_URL)]
    database_url: String,
    /// Log filter, e.g. info or chuding=debug,tower_http=debug.
    #[arg(long, env = "CHUDING_LOG", default_value = "info")]
    log: String,
}

#[derive(Args, Debug, Clone)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    addr: SocketAddr,
    /// The directory cargo-leptos built the site into (pkg/ with the wasm, JS and CSS).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    site_root: PathBuf,
    /// A fixed "today" (YYYY-MM-DD) for demos and tests; every page then says so.
    #[arg(long, value_parser = config::parse_clock)]
    clock: Option<chrono::NaiveDate>,
    /// Round parameters from this JSON file instead of the bundled current round.
    #[arg(long)]
    round: Option<PathBuf>,
    /// Where the Noto CJK fonts for the 申报表 PDF are (Debian fonts-noto-cjk).
    #[arg(long, env = "CHUDING_FONT_DIR", default_value = crate::printed::DEFAULT_FONT_DIR)]
    font_dir: PathBuf,
    /// The seal key file (made by `chuding keygen`), which signs the certificates' QR codes.
    #[arg(long, env = "CHUDING_SEAL_KEY")]
    seal_key: Option<PathBuf>,
    /// Certificate lookups (page or API) allowed per address and minute (the same as
    /// `--limit certificate-check=N/1m`).
    #[arg(long, env = "CHUDING_VERIFY_RATE")]
    verify_rate: Option<u32>,
    /// A limit's rule, NAME=COUNT/PERIOD (e.g. register=10/1h); repeatable, or comma-separated
    /// in CHUDING_LIMITS. The names and defaults are in README ("Limits").
    #[arg(long = "limit", env = "CHUDING_LIMITS", value_delimiter = ',')]
    limits: Vec<String>,
    /// A reverse proxy (CIDR or address) whose X-Forwarded-For and X-Forwarded-Proto are
    /// believed; repeatable, or comma-separated in CHUDING_TRUSTED_PROXIES. None by default.
    #[arg(
        long = "trusted-proxy",
        env = "CHUDING_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<String>,
    /// Open connections allowed from one address (a trusted proxy's are not capped); beyond
    /// it a new connection is closed at once.
    #[arg(long, env = "CHUDING_CONNECTIONS_PER_ADDRESS", default_value_t = 128)]
    connections_per_address: usize,
    /// The site's address as people reach it (https://host), the start of every printed or
    /// sent link (QR codes, invitations); http:// and the listening address by default.
    #[arg(long, env = "CHUDING_PUBLIC_URL", value_parser = config::parse_public_url)]
    public_url: Option<String>,
    /// Serve Prometheus metrics at http://ADDR/metrics, a listener apart from the site's (keep it
    /// off the public network); off by default.
    #[arg(long, env = "CHUDING_METRICS_ADDR")]
    metrics_addr: Option<SocketAddr>,
    /// Do not run migrations at start (when `chuding migrate` ran them, as with many processes on PostgreSQL).
    #[arg(long)]
    no_migrate: bool,
}

#[derive(Args, Debug, Clone)]
struct SeedArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The round of the demo's applications (as `serve --round`); the bundled current round by default.
    #[arg(long)]
    round: Option<PathBuf>,
    /// Also create this many generated applications across the round's states (bulk inserts),
    /// for the list, the dashboard and their benchmarks.
    #[arg(long, default_value_t = 0)]
    applications: u64,
    /// Also add people whose names and answers carry markup, quotes, formula prefixes,
    /// direction marks, emoji and 50 characters, their applications in every state (for the
    /// tests that render every page, PDF and export with them).
    #[arg(long)]
    hostile: bool,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// The profile file, or - for standard input.
    input: PathBuf,
    /// One profile per line in, one verdict per line out.
    #[arg(long)]
    ndjson: bool,
    /// Round parameters from this JSON file instead of the bundled current round.
    #[arg(long)]
    round: Option<PathBuf>,
}

pub fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => fail(format!("{e:#}")),
    }
}

/// One function per subcommand; a failure says what failed, then its cause.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Check(args)) => {
            Ok(check::run(&args.input, args.ndjson, args.round.as_deref()))
        }
        Some(Command::Migrate(db)) => migrate(&db),
        Some(Command::Audit(AuditCommand::Verify(db))) => audit_verify(&db),
        Some(Command::SeedDemo(args)) => seed_demo(args),
        Some(Command::Tick(args)) => tick(args),
        Some(Command::Keygen(KeygenArgs { out })) => keygen(&out),
        Some(Command::Verify(args)) => {
            init_tracing("warn");
            Ok(runtime().block_on(crate::verification::offline::run(
                &args.text,
                args.keys.as_deref(),
                args.revocations.as_deref(),
                args.id_number.as_deref(),
                &args.db.database_url,
            )))
        }
        Some(Command::Backup(args)) => backup(&args),
        Some(Command::Restore(args)) => restore(&args),
        Some(Command::Serve(args)) => serve(args),
        None => serve(cli.serve),
    }
}

/// The database `db` names, with the log set up as it asks.
async fn open(db: &DbArgs) -> anyhow::Result<sea_orm::DatabaseConnection> {
    crate::db::connect(&db.database_url)
        .await
        .context("cannot open the database")
}

fn migrate(db: &DbArgs) -> anyhow::Result<ExitCode> {
    init_tracing(&db.log);
    runtime().block_on(async {
        let conn = open(db).await?;
        crate::db::migrate(&conn)
            .await
            .context("migration failed")?;
        tracing::info!("database is up to date");
        Ok(ExitCode::SUCCESS)
    })
}

fn audit_verify(db: &DbArgs) -> anyhow::Result<ExitCode> {
    init_tracing(&db.log);
    runtime().block_on(async {
        let conn = open(db).await?;
        match crate::audit::verify(&conn)
            .await
            .context("reading the audit log failed")?
        {
            crate::audit::Verification::Intact(n) => {
                println!("审计日志完整 the audit log is intact: {n} entries");
                Ok(ExitCode::SUCCESS)
            }
            crate::audit::Verification::Broken { id, why } => {
                anyhow::bail!("审计日志被改动 the audit log is broken at entry {id}: {why}")
            }
        }
    })
}

fn seed_demo(args: SeedArgs) -> anyhow::Result<ExitCode> {
    let SeedArgs {
        db,
        round,
        applications,
        hostile,
    } = args;
    init_tracing(&db.log);
    let round = config::load_round(round.as_deref())?;
    runtime().block_on(async {
        let conn = open(&db).await?;
        crate::db::migrate(&conn)
            .await
            .context("migration failed")?;
        let logins = crate::demo::seed(&conn, &round)
            .await
            .context("seeding the demo failed")?;
        if applications > 0 {
            let started = std::time::Instant::now();
            crate::demo::volume::seed(&conn, &round, applications)
                .await
                .context("seeding the demo failed")?;
            println!(
                "生成申报 generated applications: {applications} in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        if hostile {
            let ids = crate::demo::seed_hostile(&conn, &round)
                .await
                .context("seeding the demo failed")?;
            println!(
                "恶意输入测试 hostile people (password demo1234): {}",
                ids.join(" ")
            );
        }
        println!("演示账号 Demo logins (sign in at /login):");
        for l in logins {
            println!(
                "  {} · {}\n      证件号码 ID: {}  密码 password: {}",
                l.role_zh, l.name, l.id_number, l.password
            );
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn tick(args: TickArgs) -> anyhow::Result<ExitCode> {
    let TickArgs { db, clock, round } = args;
    init_tracing(&db.log);
    let round = config::load_round(round.as_deref())?;
    let clock = clock
        .map(crate::clock::Clock::fixed)
        .unwrap_or_else(crate::clock::Clock::system);
    runtime().block_on(async {
        let conn = open(&db).await?;
        let n = crate::workflow::abandonment::tick(&conn, &round, clock.now())
            .await
            .context("the tick failed")?;
        println!("视为自动放弃 treated as withdrawn: {n}");
        Ok(ExitCode::SUCCESS)
    })
}

fn keygen(out: &std::path::Path) -> anyhow::Result<ExitCode> {
    let key = crate::verification::keys::generate(out)?;
    println!("wrote {} (kid {})", out.display(), key.id());
    println!("public key {}", key.public().to_text());
    Ok(ExitCode::SUCCESS)
}

fn backup(args: &BackupArgs) -> anyhow::Result<ExitCode> {
    init_tracing(&args.db.log);
    runtime().block_on(async {
        let conn = open(&args.db).await?;
        let bytes = crate::backup::backup(&conn, &args.file).await?;
        println!(
            "备份完成 backed up to {} ({bytes} bytes)",
            args.file.display()
        );
        Ok(ExitCode::SUCCESS)
    })
}

fn restore(args: &BackupArgs) -> anyhow::Result<ExitCode> {
    init_tracing(&args.db.log);
    let path = runtime().block_on(crate::backup::restore(&args.db.database_url, &args.file))?;
    println!(
        "已恢复 restored {} to {}",
        args.file.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    init_tracing(&args.db.log);
    // Builds by plain cargo (tests) have no LEPTOS_OUTPUT_NAME baked in; set it before any thread
    // starts so Leptos does not warn and the pages name /pkg/chuding.js.
    if std::env::var_os("LEPTOS_OUTPUT_NAME").is_none()
        && option_env!("LEPTOS_OUTPUT_NAME").is_none()
    {
        std::env::set_var("LEPTOS_OUTPUT_NAME", "chuding");
    }
    let mut limits = crate::limits::Rules::default()
        .with_settings(&args.limits)
        .map_err(anyhow::Error::msg)?;
    if let Some(n) = args.verify_rate {
        limits.set(
            crate::limits::Limit::CertificateCheck,
            crate::limits::Rule::new(n, std::time::Duration::from_secs(60)),
        );
    }
    let settings = Settings {
        database_url: args.db.database_url,
        site_addr: args.addr,
        site_root: args.site_root,
        clock: args.clock,
        round_file: args.round,
        font_dir: args.font_dir,
        seal_key: args.seal_key,
        limits,
        connections_per_address: args.connections_per_address,
        trusted_proxies: args.trusted_proxies,
        public_url: args.public_url,
        metrics_addr: args.metrics_addr,
    };
    runtime().block_on(crate::web::serve(settings, !args.no_migrate))?;
    Ok(ExitCode::SUCCESS)
}

fn fail(message: String) -> ExitCode {
    tracing::error!("{message}");
    eprintln!("chuding: {message}");
    ExitCode::FAILURE
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

fn init_tracing(filter: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

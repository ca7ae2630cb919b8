//! kill -9 with nothing lost (issue #16): the real binary under a closed loop of submissions, one
//! process killed with SIGKILL mid-run and started again on the same address and database, the
//! clients sending again what got no answer. Then, read from the database: every submission
//! answered as accepted is there exactly once, with its one step on the timeline; nothing is
//! half-written, nothing duplicated, each application's timeline leads to its state, and the
//! audit log's chain is whole, with every submission in it.
//! On PostgreSQL two processes share one database (the first migrates it, the second does not);
//! on SQLite one process is killed and started again.

use crate::support;

use crate::support::loadgen;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use loadgen::{Load, Outcome, Progress};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server::entity::{account, application, application_event, audit_entry};
use support::{free_port, Server, TestDb};

/// Applicants prepared (each registers: one password hash) and submitted.
const APPLICANTS: usize = 400;
const CLIENTS: usize = 32;
/// No submission starts after this; most runs use up the applicants before.
const LOAD: Duration = Duration::from_secs(20);

/// The two tests one after the other: each is timed against its own budget on two cores.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn sqlite_one_process_killed_and_started_again_loses_nothing() {
    let _serial = one_at_a_time();
    runtime().block_on(async {
        let db = TestDb::sqlite();
        crash_run(&db, 1).await;
    });
}

#[test]
fn postgres_two_processes_one_killed_and_started_again_loses_nothing() {
    let _serial = one_at_a_time();
    runtime().block_on(async {
        let Some(db) = TestDb::postgres().await else {
            return;
        };
        crash_run(&db, 2).await;
    });
}

/// Inside the online window; the second form for the processes that leave migrating to the first.
/// Hundreds of applicants register from one address here.
const CLOCK: &[&str] = &[
    "--clock",
    "2026-05-20",
    "--limit",
    MANY,
    "--connections-per-address",
    "100000",
];
const CLOCK_NO_MIGRATE: &[&str] = &[
    "--clock",
    "2026-05-20",
    "--no-migrate",
    "--limit",
    MANY,
    "--connections-per-address",
    "100000",
];
const MANY: &str = "register=1000000/1m,sign-in-address=1000000/1m";

async fn crash_run(db: &TestDb, processes: usize) {
    let t0 = Instant::now();
    // The first process migrates; the others (and every restart on PostgreSQL) do not.
    let ports: Vec<u16> = (0..processes).map(|_| free_port()).collect();
    let mut servers = vec![Server::start_on(ports[0], &db.url, CLOCK).await];
    for &port in &ports[1..] {
        servers.push(Server::start_on(port, &db.url, CLOCK_NO_MIGRATE).await);
    }
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let applicants = loadgen::prepare_all(&bases, 0..APPLICANTS, 8).await;
    let ids: BTreeMap<usize, String> = applicants
        .iter()
        .map(|a| (a.seq, a.id_number.clone()))
        .collect();
    let prepared = t0.elapsed();

    let progress = Arc::new(Progress::default());
    let load = Load {
        clients: CLIENTS,
        duration: LOAD,
        timeout: Duration::from_secs(20),
        retry_for: Duration::from_secs(40),
        cycle: Duration::ZERO,
    };
    let driving = {
        let (bases, progress) = (bases.clone(), progress.clone());
        tokio::spawn(async move { loadgen::drive(&bases, applicants, &load, progress).await })
    };

    // Mid-run: once a third of the applicants are answered (or a third of the time is gone),
    // the last process is killed, then started again on its address, without migrating.
    let victim = processes - 1;
    let started = Instant::now();
    while progress.accepted.load(Ordering::Relaxed) < APPLICANTS / 3 && started.elapsed() < LOAD / 3
    {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let accepted_before_kill = progress.accepted.load(Ordering::Relaxed);
    servers[victim].kill();
    let killed_at = started.elapsed();
    let restart = if processes > 1 {
        CLOCK_NO_MIGRATE
    } else {
        CLOCK
    };
    servers[victim] = Server::start_on(ports[victim], &db.url, restart).await;
    let restarted_at = started.elapsed();

    let (done, wall) = driving.await.expect("the load");
    let unanswered_requests = progress.unanswered.load(Ordering::Relaxed);
    let answered_after_restart = done
        .iter()
        .filter(|s| s.server == victim && s.answered_at > killed_at)
        .count();
    eprintln!(
        "{}: {processes} process(es), {} applicants prepared in {:.1} s; {} submissions in {:.1} s \
         ({} accepted before the kill at {:.1} s, restarted at {:.1} s, {} requests without an \
         answer sent again, {} answered by the restarted process after it)",
        db.kind,
        APPLICANTS,
        prepared.as_secs_f64(),
        done.len(),
        wall.as_secs_f64(),
        accepted_before_kill,
        killed_at.as_secs_f64(),
        restarted_at.as_secs_f64(),
        unanswered_requests,
        answered_after_restart,
    );

    // The run did what it is meant to: load before and after, requests cut by the kill.
    let not_accepted: Vec<_> = done
        .iter()
        .filter(|s| s.outcome != Outcome::Accepted)
        .collect();
    assert!(
        not_accepted.is_empty(),
        "every submission is answered as accepted (its application was complete): {not_accepted:?}"
    );
    assert!(accepted_before_kill > 0, "submissions before the kill");
    assert!(
        unanswered_requests > 0,
        "the kill left some requests without an answer"
    );
    assert!(
        answered_after_restart > 0,
        "the restarted process answered submissions"
    );
    let accepted: BTreeSet<&str> = done
        .iter()
        .map(|s| ids[&s.seq].as_str())
        .collect::<BTreeSet<_>>();
    assert_eq!(accepted.len(), done.len(), "each applicant submitted once");

    // Read back, after the load, from the database itself.
    let conn = server::db::connect(&db.url).await.unwrap();
    check_database(&conn, &ids, &accepted).await;
    conn.close().await.ok();
    drop(servers);
    eprintln!("{}: {:.1} s in all", db.kind, t0.elapsed().as_secs_f64());
}

/// Every application of the prepared applicants, its row and its timeline, against what the
/// clients were answered.
async fn check_database(
    conn: &sea_orm::DatabaseConnection,
    ids: &BTreeMap<usize, String>,
    accepted: &BTreeSet<&str>,
) {
    let round = shared::Round::h1_2026().id;
    let accounts: BTreeMap<i32, String> = account::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.id_number))
        .collect();
    let applications = application::Entity::find().all(conn).await.unwrap();
    let mut events: BTreeMap<i32, Vec<application_event::Model>> = BTreeMap::new();
    for e in application_event::Entity::find()
        .order_by_asc(application_event::Column::Id)
        .all(conn)
        .await
        .unwrap()
    {
        events.entry(e.application_id).or_default().push(e);
    }

    // One application per account and round, and one per prepared applicant.
    let mut per_person: BTreeMap<&str, Vec<&application::Model>> = BTreeMap::new();
    for app in &applications {
        assert_eq!(app.round_id, round);
        let person = accounts
            .get(&app.account_id)
            .unwrap_or_else(|| panic!("application {} of no account", app.id));
        per_person.entry(person.as_str()).or_default().push(app);
    }
    assert_eq!(per_person.len(), ids.len(), "an application per applicant");
    for (person, apps) in &per_person {
        assert_eq!(apps.len(), 1, "{person} has {} applications", apps.len());
    }
    // No step without its application.
    let known: BTreeSet<i32> = applications.iter().map(|a| a.id).collect();
    let orphans: Vec<_> = events.keys().filter(|id| !known.contains(id)).collect();
    assert!(orphans.is_empty(), "steps of no application: {orphans:?}");

    // The draft as prepared: created, then the six sections saved (a version each).
    let draft_version = loadgen::SECTIONS.len() as i32;
    let mut submitted = BTreeSet::new();
    for id in ids.values() {
        let app = per_person[id.as_str()][0];
        let steps = events.get(&app.id).map(Vec::as_slice).unwrap_or_default();
        let kinds: Vec<(&str, Option<&str>, &str)> = steps
            .iter()
            .map(|e| {
                (
                    e.kind.as_str(),
                    e.from_status.as_deref(),
                    e.to_status.as_str(),
                )
            })
            .collect();
        for e in steps {
            assert_eq!(e.actor_account_id, Some(app.account_id), "{id}: {e:?}");
            assert_eq!(e.actor_role, "applicant", "{id}: {e:?}");
        }
        match app.status.as_str() {
            "draft" => {
                assert_eq!(kinds, [("created", None, "draft")], "{id}'s timeline");
                assert_eq!(app.version, draft_version, "{id}: the draft as prepared");
                assert!(
                    app.submitted_at.is_none()
                        && app.profile_json.is_none()
                        && app.verdict_json.is_none()
                        && app.level.is_none()
                        && app.series.is_none(),
                    "{id}: a draft with some of a submission: {app:?}"
                );
            }
            "submitted" => {
                assert_eq!(
                    kinds,
                    [
                        ("created", None, "draft"),
                        ("submitted", Some("draft"), "submitted")
                    ],
                    "{id}'s timeline"
                );
                assert_eq!(app.version, draft_version + 1, "{id}: submitted once");
                assert!(
                    app.submitted_at.is_some()
                        && app.updated_at == app.submitted_at.unwrap()
                        && app.profile_json.is_some()
                        && app.verdict_json.is_some()
                        && app.level.as_deref() == Some("assistant")
                        && app.series.as_deref() == Some("engineering"),
                    "{id}: a submission half-written: {app:?}"
                );
                assert_eq!(
                    steps[1].at,
                    app.submitted_at.unwrap(),
                    "{id}: the step is the submission's"
                );
                submitted.insert(id.as_str());
            }
            other => panic!("{id}: status {other}"),
        }
    }
    // The audit log: its chain whole after the kill, and each submission in it with the answer
    // it got (a request the kill cut was sent again, and that answer is the one logged).
    match server::audit::verify(conn).await.unwrap() {
        server::audit::Verification::Intact(_) => {}
        broken => panic!("the audit log after the kill: {broken:?}"),
    }
    let logged: BTreeSet<String> = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("POST /apply/submit"))
        .filter(audit_entry::Column::Outcome.eq(303))
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|e| e.application_reference)
        .collect();
    for app in &applications {
        if app.status == "submitted" {
            assert!(
                logged.contains(&app.reference),
                "{}: submitted, not in the audit log",
                app.reference
            );
        }
    }

    // Accepted ⇒ submitted (nothing answered before its commit); and since every request without
    // an answer was sent again until answered, submitted ⇒ accepted.
    let lost: Vec<_> = accepted.difference(&submitted).collect();
    assert!(
        lost.is_empty(),
        "answered as accepted, not in the database: {lost:?}"
    );
    let unknown: Vec<_> = submitted.difference(accepted).collect();
    assert!(
        unknown.is_empty(),
        "submitted without an answer saying so: {unknown:?}"
    );
}

//! A whole round, simulated (issue 28): a directory with every kind of organisation, a few hundred
//! applicants of every category (municipal, non-public, file-kept, dispatched to each, an unlisted
//! unit), and reviewers and center staff acting on random days through the round with the
//! workflow's own commands: returns, objections, paper with missing items and supplements, late
//! paper, proposals confirmed or withdrawn, the abandonment tick. Afterwards every application
//! must be at an end (certified, rejected, declined, or abandoned with its reason), and nothing
//! certified may lack its chain of approvals, a 公示 of at least five working days that ended
//! before the unit approved, or complete paper; every rejection was confirmed by a second person.
//!
//! The seed is printed, and `CHUDING_SIM_SEED=<seed>` replays a run; `CHUDING_SIM_APPLICANTS`
//! sets the size (`scripts/bench-round-sim` runs 10 000 on PostgreSQL and prints the time).

use crate::support;

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use server::entity::{application, application_event, organisation};
use server::workflow::review::Reasons;
use server::workflow::{
    abandonment, certificates, intake, late_paper, re_review, review, routing, transition, Actor,
    WorkflowError,
};
use shared::approval_chain::{approval_chain, Chain};
use shared::workflow::{PaperItem, ReviewReason};
use shared::{Action, ApplicationStatus as S, Role, Round};
use support::TestDb;

/// xorshift64*: a seeded generator, so a failing run can be replayed from its seed.
struct Dice(u64, bool);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    /// Someone does their part, with probability `p`; always once the round is settling.
    fn go(&mut self, p: f64) -> bool {
        self.chance(p) || self.1
    }
    /// Something goes wrong (a return, an objection, a missing item, a rejection), with
    /// probability `p`; never once the round is settling.
    fn upset(&mut self, p: f64) -> bool {
        self.chance(p) && !self.1
    }
    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[(self.next() % from.len() as u64) as usize]
    }
}

fn ten_on(day: NaiveDate) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+08:00")).unwrap()
}

/// The directory and who holds a role in it.
struct City {
    units: Vec<(i32, &'static str)>,
    agency: i32,
    center_staff: [Actor; 2],
    reviewers: BTreeMap<(Role, i32), Actor>,
}

async fn org(db: &DatabaseConnection, name: &str, kind: &str, department: Option<i32>) -> i32 {
    let id = support::organisation_row(db, name, kind).await;
    if department.is_some() {
        let mut row: organisation::ActiveModel = organisation::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .into();
        row.department_id = Set(department);
        row.update(db).await.unwrap();
    }
    id
}

async fn city(db: &DatabaseConnection) -> City {
    let d1 = org(db, "市甲局", "competent_department", None).await;
    let d2 = org(db, "市乙局", "competent_department", None).await;
    let m1 = org(db, "市直甲单位", "municipal_unit", Some(d1)).await;
    let m2 = org(db, "市直乙单位", "municipal_unit", Some(d2)).await;
    let n1 = org(db, "某科技公司", "non_public_unit", None).await;
    let f1 = org(db, "某档案托管机构", "file_keeping", None).await;
    let agency = org(db, "某劳务派遣公司", "dispatch_agency", Some(d2)).await;
    let center = org(db, "市人才服务中心", "center", None).await;
    let mut seq = 9000;
    let mut person = async |role: Role, organisation: i32| {
        seq += 1;
        let account = support::account_row(db, &support::id_number(seq)).await;
        Actor::staff(account, role, organisation)
    };
    let mut reviewers = BTreeMap::new();
    for unit in [m1, m2, n1, f1] {
        reviewers.insert(
            (Role::UnitReviewer, unit),
            person(Role::UnitReviewer, unit).await,
        );
    }
    for d in [d1, d2] {
        reviewers.insert(
            (Role::DepartmentReviewer, d),
            person(Role::DepartmentReviewer, d).await,
        );
    }
    reviewers.insert(
        (Role::AgencyReviewer, agency),
        person(Role::AgencyReviewer, agency).await,
    );
    let center_staff = [
        person(Role::CenterStaff, center).await,
        person(Role::CenterStaff, center).await,
    ];
    City {
        units: vec![
            (m1, "municipal_unit"),
            (m2, "municipal_unit"),
            (n1, "non_public_unit"),
            (f1, "file_keeping"),
        ],
        agency,
        center_staff,
        reviewers,
    }
}

/// The verdict and profile of an eligible engineering bachelor, for every applicant.
fn verdict_json() -> (String, String) {
    let case: serde_json::Value = serde_json::from_str(include_str!(
        "../../../shared/cases/notice-examples/base_bachelor_assistant.json"
    ))
    .unwrap();
    let profile = shared::parse_profile(&case["profile"].to_string()).unwrap();
    let verdict = shared::evaluate(&profile, &Round::h1_2026());
    assert_eq!(verdict.outcome, shared::Outcome::Eligible);
    (
        serde_json::to_string(&profile).unwrap(),
        serde_json::to_string(&verdict).unwrap(),
    )
}

/// `n` applicants, submitted between 05-11 and 05-29 in every category.
async fn applicants(db: &DatabaseConnection, city: &City, n: usize, dice: &mut Dice) {
    let (profile, verdict) = verdict_json();
    let listed = |id: i32, kind: &str, department: Option<i32>| shared::approval_chain::Listed {
        id,
        kind: shared::workflow::OrganisationKind::from_code(kind).unwrap(),
        department_id: department,
    };
    let departments: BTreeMap<i32, Option<i32>> = organisation::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.department_id))
        .collect();
    for i in 0..n {
        let account = support::account_row(db, &support::id_number(10_000 + i as u32)).await;
        // Every sixth is unlisted; a third of the others dispatched.
        let (unit, kind) = city.units[i % city.units.len()];
        let unlisted = i % 6 == 5;
        let dispatched = i % 3 == 1;
        let agency =
            dispatched.then(|| listed(city.agency, "dispatch_agency", departments[&city.agency]));
        let chain = approval_chain(
            (!unlisted).then(|| listed(unit, kind, departments[&unit])),
            dispatched,
            agency,
        )
        .expect("every category has a chain");
        let day = NaiveDate::from_ymd_opt(2026, 5, 11).unwrap() + Days::new(dice.next() % 19);
        let at = ten_on(day);
        let routed = |role| chain.organisation(role);
        application::ActiveModel {
            reference: Set(format!("SIM{i:06}")),
            account_id: Set(account),
            round_id: Set("2026h1".into()),
            status: Set(S::Submitted.as_str().into()),
            answers_json: Set(
                serde_json::json!({ "unit_name": format!("未列入目录的单位{i}") }).to_string(),
            ),
            profile_json: Set(Some(profile.clone())),
            verdict_json: Set(Some(verdict.clone())),
            series: Set(Some("engineering".into())),
            level: Set(Some("assistant".into())),
            unit_id: Set(routed(Role::UnitReviewer)),
            department_id: Set(routed(Role::DepartmentReviewer)),
            dispatch_agency_id: Set(dispatched.then_some(city.agency)),
            version: Set(1),
            submitted_at: Set(Some(at)),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        if matches!(chain, Chain::ToRoute) {
            assert!(unlisted);
        }
    }
}

const APPRAISAL: &str = "该同志遵纪守法，爱岗敬业，入职以来从事建筑工程设计工作，独立完成施工图设计八项，参与市重点工程两项，年度考核均为合格。";

fn reasons() -> Reasons {
    Reasons {
        codes: vec![ReviewReason::AnswersWrong],
        text: "请核对工作年限".into(),
    }
}

/// One day of the round: each application gets at most one action from whoever may act.
async fn day(
    db: &DatabaseConnection,
    round: &Round,
    city: &City,
    today: NaiveDate,
    dice: &mut Dice,
    refusals: &mut BTreeMap<String, usize>,
) {
    let now = ten_on(today);
    let working = round.calendar.is_working_day(today).unwrap();
    let paper_open = round.accepts_paper_on(today).unwrap();
    let after_deadline = today > round.paper_window.end;
    let apps = application::Entity::find()
        .filter(application::Column::SubmittedAt.is_not_null())
        .order_by_asc(application::Column::Id)
        .all(db)
        .await
        .unwrap();
    for app in apps {
        let status = S::from_code(&app.status).unwrap();
        let unit =
            |app: &application::Model| city.reviewers[&(Role::UnitReviewer, app.unit_id.unwrap())];
        let staff = dice.pick(&city.center_staff);
        let result: Result<(), WorkflowError> = match status {
            S::Draft if !after_deadline && dice.go(0.3) => {
                // The returned applicant submits again.
                transition::transition(
                    db,
                    Actor::applicant(app.account_id),
                    now,
                    transition::Request {
                        application_id: app.id,
                        expected: S::Draft,
                        version: app.version,
                        action: Action::Submit,
                        reason: None,
                        data: None,
                        also: vec![],
                    },
                )
                .await
                .map(drop)
            }
            S::Submitted if app.unit_id.is_none() => {
                if dice.go(0.4) {
                    let (to, _) = dice.pick(&city.units);
                    routing::route(db, now, staff, &app, to).await.map(drop)
                } else {
                    Ok(())
                }
            }
            S::Submitted if dice.go(0.4) => {
                if dice.upset(0.05) {
                    review::return_for_correction(db, round, now, unit(&app), &app, &reasons())
                        .await
                        .map(drop)
                } else if dice.upset(0.02) {
                    review::decline(db, now, unit(&app), &app, &reasons())
                        .await
                        .map(drop)
                } else {
                    review::open(db, now, unit(&app), &app).await.map(drop)
                }
            }
            S::UnitReview if working && dice.go(0.4) => {
                let end = round.publicity_ends(today).unwrap();
                review::start_publicity(db, round, now, unit(&app), &app, today, end)
                    .await
                    .map(drop)
            }
            S::Publicity => {
                let open = review::open_objections(db, app.id).await.unwrap();
                if open > 0 {
                    if dice.go(0.5) {
                        let objection = server::entity::objection::Entity::find()
                            .filter(server::entity::objection::Column::ApplicationId.eq(app.id))
                            .filter(server::entity::objection::Column::ResolvedAt.is_null())
                            .one(db)
                            .await
                            .unwrap()
                            .unwrap();
                        review::resolve_objection(
                            db,
                            now,
                            unit(&app),
                            &app,
                            objection.id,
                            "经核实，反映情况不属实",
                        )
                        .await
                    } else {
                        Ok(())
                    }
                } else if dice.upset(0.03) {
                    review::record_objection(db, now, unit(&app), &app, "反映其工作年限不足", None)
                        .await
                        .map(drop)
                } else if app.publicity_end.is_some_and(|end| today > end) && dice.go(0.5) {
                    review::unit_approve(db, now, unit(&app), &app, APPRAISAL)
                        .await
                        .map(drop)
                } else {
                    Ok(())
                }
            }
            S::UnitApproved | S::AgencyApproved => {
                let reviewers = review::Reviewers::of(db, &app).await.unwrap().unwrap();
                match shared::workflow::approval_due(
                    status,
                    reviewers.unit_kind,
                    reviewers.dispatched,
                ) {
                    Some(role) if dice.go(0.4) => {
                        let org = if role == Role::AgencyReviewer {
                            app.dispatch_agency_id.unwrap()
                        } else {
                            app.department_id.expect("a department in the chain")
                        };
                        let actor = city.reviewers[&(role, org)];
                        if dice.upset(0.05) && !after_deadline {
                            review::return_to_unit(db, now, actor, &app, &reasons())
                                .await
                                .map(drop)
                        } else {
                            review::approve_after_unit(db, now, actor, &app)
                                .await
                                .map(drop)
                        }
                    }
                    Some(_) => Ok(()),
                    None => receive(db, round, now, staff, &app, paper_open, dice).await,
                }
            }
            S::DepartmentApproved => receive(db, round, now, staff, &app, paper_open, dice).await,
            S::PaperReceived if !after_deadline => {
                let missing = intake::missing(&intake::recorded(&app));
                if paper_open && !missing.is_empty() && dice.go(0.4) {
                    let handed_in = missing
                        .iter()
                        .map(|m| (*m, PaperItem::ReceivedOriginal))
                        .collect();
                    intake::supplement(db, round, now, staff, &app, &handed_in)
                        .await
                        .map(drop)
                } else {
                    Ok(())
                }
            }
            S::PaperReceived if dice.go(0.5) => {
                re_review_one(db, round, now, city, &app, dice).await
            }
            S::Approved => certificates::issue(db, round, now, staff, &app)
                .await
                .map(drop),
            S::Abandoned if after_deadline => {
                // Late paper: some of it came in time and was not logged.
                match late_paper::pending(db, &app).await.unwrap() {
                    // Whoever is at the desk: the one who logged it is refused.
                    Some(_) if dice.go(0.5) => {
                        late_paper::confirm(db, now, staff, &app).await.map(drop)
                    }
                    Some(_) => Ok(()),
                    None if !dice.upset(0.05) => Ok(()),
                    None => {
                        late_paper::log(
                            db,
                            round,
                            now,
                            staff,
                            &app,
                            round.paper_window.end,
                            intake::materials(&app)
                                .into_iter()
                                .map(|m| (m, PaperItem::ReceivedCopy))
                                .collect(),
                            "窗口当日收件未登记",
                        )
                        .await
                    }
                }
            }
            _ => Ok(()),
        };
        // A refusal is the workflow saying no (a date, a rule): the simulation goes on, counting
        // them; an error of the database is a failure.
        match result {
            Err(WorkflowError::Db(e)) => panic!("{} on {today}: {e}", app.reference),
            Err(WorkflowError::Refused(r)) => {
                let said = format!("{status:?}: {r:?}");
                *refusals
                    .entry(said.chars().take(160).collect())
                    .or_default() += 1;
            }
            Ok(()) => {}
        }
    }
    abandonment::tick(db, round, now).await.unwrap();
}

/// The center's window: some paper with a missing item; after the window, paper in hand only.
async fn receive(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    staff: Actor,
    app: &application::Model,
    paper_open: bool,
    dice: &mut Dice,
) -> Result<(), WorkflowError> {
    let in_hand = app.paper_checklist.is_some();
    if !(paper_open && dice.go(0.3)) && !in_hand {
        return Ok(());
    }
    let checklist: intake::Checklist = if in_hand {
        intake::recorded(app)
    } else {
        let missing = dice.upset(0.2);
        intake::materials(app)
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    m,
                    if missing && i == 0 {
                        PaperItem::Missing
                    } else {
                        PaperItem::ReceivedCopy
                    },
                )
            })
            .collect()
    };
    intake::receive(db, round, now, staff, app, &checklist)
        .await
        .map(drop)
}

async fn re_review_one(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    city: &City,
    app: &application::Model,
    dice: &mut Dice,
) -> Result<(), WorkflowError> {
    let reason = |code: &str| round.reject_reason(code).unwrap().clone();
    if re_review::proposal(app).is_some() {
        // Whoever is at the desk: the proposer is refused, and the proposal waits.
        let second = dice.pick(&city.center_staff);
        return if dice.go(0.7) {
            re_review::confirm_rejection(db, round, now, second, app)
                .await
                .map(drop)
        } else {
            re_review::withdraw_proposal(db, round, now, second, app, "复核后理由不成立").await
        };
    }
    let staff = dice.pick(&city.center_staff);
    if !intake::missing(&intake::recorded(app)).is_empty() {
        // The paper decides: approving is refused, the rejection is proposed.
        let tried = re_review::approve(db, round, now, staff, app, "").await;
        assert!(
            tried.is_err(),
            "{}: approved with a material missing",
            app.reference
        );
        return re_review::propose_rejection(
            db,
            round,
            now,
            staff,
            app,
            &[reason("materials_incomplete")],
            "受理截止时仍缺少材料，未补交",
        )
        .await;
    }
    if dice.upset(0.1) {
        re_review::propose_rejection(
            db,
            round,
            now,
            staff,
            app,
            &[reason("materials_untrue")],
            "与原件不符",
        )
        .await
    } else {
        re_review::approve(db, round, now, staff, app, "")
            .await
            .map(drop)
    }
}

/// What must hold of every application once the round is over.
async fn check_the_ends(db: &DatabaseConnection, round: &Round, seed: u64) {
    let apps = application::Entity::find().all(db).await.unwrap();
    let events = application_event::Entity::find()
        .order_by_asc(application_event::Column::Id)
        .all(db)
        .await
        .unwrap();
    let mut of: BTreeMap<i32, Vec<&application_event::Model>> = BTreeMap::new();
    for e in &events {
        of.entry(e.application_id).or_default().push(e);
    }
    let mut ends: BTreeMap<&str, usize> = BTreeMap::new();
    for app in &apps {
        let steps = of.get(&app.id).cloned().unwrap_or_default();
        let kinds: Vec<&str> = steps.iter().map(|e| e.kind.as_str()).collect();
        let who = format!("{} (seed {seed}): {kinds:?}", app.reference);
        *ends.entry(app.status.as_str()).or_default() += 1;
        match S::from_code(&app.status).unwrap() {
            S::Certified | S::Archived => {
                let approved = steps
                    .iter()
                    .rev()
                    .find(|e| e.kind == "unit_approve")
                    .expect(&who);
                let (start, end) = (
                    app.publicity_start.expect(&who),
                    app.publicity_end.expect(&who),
                );
                assert!(
                    round.calendar.working_days_between(start, end).unwrap() + 1 >= 5,
                    "{who}: a 公示 of fewer than five working days ({start}–{end})"
                );
                assert!(
                    end < server::clock::in_china(&approved.at).date_naive(),
                    "{who}: approved before the 公示 ended"
                );
                if app.dispatch_agency_id.is_some() {
                    assert!(
                        kinds.contains(&"agency_approve"),
                        "{who}: no agency approval"
                    );
                }
                if app.department_id.is_some() {
                    assert!(
                        kinds.contains(&"department_approve"),
                        "{who}: no department approval"
                    );
                }
                assert!(app.unit_id.is_some(), "{who}: certified without a unit");
                assert!(
                    intake::missing(&intake::recorded(app)).is_empty(),
                    "{who}: certified with a material missing"
                );
            }
            S::Rejected => {
                let reject = steps.iter().rev().find(|e| e.kind == "reject").expect(&who);
                let proposed = steps
                    .iter()
                    .rev()
                    .find(|e| e.kind == "reject_proposed")
                    .expect(&who);
                assert_ne!(
                    proposed.actor_account_id, reject.actor_account_id,
                    "{who}: rejected by the one who proposed it"
                );
            }
            S::Declined => {}
            S::Abandoned => {
                let step = steps
                    .iter()
                    .rev()
                    .find(|e| e.kind == "abandon")
                    .expect(&who);
                assert!(
                    step.reason
                        .as_deref()
                        .is_some_and(|r| r.contains("五（四）")),
                    "{who}"
                );
            }
            other => panic!("{who}: the round ended with it {other:?}, waiting on someone"),
        }
    }
    println!("seed {seed}: {} applications ended as {ends:?}", apps.len());
    for end in ["certified", "rejected", "abandoned"] {
        assert!(
            ends.contains_key(end),
            "seed {seed}: no application {end}: {ends:?}"
        );
    }
}

async fn simulate(db: TestDb) {
    let seed = std::env::var("CHUDING_SIM_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_2026_0611u64);
    let n: usize = std::env::var("CHUDING_SIM_APPLICANTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(240);
    println!("round simulation: seed {seed}, {n} applicants (CHUDING_SIM_SEED replays it)");
    let started = Instant::now();
    let conn = server::db::connect(&db.url).await.unwrap();
    server::db::migrate(&conn).await.unwrap();
    let round = Round::h1_2026();
    let mut dice = Dice(seed | 1, false);
    let city = city(&conn).await;
    applicants(&conn, &city, n, &mut dice).await;
    let mut today = round.online_window.start;
    let last = round.paper_window.end + Days::new(45);
    let mut refusals = BTreeMap::new();
    while today <= last {
        day(&conn, &round, &city, today, &mut dice, &mut refusals).await;
        today = today + Days::new(1);
    }
    // Then everyone does their part until nothing waits: no application may be left stranded.
    dice.1 = true;
    for _ in 0..30 {
        day(&conn, &round, &city, today, &mut dice, &mut refusals).await;
        today = today + Days::new(1);
    }
    for (said, times) in &refusals {
        println!("refused {times} times: {said}");
    }
    check_the_ends(&conn, &round, seed).await;
    println!(
        "round simulation: {n} applicants in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[tokio::test]
async fn sqlite_a_whole_round() {
    simulate(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_a_whole_round() {
    if let Some(db) = TestDb::postgres().await {
        simulate(db).await;
    }
}

//! `chuding seed-demo`: demo logins so a newcomer can walk the journey at once. Idempotent.

pub mod sample;
pub mod volume;

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use content::questionnaire::sections::ProfileSection;
use shared::workflow::OrganisationKind;
use shared::{Role, Round};

use crate::auth::password;
use crate::clock::china;
use crate::entity::{account, application, organisation, role_grant};

use crate::workflow::{self, review, Actor};

pub struct DemoLogin {
    pub role_zh: &'static str,
    pub name: &'static str,
    pub id_number: &'static str,
    pub password: &'static str,
}

/// GB 11643's own example number: valid, and nobody's.
pub const DEMO_APPLICANT: DemoLogin = DemoLogin {
    role_zh: "申报人 applicant",
    name: "演示申报人",
    id_number: "11010519491231002X",
    password: "demo1234",
};

/// An applicant whose application is already submitted, to see the status page and the 申报表 PDF
/// at once. A valid resident ID number (check character computed), nobody's.
pub const DEMO_SUBMITTED: DemoLogin = DemoLogin {
    role_zh: "已提交的申报人 submitted applicant",
    name: "演示已提交",
    id_number: "320706198808081235",
    password: "demo1234",
};

/// The unit's reviewer at 连云港市港城建设工程质量检测有限公司 (the sample applicants' unit).
pub const DEMO_UNIT_REVIEWER: DemoLogin = DemoLogin {
    role_zh: "单位审核人 unit reviewer",
    name: "演示单位审核人",
    id_number: "320706198001010014",
    password: "demo1234",
};

/// The reviewer at the unit's competent department.
pub const DEMO_DEPARTMENT_REVIEWER: DemoLogin = DemoLogin {
    role_zh: "主管部门审核人 competent department reviewer",
    name: "演示主管部门审核人",
    id_number: "320706198102020027",
    password: "demo1234",
};

/// The reviewer at a dispatch agency.
pub const DEMO_AGENCY_REVIEWER: DemoLogin = DemoLogin {
    role_zh: "派遣单位审核人 dispatch agency reviewer",
    name: "演示派遣单位审核人",
    id_number: "32070619820303003X",
    password: "demo1234",
};

/// An applicant whose unit's 公示 ran 05-11 … 05-15: the unit can approve it at the demo's date.
pub const DEMO_PUBLICITY_ENDED: DemoLogin = DemoLogin {
    role_zh: "公示已结束的申报人 applicant whose publicity has ended",
    name: "演示公示结束",
    id_number: "320706199005050050",
    password: "demo1234",
};

/// An applicant the unit has approved: waiting for the competent department.
pub const DEMO_UNIT_APPROVED: DemoLogin = DemoLogin {
    role_zh: "单位已审核的申报人 applicant approved by the unit",
    name: "演示单位已审",
    id_number: "320706199106060063",
    password: "demo1234",
};

/// The center's administrator: the directory of organisations.
pub const DEMO_CENTER_ADMIN: DemoLogin = DemoLogin {
    role_zh: "人才服务中心管理员 center administrator",
    name: "演示中心管理员",
    id_number: "320706198304040042",
    password: "demo1234",
};

/// An applicant approved by the unit and its competent department: ready for the paper intake.
pub const DEMO_READY_FOR_PAPER: DemoLogin = DemoLogin {
    role_zh: "主管部门已审核的申报人 applicant approved by the department",
    name: "演示主管已审",
    id_number: "320706199207070076",
    password: "demo1234",
};

/// An applicant taken to the end: paper received, approved at the re-review, certificate issued
/// (dated after the paper window, so later than a demo clock inside the online window).
pub const DEMO_CERTIFIED: DemoLogin = DemoLogin {
    role_zh: "已发证的申报人 applicant holding a certificate",
    name: "演示已发证",
    id_number: "320706199309090094",
    password: "demo1234",
};

/// The center's staff at the paper window (intake, and later the re-review).
pub const DEMO_CENTER_STAFF: DemoLogin = DemoLogin {
    role_zh: "人才服务中心工作人员 center staff",
    name: "演示中心工作人员",
    id_number: "320706198405050055",
    password: "demo1234",
};

/// A second member of the center's staff: confirms a rejection the first proposed (four eyes).
pub const DEMO_CENTER_SECOND: DemoLogin = DemoLogin {
    role_zh: "人才服务中心复核人 center staff (second signature)",
    name: "演示中心复核人",
    id_number: "320706198708080083",
    password: "demo1234",
};

/// The demo administrator's authenticator key (the second factor of center accounts): published
/// so a person walking the demo can type it into an authenticator app, and the browser tests can
/// compute its codes. A real account's key is made when it sets the second factor up.
pub const DEMO_TOTP_SECRET: &str = "MNUHKZDJNZTS2ZDFNVXS2Y3FNZ2GK4RB";

/// The demo's organisations: name, kind and a unified social credit code that passes GB 32100's
/// check (made up, nobody's).
type DemoOrganisation = (&'static str, OrganisationKind, &'static str);
const DEPARTMENT: DemoOrganisation = (
    "连云港市住房和城乡建设局",
    OrganisationKind::CompetentDepartment,
    "11320700014123456D",
);
const UNIT: DemoOrganisation = (
    "连云港市港城建设工程质量检测有限公司",
    OrganisationKind::MunicipalUnit,
    "91320700MA1MQK123P",
);
const AGENCY: DemoOrganisation = (
    "连云港市某某人力资源服务有限公司",
    OrganisationKind::DispatchAgency,
    "91320700MA1N8P456Q",
);
const CENTER: DemoOrganisation = (
    "连云港市人才服务中心",
    OrganisationKind::Center,
    "12320700466123789U",
);

const APPRAISAL: &str = "该同志遵纪守法，爱岗敬业，2024年7月入职以来从事建筑工程质量检测工作，独立完成检测报告一百余份，参与市重点工程检测项目三项，年度考核均为合格。经审核，情况属实，同意申报。";

pub async fn seed(db: &DatabaseConnection, round: &Round) -> anyhow::Result<Vec<DemoLogin>> {
    // Accounts are made on the round's first online day, like everything the demo dates.
    let day_one = first_online_morning(round);
    let department = ensure_organisation(db, DEPARTMENT, None, day_one).await?;
    let unit = ensure_organisation(db, UNIT, Some(department), day_one).await?;
    let agency = ensure_organisation(db, AGENCY, None, day_one).await?;
    let center = ensure_organisation(db, CENTER, None, day_one).await?;
    let unit_reviewer = Actor::staff(
        ensure_account(db, &DEMO_UNIT_REVIEWER, day_one).await?,
        Role::UnitReviewer,
        unit,
    );
    let department_reviewer = Actor::staff(
        ensure_account(db, &DEMO_DEPARTMENT_REVIEWER, day_one).await?,
        Role::DepartmentReviewer,
        department,
    );
    let agency_reviewer = Actor::staff(
        ensure_account(db, &DEMO_AGENCY_REVIEWER, day_one).await?,
        Role::AgencyReviewer,
        agency,
    );
    let center_admin = Actor::staff(
        ensure_account(db, &DEMO_CENTER_ADMIN, day_one).await?,
        Role::CenterAdmin,
        center,
    );
    let center_staff = Actor::staff(
        ensure_account(db, &DEMO_CENTER_STAFF, day_one).await?,
        Role::CenterStaff,
        center,
    );
    let second_staff = Actor::staff(
        ensure_account(db, &DEMO_CENTER_SECOND, day_one).await?,
        Role::CenterStaff,
        center,
    );
    for actor in [
        unit_reviewer,
        department_reviewer,
        agency_reviewer,
        center_admin,
        center_staff,
        second_staff,
    ] {
        ensure_grant(db, actor, day_one).await?;
    }
    // The center's accounts share the published key, so the demo needs no phone.
    for person in [center_admin, center_staff, second_staff] {
        if let Some(found) = account::Entity::find_by_id(person.account_id.unwrap_or_default())
            .one(db)
            .await?
            .filter(|a| a.totp_secret.is_none())
        {
            let mut row: account::ActiveModel = found.into();
            row.totp_secret = Set(Some(DEMO_TOTP_SECRET.into()));
            row.update(db).await?;
        }
    }
    ensure_account(db, &DEMO_APPLICANT, day_one).await?;
    let submitted = ensure_account(db, &DEMO_SUBMITTED, day_one).await?;
    ensure_submitted_application(db, round, submitted, unit, &[]).await?;
    // More along the review, moved by the reviewers' own workflow.
    let desk = Desk {
        unit,
        unit_reviewer,
        department_reviewer,
        center_staff,
    };
    // How far each goes: 1 the 公示 has run, 2 the unit approved, 3 the department too, 4 the
    // paper, the re-review and the certificate.
    for (login, steps) in [
        (&DEMO_PUBLICITY_ENDED, 1),
        (&DEMO_UNIT_APPROVED, 2),
        (&DEMO_READY_FOR_PAPER, 3),
        (&DEMO_CERTIFIED, 4),
    ] {
        let account = ensure_account(db, login, day_one).await?;
        walk(db, round, &desk, account, steps, &[]).await?;
    }
    Ok(vec![
        DEMO_APPLICANT,
        DEMO_SUBMITTED,
        DEMO_PUBLICITY_ENDED,
        DEMO_UNIT_APPROVED,
        DEMO_READY_FOR_PAPER,
        DEMO_CERTIFIED,
        DEMO_UNIT_REVIEWER,
        DEMO_DEPARTMENT_REVIEWER,
        DEMO_AGENCY_REVIEWER,
        DEMO_CENTER_ADMIN,
        DEMO_CENTER_STAFF,
        DEMO_CENTER_SECOND,
    ])
}

/// The demo unit and the people who move its applications on.
struct Desk {
    unit: i32,
    unit_reviewer: Actor,
    department_reviewer: Actor,
    center_staff: Actor,
}

/// Submits the sample application of `account` (with `answers` changed) and takes it `steps`
/// along: 0 submitted, 1 the 公示 has run, 2 the unit approved, 3 the department too, 4 the
/// paper, the re-review and the certificate. Nothing when the account has an application.
async fn walk(
    db: &DatabaseConnection,
    round: &Round,
    desk: &Desk,
    account: i32,
    steps: u8,
    answers: &[(&str, &str)],
) -> anyhow::Result<()> {
    let day_one = first_online_morning(round);
    let day = |n: u64| day_one + chrono::Days::new(n);
    let ten_on = |d: chrono::NaiveDate| {
        d.and_hms_opt(10, 0, 0)
            .expect("10:00")
            .and_local_timezone(china())
            .single()
            .expect("no daylight saving")
    };
    let Some(app) = ensure_submitted_application(db, round, account, desk.unit, answers).await?
    else {
        return Ok(());
    };
    if steps == 0 {
        return Ok(());
    }
    let unit_reviewer = desk.unit_reviewer;
    review::open(db, day(0), unit_reviewer, &app).await?;
    let app = reread(db, app.id).await?;
    let start = round.online_window.start;
    let end = review::earliest_publicity_end(round, start).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    review::start_publicity(db, round, day(0), unit_reviewer, &app, start, end).await?;
    let after = ten_on(end + chrono::Days::new(1));
    if steps >= 2 {
        let app = reread(db, app.id).await?;
        review::unit_approve(db, after, unit_reviewer, &app, APPRAISAL).await?;
    }
    if steps >= 3 {
        let app = reread(db, app.id).await?;
        review::approve_after_unit(db, after, desk.department_reviewer, &app).await?;
    }
    if steps >= 4 {
        // The first paper day after the approvals.
        let mut paper_day = after.date_naive() + chrono::Days::new(1);
        while !round.accepts_paper_on(paper_day).unwrap_or(true) {
            paper_day = paper_day + chrono::Days::new(1);
        }
        let app = reread(db, app.id).await?;
        workflow::intake::receive(
            db,
            round,
            ten_on(paper_day),
            desk.center_staff,
            &app,
            &workflow::intake::materials(&app)
                .into_iter()
                .map(|m| (m, shared::workflow::PaperItem::ReceivedCopy))
                .collect(),
        )
        .await?;
        let decided = ten_on(round.paper_window.end + chrono::Days::new(3));
        let app = reread(db, app.id).await?;
        workflow::re_review::approve(db, round, decided, desk.center_staff, &app, "").await?;
        let app = reread(db, app.id).await?;
        workflow::certificates::issue(db, round, decided, desk.center_staff, &app).await?;
    }
    Ok(())
}

/// Names a probe would try, of people who registered before names were checked (or whom a
/// careless import brought in): markup, quotes, formula prefixes, direction marks, emoji, a name
/// of 50 characters. Each page, PDF, export and QR code must show them as text only.
pub const HOSTILE_NAMES: [&str; 9] = [
    "</title><meta http-equiv=refresh content=0;//e.cn>",
    "=HYPERLINK(\"http://e.cn\",\"点此核对\")",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\"><script>alert(1)</script>",
    "王\u{202E}明\u{200F}华",
    "王😀",
    "+86-138'\"&amp;<b>粗</b>",
    "欧阳张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎",
    "李🐉",
];

/// How far each hostile person's application goes (as `walk`): every state has some, the 公示
/// has an emoji, and the certificates a formula, markup, 50 characters and an emoji.
pub const HOSTILE_STEPS: [u8; 9] = [1, 4, 3, 2, 0, 1, 4, 4, 4];

/// The ID number of the `i`th hostile person.
pub fn hostile_id_number(i: usize) -> String {
    let first17 = format!("32070619950101{:03}", 900 + i);
    let check = shared::identity::resident_id_check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

/// Answers of the hostile people: what a unit's name and a specialty can be made to hold.
const HOSTILE_ANSWERS: [(&str, &str); 2] = [
    ("unit_name", "<img src=x onerror=alert(1)>=cmd|'/C calc'!A0"),
    (
        "specialty",
        "-2+3 \u{202E}工程\u{202C} 😀 </textarea><script>alert(2)</script>",
    ),
];

/// `chuding seed-demo --hostile`: the demo, then one person per hostile name, their applications
/// spread over the states (submitted … certified) in the demo unit. Idempotent.
pub async fn seed_hostile(db: &DatabaseConnection, round: &Round) -> anyhow::Result<Vec<String>> {
    let day_one = first_online_morning(round);
    let find = |name: &'static str| async move {
        organisation::Entity::find()
            .filter(organisation::Column::Name.eq(name))
            .one(db)
            .await
    };
    let unit = find(UNIT.0)
        .await?
        .ok_or_else(|| anyhow::anyhow!("seed the demo first"))?;
    let department = find(DEPARTMENT.0)
        .await?
        .ok_or_else(|| anyhow::anyhow!("seed the demo first"))?;
    let center = find(CENTER.0)
        .await?
        .ok_or_else(|| anyhow::anyhow!("seed the demo first"))?;
    let id_of = |login: &DemoLogin| {
        let id_number = login.id_number;
        async move {
            account::Entity::find()
                .filter(account::Column::IdNumber.eq(id_number))
                .one(db)
                .await
                .map(|a| a.map(|a| a.id).unwrap_or_default())
        }
    };
    let desk = Desk {
        unit: unit.id,
        unit_reviewer: Actor::staff(
            id_of(&DEMO_UNIT_REVIEWER).await?,
            Role::UnitReviewer,
            unit.id,
        ),
        department_reviewer: Actor::staff(
            id_of(&DEMO_DEPARTMENT_REVIEWER).await?,
            Role::DepartmentReviewer,
            department.id,
        ),
        center_staff: Actor::staff(
            id_of(&DEMO_CENTER_STAFF).await?,
            Role::CenterStaff,
            center.id,
        ),
    };
    let mut ids = Vec::new();
    for (i, name) in HOSTILE_NAMES.iter().enumerate() {
        let id_number = hostile_id_number(i);
        let login = DemoLogin {
            role_zh: "恶意输入测试 hostile input",
            name,
            id_number: "",
            password: "demo1234",
        };
        let account = ensure_account_numbered(db, &login, &id_number, day_one).await?;
        walk(
            db,
            round,
            &desk,
            account,
            HOSTILE_STEPS[i],
            &HOSTILE_ANSWERS,
        )
        .await?;
        ids.push(id_number);
    }
    Ok(ids)
}

async fn reread(db: &DatabaseConnection, id: i32) -> anyhow::Result<application::Model> {
    application::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("application {id} vanished"))
}

async fn ensure_organisation(
    db: &DatabaseConnection,
    (name, kind, code): DemoOrganisation,
    department: Option<i32>,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> anyhow::Result<i32> {
    if let Some(existing) = organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(db)
        .await?
    {
        return Ok(existing.id);
    }
    let row = organisation::ActiveModel {
        name: Set(name.into()),
        kind: Set(kind.as_str().into()),
        credit_code: Set(Some(code.into())),
        department_id: Set(department),
        created_at: Set(at),
        ..Default::default()
    };
    Ok(row.insert(db).await?.id)
}

async fn ensure_grant(
    db: &DatabaseConnection,
    actor: Actor,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> anyhow::Result<()> {
    let (Some(account), Some(org)) = (actor.account_id, actor.organisation_id) else {
        return Ok(());
    };
    let existing = role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(account))
        .filter(role_grant::Column::OrganisationId.eq(org))
        .one(db)
        .await?;
    if existing.is_none() {
        role_grant::ActiveModel {
            account_id: Set(account),
            organisation_id: Set(Some(org)),
            role: Set(actor.role.as_str().into()),
            created_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// 09:30 in China on the round's first online day.
fn first_online_morning(round: &Round) -> chrono::DateTime<chrono::FixedOffset> {
    let morning = round
        .online_window
        .start
        .and_hms_opt(9, 30, 0)
        .expect("09:30 is a time");
    morning
        .and_local_timezone(china())
        .single()
        .expect("China has no daylight saving")
}

async fn ensure_account(
    db: &DatabaseConnection,
    d: &DemoLogin,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> anyhow::Result<i32> {
    ensure_account_numbered(db, d, d.id_number, at).await
}

async fn ensure_account_numbered(
    db: &DatabaseConnection,
    d: &DemoLogin,
    id_number: &str,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> anyhow::Result<i32> {
    if let Some(existing) = account::Entity::find()
        .filter(account::Column::IdNumber.eq(id_number))
        .one(db)
        .await?
    {
        return Ok(existing.id);
    }
    let created = account::ActiveModel {
        real_name: Set(d.name.into()),
        id_type: Set("resident_id_card".into()),
        id_number: Set(id_number.into()),
        mobile: Set("13800000000".into()),
        password_hash: Set(password::hash(d.password)?),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(created.id)
}

/// The sample bachelor's application in `unit`, submitted in the round, with its timeline; `None`
/// when the account has one already. Started, answered section by section and submitted through
/// the workflow, as the applicant's own clicks do it, on the round's first online day, so the
/// demo's dates agree with its fixed clock.
async fn ensure_submitted_application(
    db: &DatabaseConnection,
    round: &Round,
    account_id: i32,
    unit: i32,
    changes: &[(&str, &str)],
) -> anyhow::Result<Option<application::Model>> {
    if workflow::draft::find(db, round, account_id)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    let now = first_online_morning(round);
    let mut app = workflow::draft::start(db, round, now, account_id).await?;
    let unit_text = unit.to_string();
    let mut with: Vec<(&str, &str)> = vec![("unit_id", &unit_text)];
    with.extend_from_slice(changes);
    let answers = sample::answers_with(&with);
    for section in ProfileSection::ALL {
        workflow::draft::save_section(
            db,
            round,
            now,
            account_id,
            &app,
            app.version,
            section,
            &answers,
        )
        .await?;
        app = reread(db, app.id).await?;
    }
    workflow::submit::submit(
        db,
        &workflow::submit::Queue::default(),
        round,
        now,
        account_id,
        &app,
        true,
    )
    .await?;
    Ok(Some(reread(db, app.id).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demos_credit_codes_pass_gb_32100() {
        for (name, _, code) in [DEPARTMENT, UNIT, AGENCY, CENTER] {
            assert!(
                shared::credit_code::CreditCode::parse(code).is_ok(),
                "{name}: {code}"
            );
        }
    }
}

//! The directory of organisations on a real database of each backend: entries saved from the
//! form's fields, and files imported all or nothing (CSV in UTF-8 and GB 18030, XLSX), each
//! problem named by line and field.

use crate::support;

use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use server::directory::import::{self, Format, ImportError, LineError};
use server::directory::{self, DirectoryError, RawEntry};
use server::entity::organisation;
use support::TestDb;

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-05-06T10:00:00+08:00").unwrap()
}

/// A code that passes GB 32100: the 17 characters given and their check character.
fn code(first17: &str) -> String {
    format!(
        "{first17}{}",
        shared::credit_code::check_char(first17).unwrap()
    )
}

/// The same with a wrong check character.
fn bad_code(first17: &str) -> String {
    let right = shared::credit_code::check_char(first17).unwrap();
    format!("{first17}{}", if right == '0' { '1' } else { '0' })
}

async fn count(db: &DatabaseConnection) -> u64 {
    organisation::Entity::find().count(db).await.unwrap()
}

fn problems(r: Result<import::Report, ImportError>) -> Vec<(usize, String)> {
    match r {
        Err(ImportError::Lines(lines)) => lines
            .into_iter()
            .map(|LineError { line, error }| (line, error.field))
            .collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

/// A one-sheet XLSX with these rows (inline strings), as a spreadsheet program writes one.
fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in row.iter().enumerate() {
            let col = (b'A' + c as u8) as char;
            sheet.push_str(&format!(
                r#"<c r="{col}{}" t="inlineStr"><is><t>{cell}</t></is></c>"#,
                r + 1
            ));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    support::xlsx_with_sheet(sheet)
}

async fn the_directory(db: TestDb) {
    let conn = server::db::connect(&db.url).await.unwrap();
    server::db::migrate(&conn).await.unwrap();
    let traffic = code("11320700MB1111111");
    let design = code("12320700MB2222222");
    let hospital = code("12320700MB3333333");
    let agency = code("91320700MA1MM4444");

    // The form: a department, then its unit; a second organisation with the same code is refused.
    let raw = |name: &str, kind: &str, code: &str, department: &str| RawEntry {
        name: name.into(),
        kind: kind.into(),
        credit_code: code.into(),
        department: department.into(),
    };
    let department = directory::save(
        &conn,
        now(),
        None,
        &raw("连云港市交通运输局", "competent_department", &traffic, "")
            .read()
            .unwrap(),
    )
    .await
    .unwrap();
    let unit = directory::save(
        &conn,
        now(),
        None,
        &raw(
            "连云港市某某设计院",
            "municipal_unit",
            &design,
            &department.id.to_string(),
        )
        .read()
        .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(unit.department_id, Some(department.id));
    let twin = directory::save(
        &conn,
        now(),
        None,
        &raw("另一个单位", "non_public_unit", &design, "")
            .read()
            .unwrap(),
    )
    .await;
    assert!(
        matches!(&twin, Err(DirectoryError::Invalid(e)) if e[0].field == "credit_code" && e[0].zh.contains("连云港市某某设计院")),
        "{twin:?}"
    );
    let unknown = directory::save(
        &conn,
        now(),
        None,
        &raw("某单位", "municipal_unit", &hospital, "不存在的局")
            .read()
            .unwrap(),
    )
    .await;
    assert!(
        matches!(&unknown, Err(DirectoryError::Invalid(e)) if e[0].field == "department"),
        "{unknown:?}"
    );
    // Editing keeps the id; the unit's department cannot be itself.
    let renamed = directory::save(
        &conn,
        now(),
        Some(unit.id),
        &raw(
            "连云港市某某规划设计院",
            "municipal_unit",
            &design,
            &department.id.to_string(),
        )
        .read()
        .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        (renamed.id, renamed.name.as_str()),
        (unit.id, "连云港市某某规划设计院")
    );
    assert_eq!(count(&conn).await, 2);

    // A CSV with one bad row among good ones: nothing is imported, the problem has its line.
    let csv = format!(
        "名称,类型,统一社会信用代码,主管部门\n连云港市卫生健康委员会,主管部门,{},\n连云港市第一人民医院,市直单位,{hospital},连云港市卫生健康委员会\n某某人力资源公司,派遣单位,{},\n",
        code("11320700MB5555555"),
        bad_code("91320700MA1MM4444")
    );
    assert_eq!(
        problems(import::import(&conn, now(), csv.as_bytes(), Format::Csv).await),
        [(4, "credit_code".to_string())]
    );
    assert_eq!(count(&conn).await, 2, "all or nothing");

    // Several problems at once, each by line and field; a department nowhere to be found.
    let csv = format!("name,kind,credit_code,department\n,派遣单位,{agency},\n某医院,市直单位,{hospital},\n某公司,国企,{},\n某院,市直单位,{},不存在的局\n", code("91320700MA1MM6666"), code("12320700MB7777777"));
    assert_eq!(
        problems(import::import(&conn, now(), csv.as_bytes(), Format::Csv).await),
        [
            (2, "name".into()),
            (3, "department".into()),
            (4, "kind".into())
        ],
        "checked row by row first"
    );
    let csv = format!(
        "name,kind,credit_code,department\n某院,市直单位,{},不存在的局\n",
        code("12320700MB7777777")
    );
    assert_eq!(
        problems(import::import(&conn, now(), csv.as_bytes(), Format::Csv).await),
        [(2, "department".into())]
    );
    // The same code twice in one file.
    let csv = format!("name,kind,credit_code\n甲,派遣单位,{agency}\n乙,派遣单位,{agency}\n");
    assert_eq!(
        problems(import::import(&conn, now(), csv.as_bytes(), Format::Csv).await),
        [(3, "credit_code".into())]
    );
    assert_eq!(count(&conn).await, 2);

    // The good file, saved by Excel on a Chinese system (GB 18030): a department and its unit
    // from the same file, a unit of an existing department, and an update by credit code.
    let csv = format!(
        "名称,类型,统一社会信用代码,主管部门\n连云港市第一人民医院,市直单位,{hospital},连云港市卫生健康委员会\n连云港市卫生健康委员会,主管部门,{},\n某某人力资源公司,派遣单位,{agency},\n连云港市某某设计研究院,市直单位,{design},{traffic}\n",
        code("11320700MB5555555")
    );
    let (gbk, _, _) = encoding_rs::GB18030.encode(&csv);
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    let report = import::import(&conn, now(), &gbk, Format::Csv)
        .await
        .unwrap();
    assert_eq!((report.added, report.updated), (3, 1));
    let all = directory::all(&conn).await.unwrap();
    let by_name = |n: &str| {
        all.iter()
            .find(|o| o.name == n)
            .unwrap_or_else(|| panic!("{n} not in {all:?}"))
            .clone()
    };
    let health = by_name("连云港市卫生健康委员会");
    assert_eq!(
        by_name("连云港市第一人民医院").department_id,
        Some(health.id)
    );
    assert_eq!(
        by_name("连云港市某某设计研究院").id,
        unit.id,
        "updated in place"
    );
    assert_eq!(by_name("某某人力资源公司").kind, "dispatch_agency");
    assert_eq!(count(&conn).await, 5);

    // XLSX: a bad row imports nothing; the good file imports.
    let bad = xlsx(&[
        &["名称", "类型", "统一社会信用代码"],
        &["某某科技公司", "非公单位", &code("91320700MA1MM8888")],
        &["某某软件公司", "非公单位", "123"],
    ]);
    assert_eq!(Format::of("机构.xlsx", &bad), Format::Xlsx);
    assert_eq!(
        problems(import::import(&conn, now(), &bad, Format::Xlsx).await),
        [(3, "credit_code".into())]
    );
    assert_eq!(count(&conn).await, 5);
    let good = xlsx(&[
        &["名称", "类型", "统一社会信用代码", "主管部门"],
        &["某某科技公司", "非公单位", &code("91320700MA1MM8888"), ""],
        &[
            "连云港市第二人民医院",
            "市直单位",
            &code("12320700MB9999999"),
            "连云港市卫生健康委员会",
        ],
    ]);
    let report = import::import(&conn, now(), &good, Format::Xlsx)
        .await
        .unwrap();
    assert_eq!((report.added, report.updated), (2, 0));
    assert_eq!(count(&conn).await, 7);
    // Not a spreadsheet at all.
    let broken =
        problems(import::import(&conn, now(), b"PK\x03\x04 not really", Format::Xlsx).await);
    assert_eq!(broken, [(0, "file".into())]);
}

#[tokio::test]
async fn sqlite_the_directory() {
    the_directory(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_the_directory() {
    if let Some(db) = TestDb::postgres().await {
        the_directory(db).await;
    }
}

//! Many organisations at once, from a CSV (UTF-8, or GB 18030 as Excel saves it on a Chinese
//! system) or an XLSX file: a header row naming the columns (名称, 类型, 统一社会信用代码, 主管部门,
//! or name, kind, credit_code, department), then one organisation a row. Every row is checked
//! before anything is written; one bad row imports nothing, and each problem is given by line and
//! field. A row whose credit code is already in the directory updates that organisation. A
//! municipal unit's department may be in the directory or in the same file.

use std::collections::BTreeMap;
use std::io::Cursor;

use chrono::{DateTime, FixedOffset};
use content::questionnaire::answers::FieldError;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, TransactionTrait};
use shared::workflow::OrganisationKind;

use super::{find_department, save, DirectoryError, Entry, RawEntry};
use crate::entity::organisation;

/// The most rows one file may hold.
pub const MAX_ROWS: usize = 5000;

/// The problems shown at most; the count says how many there were.
pub const MAX_SHOWN: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// By the file's name, else by its first bytes (an XLSX is a zip).
    pub fn of(file_name: &str, bytes: &[u8]) -> Format {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".xlsx")
            || (!lower.ends_with(".csv") && bytes.starts_with(b"PK\x03\x04"))
        {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

/// A problem of the file: the line (1 is the header row; 0 the file as a whole) and the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub error: FieldError,
}

impl LineError {
    fn new(line: usize, field: &str, zh: impl Into<String>, en: impl Into<String>) -> LineError {
        LineError {
            line,
            error: FieldError::new(field, zh, en),
        }
    }
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub added: usize,
    pub updated: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Nothing was written.
    #[error("{} problems", .0.len())]
    Lines(Vec<LineError>),
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

/// The column a header names.
fn column(header: &str) -> Option<&'static str> {
    let h = header.trim().trim_start_matches('\u{feff}').trim();
    match h.to_ascii_lowercase().as_str() {
        "名称" | "单位名称" | "组织名称" | "name" => Some("name"),
        "类型" | "单位类型" | "组织类型" | "kind" | "type" => Some("kind"),
        "统一社会信用代码" | "信用代码" | "credit_code" | "credit code" => {
            Some("credit_code")
        }
        "主管部门" | "department" | "competent department" => Some("department"),
        _ => None,
    }
}

/// The file's cells, row by row, as text.
fn cells(bytes: &[u8], format: Format) -> Result<Vec<Vec<String>>, LineError> {
    match format {
        Format::Csv => {
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => t.to_string(),
                // Excel on a Chinese system saves CSV in GB 18030 (GBK).
                Err(_) => {
                    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
                    if bad {
                        return Err(LineError::new(
                            0,
                            "file",
                            "文件的编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV",
                            "The file's encoding cannot be read; save it as CSV in UTF-8 or GBK",
                        ));
                    }
                    text.into_owned()
                }
            };
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut rows = Vec::new();
            let mut filled = 0usize;
            for (i, record) in reader.records().enumerate() {
                let record = record.map_err(|e| {
                    LineError::new(
                        i + 1,
                        "file",
                        format!("第 {} 行无法读取：{e}", i + 1),
                        format!("Line {} cannot be read: {e}", i + 1),
                    )
                })?;
                if record.iter().any(|c| !c.trim().is_empty()) {
                    filled += 1;
                    // The header and one row too many are enough to say the file is too long.
                    if filled > MAX_ROWS + 1 {
                        return Err(too_many_rows(None));
                    }
                }
                rows.push(record.iter().map(str::to_string).collect());
            }
            Ok(rows)
        }
        Format::Xlsx => xlsx_cells(bytes),
    }
}

/// The most columns a row of the file may reach (a directory file has four).
pub const MAX_COLUMNS: u32 = 64;
/// The last row a sheet may reach: the rows, the header, and room for blank lines.
pub const MAX_SHEET_ROWS: u32 = MAX_ROWS as u32 + 1000;
/// What the whole archive may hold once unpacked, and any one part of it.
/// (A directory of 5,000 organisations unpacks to about 2 MB.)
pub const MAX_UNPACKED_BYTES: u64 = 24 * 1024 * 1024;
pub const MAX_PART_BYTES: u64 = 8 * 1024 * 1024;

fn too_big(zh: String, en: String) -> LineError {
    LineError::new(0, "file", zh, en)
}

/// An XLSX's cells, within a budget: the zip's parts checked before anything is unpacked (their
/// declared sizes), then unpacked against a cap (their actual sizes: a declared size can lie),
/// then the first sheet's declared range, then its cells streamed one by one (never a dense range
/// of the sheet's extent, which two far-apart cells make billions of) and refused as soon as one
/// lies beyond the rows and columns a directory file can have.
fn xlsx_cells(bytes: &[u8]) -> Result<Vec<Vec<String>>, LineError> {
    use calamine::{DataRef, Reader, Xlsx};
    use std::io::Read;
    let unreadable = |e: String| {
        LineError::new(
            0,
            "file",
            format!("XLSX 文件无法读取：{e}"),
            format!("The XLSX file cannot be read: {e}"),
        )
    };
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    if zip.len() > 200 {
        return Err(unreadable(format!("{} parts in the archive", zip.len())));
    }
    let declared: u64 = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|f| f.size()))
        .sum();
    let too_large = |limit: u64| {
        too_big(
            format!(
                "XLSX 文件解压后超过 {} MB，不是一个单位名录文件的大小，请另存为只含名录的工作簿或 CSV",
                limit / 1024 / 1024
            ),
            format!(
                "Unpacked, the XLSX file is over {} MB, far more than a directory: save only the directory as a new workbook or as CSV",
                limit / 1024 / 1024
            ),
        )
    };
    if declared > MAX_UNPACKED_BYTES {
        return Err(too_large(MAX_UNPACKED_BYTES));
    }
    let mut actual = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| unreadable(e.to_string()))?;
        let n = std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|e| unreadable(e.to_string()))?;
        actual += n;
        if n > MAX_PART_BYTES {
            return Err(too_large(MAX_PART_BYTES));
        }
        if actual > MAX_UNPACKED_BYTES {
            return Err(too_large(MAX_UNPACKED_BYTES));
        }
    }
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| unreadable("no worksheet".into()))?;
    let mut cells = book
        .worksheet_cells_reader(&sheet)
        .map_err(|e| unreadable(e.to_string()))?;
    let beyond = |row: u32, col: u32| {
        too_big(
            format!(
                "工作表的范围太大（到第 {} 行第 {} 列）：名录文件最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列，请删去多余的行列或另存为 CSV",
                row + 1,
                col + 1
            ),
            format!(
                "The sheet reaches too far (row {}, column {}): a directory file has at most {MAX_ROWS} rows and {MAX_COLUMNS} columns; delete the extra rows and columns or save as CSV",
                row + 1,
                col + 1
            ),
        )
    };
    let declared = cells.dimensions();
    if declared.end.0 >= MAX_SHEET_ROWS || declared.end.1 >= MAX_COLUMNS {
        return Err(beyond(declared.end.0, declared.end.1));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(e.to_string()))? {
        let (row, col) = cell.get_position();
        if row >= MAX_SHEET_ROWS || col >= MAX_COLUMNS {
            return Err(beyond(row, col));
        }
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
            DataRef::SharedString(s) => s.to_string(),
            other => calamine::Data::from(other.clone()).to_string(),
        };
        // Rows from the sheet's first row, so line numbers are the spreadsheet's own.
        let (row, col) = (row as usize, col as usize);
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        let cells_of_row = &mut rows[row];
        if cells_of_row.len() <= col {
            cells_of_row.resize(col + 1, String::new());
        }
        cells_of_row[col] = text;
    }
    Ok(rows)
}

/// A file of more than `MAX_ROWS` rows (how many, when they were all read).
fn too_many_rows(count: Option<usize>) -> LineError {
    let (zh, en) = match count {
        Some(n) => (format!("这个文件有 {n} 行"), format!("this one has {n}")),
        None => (
            "这个文件超过了".to_string(),
            "this one has more".to_string(),
        ),
    };
    LineError::new(
        0,
        "file",
        format!("一个文件最多 {MAX_ROWS} 行，{zh}，请分开导入"),
        format!("A file has at most {MAX_ROWS} rows; {en}: split it"),
    )
}

/// The entries of the file with their lines, or every problem found.
pub fn read(bytes: &[u8], format: Format) -> Result<Vec<(usize, Entry)>, Vec<LineError>> {
    let rows = cells(bytes, format).map_err(|e| vec![e])?;
    let Some((header_at, header)) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
    else {
        return Err(vec![LineError::new(
            0,
            "file",
            "文件是空的",
            "The file is empty",
        )]);
    };
    let columns: Vec<Option<&str>> = header.iter().map(|h| column(h)).collect();
    let missing: Vec<&str> = ["name", "kind", "credit_code"]
        .into_iter()
        .filter(|c| !columns.contains(&Some(c)))
        .collect();
    if !missing.is_empty() {
        let zh: Vec<&str> = missing
            .iter()
            .map(|c| match *c {
                "name" => "名称",
                "kind" => "类型",
                _ => "统一社会信用代码",
            })
            .collect();
        return Err(vec![LineError::new(
            header_at + 1,
            "file",
            format!("第 {} 行应为表头，缺少列：{}（应有 名称、类型、统一社会信用代码，市直单位还需 主管部门）", header_at + 1, zh.join("、")),
            format!("Line {} should be the header row; missing columns: {} (name, kind, credit_code, and department for municipal units)", header_at + 1, missing.join(", ")),
        )]);
    }
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let data: Vec<(usize, &Vec<String>)> = rows
        .iter()
        .enumerate()
        .skip(header_at + 1)
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, r)| (i + 1, r))
        .collect();
    if data.len() > MAX_ROWS {
        return Err(vec![too_many_rows(Some(data.len()))]);
    }
    if data.is_empty() {
        return Err(vec![LineError::new(
            header_at + 1,
            "file",
            "表头下面没有数据行",
            "There are no rows under the header",
        )]);
    }
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for (line, row) in data {
        let mut raw = RawEntry::default();
        for (cell, col) in row.iter().zip(&columns) {
            match col {
                Some("name") => raw.name = cell.clone(),
                Some("kind") => raw.kind = cell.clone(),
                Some("credit_code") => raw.credit_code = cell.clone(),
                Some("department") => raw.department = cell.clone(),
                _ => {}
            }
        }
        match raw.read() {
            Ok(entry) => {
                if let Some(first) = codes.insert(entry.credit_code.as_str().to_string(), line) {
                    errors.push(LineError::new(
                        line,
                        "credit_code",
                        format!("与第 {first} 行的统一社会信用代码重复"),
                        format!("The same unified social credit code as line {first}"),
                    ));
                }
                entries.push((line, entry));
            }
            Err(problems) => {
                errors.extend(problems.into_iter().map(|error| LineError { line, error }))
            }
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

/// `read`, on the blocking pool: parsing a file is CPU work of up to a second, never on the
/// async workers that answer everyone else.
pub async fn read_off_runtime(
    bytes: Vec<u8>,
    format: Format,
) -> Result<Vec<(usize, Entry)>, Vec<LineError>> {
    tokio::task::spawn_blocking(move || read(&bytes, format))
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "reading an import file failed");
            Err(vec![LineError::new(
                0,
                "file",
                "文件无法读取",
                "The file cannot be read",
            )])
        })
}

/// Reads the file and writes all of it, or nothing.
pub async fn import(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    bytes: &[u8],
    format: Format,
) -> Result<Report, ImportError> {
    let entries = read_off_runtime(bytes.to_vec(), format)
        .await
        .map_err(ImportError::Lines)?;
    // A department named by a row of this file: by name or credit code.
    let in_file: BTreeMap<String, &Entry> = entries
        .iter()
        .filter(|(_, e)| e.kind == OrganisationKind::CompetentDepartment)
        .flat_map(|(_, e)| [(e.name.clone(), e), (e.credit_code.as_str().to_string(), e)])
        .collect();
    let mut errors = Vec::new();
    for (line, entry) in &entries {
        if let Some(text) = &entry.department {
            let known = in_file.contains_key(text.as_str())
                || shared::credit_code::CreditCode::parse(text)
                    .is_ok_and(|c| in_file.contains_key(c.as_str()))
                || find_department(db, text).await?.is_some();
            if !known {
                errors.push(LineError::new(
                    *line,
                    "department",
                    format!("名录和本文件中都没有主管部门“{text}”"),
                    format!("No competent department “{text}” in the directory or in this file"),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Lines(errors));
    }
    let existing: Vec<String> = organisation::Entity::find()
        .filter(
            organisation::Column::CreditCode.is_in(
                entries
                    .iter()
                    .map(|(_, e)| e.credit_code.as_str().to_string()),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .filter_map(|o| o.credit_code)
        .collect();
    // Departments first, so the units of the same file find them; then the rest, in file order.
    let mut ordered: Vec<&(usize, Entry)> = entries.iter().collect();
    ordered.sort_by_key(|(line, e)| (e.kind != OrganisationKind::CompetentDepartment, *line));
    let tx = db.begin().await?;
    let mut report = Report::default();
    for (line, entry) in ordered {
        let current = organisation::Entity::find()
            .filter(organisation::Column::CreditCode.eq(entry.credit_code.as_str()))
            .one(&tx)
            .await?;
        let mut entry = entry.clone();
        // A department of this file is named by its code from here on: names may repeat, codes do not.
        if let Some(d) = entry
            .department
            .as_ref()
            .and_then(|t| in_file.get(t.as_str()))
        {
            entry.department = Some(d.credit_code.as_str().to_string());
        }
        match save(&tx, now, current.map(|c| c.id), &entry).await {
            Ok(_) => {}
            Err(DirectoryError::Db(e)) => return Err(e.into()),
            Err(DirectoryError::Invalid(problems)) => errors.extend(
                problems
                    .into_iter()
                    .map(|error| LineError { line: *line, error }),
            ),
        }
        if existing.iter().any(|c| c == entry.credit_code.as_str()) {
            report.updated += 1;
        } else {
            report.added += 1;
        }
    }
    if !errors.is_empty() {
        tx.rollback().await?;
        return Err(ImportError::Lines(errors));
    }
    tx.commit().await?;
    tracing::info!(
        added = report.added,
        updated = report.updated,
        "the directory was imported"
    );
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_either_language_and_a_bom() {
        assert_eq!(column("\u{feff}名称"), Some("name"));
        assert_eq!(column(" Credit_Code "), Some("credit_code"));
        assert_eq!(column("备注"), None);
    }

    #[test]
    fn a_file_without_the_header_says_which_columns_are_missing() {
        let e = read("名称,类型\n甲,非公单位\n".as_bytes(), Format::Csv).unwrap_err();
        assert_eq!((e[0].line, e[0].error.field.as_str()), (1, "file"));
        assert!(
            e[0].error.zh.contains("缺少列：统一社会信用代码"),
            "{:?}",
            e[0]
        );
    }

    #[test]
    fn the_format_is_known_by_name_or_by_the_zip_signature() {
        assert_eq!(Format::of("机构.XLSX", b""), Format::Xlsx);
        assert_eq!(Format::of("upload", b"PK\x03\x04..."), Format::Xlsx);
        assert_eq!(Format::of("机构.csv", b"PK\x03\x04"), Format::Csv);
    }
}

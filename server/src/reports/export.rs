//! The list as a spreadsheet: CSV (UTF-8 with a BOM, so Excel on a Chinese system reads it) and
//! XLSX (Chinese headers, the header row frozen, the submission time a real date). Rows are read
//! a batch at a time by the list's keyset: CSV goes out as each batch is read; XLSX rows go to a
//! temporary file (rust_xlsxwriter's constant memory) and the finished file is streamed.

use axum::body::{Body, Bytes};
use content::page_data::{ListFilters, ListRow};
use futures_util::stream::{self, Stream, StreamExt};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use sea_orm::{DatabaseConnection, DbErr};

use super::list::{self, Cursor};

const BATCH: u64 = 1000;

/// The columns, Chinese first: what staff here hand on.
pub const HEADERS: [&str; 9] = [
    "申报编号",
    "姓名",
    "证件号码",
    "申报系列",
    "申报级别",
    "状态",
    "工作单位",
    "主管部门",
    "提交时间",
];

struct Reader {
    db: DatabaseConnection,
    round_id: String,
    filters: ListFilters,
    /// The filters as a query, once read (a name search looks the names up first).
    matching: Option<sea_orm::Select<crate::entity::application::Entity>>,
    full: bool,
    after: Option<Cursor>,
    done: bool,
}

impl Reader {
    fn new(db: DatabaseConnection, round_id: String, filters: ListFilters, full: bool) -> Reader {
        Reader {
            db,
            round_id,
            filters,
            matching: None,
            full,
            after: None,
            done: false,
        }
    }

    /// The next batch of rows; empty at the end.
    async fn next_batch(&mut self) -> Result<Vec<ListRow>, DbErr> {
        if self.done {
            return Ok(Vec::new());
        }
        let matching = match &self.matching {
            Some(m) => m.clone(),
            None => {
                let m = list::matching(&self.db, &self.round_id, &self.filters).await?;
                self.matching = Some(m.clone());
                m
            }
        };
        let briefs = list::briefs(
            &self.db,
            matching,
            self.filters.newest_first,
            self.after,
            BATCH,
        )
        .await?;
        self.done = (briefs.len() as u64) < BATCH;
        self.after = briefs.last().and_then(list::Brief::cursor);
        list::rows(&self.db, &briefs, self.full).await
    }
}

fn cells(r: &ListRow) -> [String; 9] {
    [
        shared::status::display_reference(&r.reference),
        r.name.clone(),
        r.id_number.clone(),
        r.series
            .map(|s| s.label_zh().to_string())
            .unwrap_or_default(),
        r.level
            .map(|l| l.label_zh().to_string())
            .unwrap_or_default(),
        r.status.label_zh().to_string(),
        r.unit.clone(),
        r.department.clone(),
        r.submitted_at
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default(),
    ]
}

/// A cell as a spreadsheet will read it only as text: one starting with what Excel, WPS or
/// LibreOffice would take for a formula (`=`, `+`, `-`, `@`, a tab or a carriage return, and
/// their full-width forms) gets a leading `'` (OWASP's advice for CSV injection). Names and
/// units are typed by applicants; a list that runs `=HYPERLINK(…)` beside ID numbers is a
/// phishing link in the center's own file.
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠') => {
            std::borrow::Cow::Owned(format!("'{text}"))
        }
        _ => std::borrow::Cow::Borrowed(text),
    }
}

/// The CSV, produced as it is read.
pub fn csv(
    db: DatabaseConnection,
    round_id: String,
    filters: ListFilters,
    full: bool,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send {
    let reader = Reader::new(db, round_id, filters, full);
    let head = {
        let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        let _ = w.write_record(HEADERS);
        Bytes::from(w.into_inner().unwrap_or_default())
    };
    let body = stream::unfold(reader, |mut reader| async move {
        match reader.next_batch().await {
            Ok(rows) if rows.is_empty() => None,
            Ok(rows) => {
                let mut w = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 120));
                for r in &rows {
                    let _ = w.write_record(cells(r).iter().map(|c| csv_cell(c).into_owned()));
                }
                Some((Ok(Bytes::from(w.into_inner().unwrap_or_default())), reader))
            }
            Err(e) => {
                tracing::error!(error = %e, "an export stopped halfway");
                reader.done = true;
                Some((Err(std::io::Error::other(e.to_string())), reader))
            }
        }
    });
    // Fused: the compression layer may poll again after the end, which `unfold` forbids.
    stream::once(async move { Ok(head) }).chain(body).fuse()
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("the spreadsheet: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("the temporary file: {0}")]
    Io(#[from] std::io::Error),
}

/// The XLSX in a temporary file, then streamed from it (the file goes when the stream ends).
pub async fn xlsx(
    db: DatabaseConnection,
    round_id: String,
    filters: ListFilters,
    full: bool,
) -> Result<Body, ExportError> {
    let mut reader = Reader::new(db, round_id, filters, full);
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    {
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name("申报名单")?;
        for (c, h) in HEADERS.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (c, width) in [12, 10, 22, 16, 10, 22, 36, 28, 20].iter().enumerate() {
            sheet.set_column_width(c as u16, *width)?;
        }
    }
    let mut row = 1u32;
    loop {
        let rows = reader.next_batch().await?;
        if rows.is_empty() {
            break;
        }
        let sheet = workbook.worksheet_from_index(0)?;
        for r in &rows {
            let cells = cells(r);
            for (c, text) in cells.iter().enumerate().take(8) {
                sheet.write_string(row, c as u16, text)?;
            }
            if let Some(t) = r.submitted_at {
                let at = ExcelDateTime::parse_from_str(&t.format("%Y-%m-%dT%H:%M:%S").to_string())?;
                sheet.write_datetime_with_format(row, 8, &at, &when)?;
            }
            row += 1;
        }
    }
    let file = tokio::task::spawn_blocking(move || -> Result<std::fs::File, ExportError> {
        let mut file = tempfile()?;
        workbook.save_to_writer(&mut file)?;
        use std::io::Seek;
        file.rewind()?;
        Ok(file)
    })
    .await
    .map_err(|e| std::io::Error::other(e.to_string()))??;
    let file = tokio::fs::File::from_std(file);
    Ok(Body::from_stream(file_chunks(file)))
}

/// An unnamed temporary file: removed by the system once closed.
fn tempfile() -> std::io::Result<std::fs::File> {
    let path = std::env::temp_dir().join(format!("chuding-export-{}.xlsx", uuid::Uuid::new_v4()));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::fs::remove_file(&path)?;
    Ok(file)
}

/// The file's bytes, 64 KiB at a time.
fn file_chunks(file: tokio::fs::File) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send {
    stream::unfold(Some(file), |file| async move {
        use tokio::io::AsyncReadExt;
        let mut file = file?;
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
    .fuse()
}

#[cfg(test)]
mod tests {
    #[test]
    fn formula_starts_are_made_text() {
        for (cell, kept) in [
            (
                "=HYPERLINK(\"http://e.cn\",\"点此核对\")",
                "'=HYPERLINK(\"http://e.cn\",\"点此核对\")",
            ),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("+86", "'+86"),
            ("-1", "'-1"),
            ("\tx", "'\tx"),
            ("＝1+1", "'＝1+1"),
            ("王小明", "王小明"),
            ("2026-1-000123-4", "2026-1-000123-4"),
            ("", ""),
        ] {
            assert_eq!(super::csv_cell(cell), kept);
        }
    }
}

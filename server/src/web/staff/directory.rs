//! The center administrator's directory pages: `/staff/{center}/organisations` lists every
//! organisation with a form to add one and a file import; `…/organisations/{id}` edits one. Only
//! a center administrator of that organisation gets them (403, logged, for anyone else).

use crate::web::door::{Door, StaffRoute};
use axum::routing::{get, post};
use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use content::page_data::{DirectoryData, DirectoryRow, ImportOutcome, ImportProblem, PageData};
use shared::workflow::OrganisationKind;

use super::super::error::WebError;
use super::super::extract::{CsrfForm, CsrfUpload, Fields, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::directory::import::{self, Format, ImportError};
use crate::directory::Organisation;
use crate::directory::{self, DirectoryError, RawEntry};

/// The member as the center's administrator, or refused.
fn row(o: &Organisation, names: &BTreeMap<i32, String>) -> DirectoryRow {
    DirectoryRow {
        id: o.id,
        name: o.name.clone(),
        kind: OrganisationKind::from_code(&o.kind),
        credit_code: o.credit_code.clone(),
        department: o
            .department_id
            .and_then(|d| Some((d, names.get(&d)?.clone()))),
    }
}

/// The page, with the organisation `editing` in its form (none: a new one).
async fn page(
    state: &AppState,
    member: &StaffMember,
    editing: Option<i32>,
    import: Option<ImportOutcome>,
) -> Result<Page, WebError> {
    let all = directory::all(&state.db).await?;
    let names: BTreeMap<i32, String> = all.iter().map(|o| (o.id, o.name.clone())).collect();
    let departments = all
        .iter()
        .filter(|o| o.kind == OrganisationKind::CompetentDepartment.as_str())
        .map(|o| (o.id, o.name.clone()))
        .collect();
    let editing = match editing {
        Some(id) => Some(
            all.iter()
                .find(|o| o.id == id)
                .map(|o| row(o, &names))
                .ok_or(WebError::NotFound)?,
        ),
        None => None,
    };
    let entries = all.iter().map(|o| row(o, &names)).collect();
    let data = DirectoryData {
        organisation: organisation_of(member),
        entries,
        departments,
        editing,
        import,
    };
    Ok(Page::ok().with_data(PageData::Directory(Box::new(data))))
}

pub async fn list(State(state): State<AppState>, member: StaffMember) -> Result<Page, WebError> {
    super::center_admin(&member, "the directory")?;
    page(&state, &member, None, None).await
}

pub async fn edit(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, id)): Path<(i32, i32)>,
) -> Result<Page, WebError> {
    super::center_admin(&member, "the directory")?;
    page(&state, &member, Some(id), None).await
}

fn raw(f: &Fields) -> RawEntry {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    RawEntry {
        name: get("name"),
        kind: get("kind"),
        credit_code: get("credit_code"),
        department: get("department"),
    }
}

async fn save(
    state: &AppState,
    member: &StaffMember,
    id: Option<i32>,
    f: Fields,
) -> Result<Response, WebError> {
    super::center_admin(member, "the directory")?;
    let form = page(state, member, id, None).await?.with_values(f.clone());
    let entry = raw(&f)
        .read()
        .map_err(|errors| WebError::Refused(form.clone().with_errors(errors)))?;
    match directory::save(&state.db, state.clock.now(), id, &entry).await {
        Ok(saved) => {
            tracing::info!(
                account = member.person.account.id,
                organisation = saved.id,
                new = id.is_none(),
                "the directory changed"
            );
            Ok(Redirect::to(&format!(
                "/staff/{}/organisations?saved={}#org-{}",
                member.organisation.id, saved.id, saved.id
            ))
            .into_response())
        }
        Err(DirectoryError::Invalid(errors)) => Err(WebError::Refused(form.with_errors(errors))),
        Err(DirectoryError::Db(e)) => Err(e.into()),
    }
}

pub async fn add(
    State(state): State<AppState>,
    member: StaffMember,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    save(&state, &member, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, id)): Path<(i32, i32)>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    save(&state, &member, Some(id), f).await
}

/// A CSV or XLSX file: all of it, or nothing with every problem by line and field.
pub async fn import_file(
    State(state): State<AppState>,
    member: StaffMember,
    upload: CsrfUpload,
) -> Result<Page, WebError> {
    super::center_admin(&member, "the directory")?;
    let Some(file) = upload.file else {
        let problems = vec![ImportProblem {
            line: 0,
            field: "file".into(),
            zh: "请选择要导入的 CSV 或 XLSX 文件".into(),
            en: "Choose a CSV or XLSX file to import".into(),
        }];
        return Err(WebError::Refused(
            page(
                &state,
                &member,
                None,
                Some(ImportOutcome::Refused { problems, count: 1 }),
            )
            .await?,
        ));
    };
    let format = Format::of(&file.file_name, &file.bytes);
    let outcome = match import::import(&state.db, state.clock.now(), &file.bytes, format).await {
        Ok(report) => {
            tracing::info!(account = member.person.account.id, file = %file.file_name, added = report.added, updated = report.updated, "a directory file was imported");
            ImportOutcome::Imported {
                added: report.added,
                updated: report.updated,
            }
        }
        Err(ImportError::Lines(lines)) => {
            let count = lines.len();
            let problems = lines
                .into_iter()
                .take(import::MAX_SHOWN)
                .map(|l| ImportProblem {
                    line: l.line,
                    field: l.error.field,
                    zh: l.error.zh,
                    en: l.error.en,
                })
                .collect();
            return Err(WebError::Refused(
                page(
                    &state,
                    &member,
                    None,
                    Some(ImportOutcome::Refused { problems, count }),
                )
                .await?,
            ));
        }
        Err(ImportError::Db(e)) => return Err(e.into()),
    };
    page(&state, &member, None, Some(outcome)).await
}

/// This desk's routes: path, door, handlers (see `web::door::StaffRoute`).
pub const ROUTES: &[StaffRoute] = &[
    StaffRoute::get("/staff/{org}/organisations", Door::CenterAdmin, || {
        get(list)
    })
    .and_post(|| post(add)),
    StaffRoute::post(
        "/staff/{org}/organisations/import",
        Door::CenterAdmin,
        || post(import_file),
    ),
    StaffRoute::get("/staff/{org}/organisations/{id}", Door::CenterAdmin, || {
        get(edit)
    })
    .and_post(|| post(update)),
];

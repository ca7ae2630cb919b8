//! The center administrator's invitations: `/staff/{center}/invitations` lists them and makes a
//! new one (the link shown once), `…/invitations/{id}/revoke` revokes an open one. Only a center
//! administrator of that organisation gets them.

use crate::web::door::{Door, StaffRoute};
use axum::routing::{get, post};
use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use content::page_data::{InvitationRow, InvitationsData, PageData};
use content::questionnaire::answers::FieldError;
use shared::workflow::OrganisationKind;
use shared::{IdNumber, IdType, Role};

use super::super::error::WebError;
use super::super::extract::{CsrfForm, Fields, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::auth::invitation::{self, standing, InvitationError, NewInvitation, Standing};

async fn page(
    state: &AppState,
    member: &StaffMember,
    new_link: Option<String>,
) -> Result<Page, WebError> {
    let orgs = crate::directory::all(&state.db).await?;
    let names: BTreeMap<i32, String> = orgs.iter().map(|o| (o.id, o.name.clone())).collect();
    let now = state.clock.now();
    let rows = invitation::all(&state.db)
        .await?
        .into_iter()
        .map(|i| InvitationRow {
            id: i.id,
            name: i.real_name.clone(),
            id_masked: shared::identity::mask(&i.id_number),
            organisation: names.get(&i.organisation_id).cloned().unwrap_or_default(),
            role: Role::from_code(&i.role),
            standing: match standing(&i, now) {
                Standing::Open => "open",
                Standing::Accepted => "accepted",
                Standing::Revoked => "revoked",
                Standing::Expired => "expired",
            }
            .into(),
            expires_at: crate::clock::in_china(&i.expires_at).naive_local(),
        })
        .collect();
    let organisations = orgs
        .iter()
        .map(|o| (o.id, o.name.clone(), OrganisationKind::from_code(&o.kind)))
        .collect();
    Ok(
        Page::ok().with_data(PageData::Invitations(Box::new(InvitationsData {
            organisation: organisation_of(member),
            rows,
            organisations,
            new_link,
        }))),
    )
}

pub async fn list(State(state): State<AppState>, member: StaffMember) -> Result<Page, WebError> {
    super::center_admin(&member, "the invitations")?;
    page(&state, &member, None).await
}

/// The invitation from the form's fields, or each field's problem.
fn read(f: &Fields, today: chrono::NaiveDate) -> Result<NewInvitation, Vec<FieldError>> {
    let get = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let mut errors = Vec::new();
    let real_name = get("real_name");
    if real_name.is_empty() || real_name.chars().count() > 50 {
        errors.push(FieldError::new(
            "real_name",
            "请填写被邀请人的姓名（最多 50 个字）",
            "Enter the invitee's full name (at most 50 characters)",
        ));
    }
    let id = match IdType::from_code(&get("id_type")) {
        None => {
            errors.push(FieldError::new(
                "id_type",
                "请选择证件类型",
                "Choose the document type",
            ));
            None
        }
        Some(t) => IdNumber::parse(t, &get("id_number"), today)
            .map_err(|e| errors.push(FieldError::new("id_number", e.zh, e.en)))
            .ok(),
    };
    let mobile = get("mobile");
    if !(mobile.len() == 11
        && mobile.starts_with('1')
        && mobile.bytes().all(|b| b.is_ascii_digit()))
    {
        errors.push(FieldError::new(
            "mobile",
            "请填写 11 位手机号码",
            "Enter an 11-digit mobile number",
        ));
    }
    let organisation_id = get("organisation").parse::<i32>().ok();
    if organisation_id.is_none() {
        errors.push(FieldError::new(
            "organisation",
            "请选择组织",
            "Choose the organisation",
        ));
    }
    let role = Role::from_code(&get("role")).filter(|r| r.is_staff());
    if role.is_none() {
        errors.push(FieldError::new("role", "请选择角色", "Choose the role"));
    }
    match (errors.is_empty(), id, organisation_id, role) {
        (true, Some(id), Some(organisation_id), Some(role)) => Ok(NewInvitation {
            organisation_id,
            role,
            real_name,
            id_type: id.id_type.as_str().into(),
            id_number: id.number,
            mobile,
        }),
        _ => Err(errors),
    }
}

/// The link as the person will open it, on the site's public address (`--public-url`).
fn link(state: &AppState, token: &str) -> String {
    format!("{}/invite/{token}", state.public_url)
}

pub async fn create(
    State(state): State<AppState>,
    member: StaffMember,
    CsrfForm(f): CsrfForm,
) -> Result<Page, WebError> {
    let by = super::center_admin(&member, "the invitations")?;
    let form = page(&state, &member, None).await?.with_values(f.clone());
    let new = read(&f, state.clock.today())
        .map_err(|e| WebError::Refused(form.clone().with_errors(e)))?;
    match invitation::create(&state.db, state.clock.now(), by, &new).await {
        Ok((_, token)) => page(&state, &member, Some(link(&state, &token))).await,
        Err(InvitationError::RoleDoesNotFit) => Err(WebError::Refused(form.with_errors(vec![FieldError::new(
            "role",
            "这个角色不属于该类组织：单位审核人在单位和档案管理部门，主管部门审核人在主管部门，派遣单位审核人在派遣单位，中心工作人员和管理员在人才服务中心",
            "This role does not belong in that kind of organisation: unit reviewers in units and file keepers, department reviewers in departments, agency reviewers in agencies, center staff and administrators in the center",
        )]))),
        Err(InvitationError::Db(e)) => Err(e.into()),
        Err(_) => Err(WebError::Unavailable),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    member: StaffMember,
    Path((org, id)): Path<(i32, i32)>,
    CsrfForm(_): CsrfForm,
) -> Result<Response, WebError> {
    let by = super::center_admin(&member, "the invitations")?;
    invitation::revoke(&state.db, state.clock.now(), id, by).await?;
    Ok(Redirect::to(&format!("/staff/{org}/invitations")).into_response())
}

/// This desk's routes: path, door, handlers (see `web::door::StaffRoute`).
pub const ROUTES: &[StaffRoute] = &[
    StaffRoute::get("/staff/{org}/invitations", Door::CenterAdmin, || get(list))
        .and_post(|| post(create)),
    StaffRoute::post(
        "/staff/{org}/invitations/{id}/revoke",
        Door::CenterAdmin,
        || post(revoke),
    ),
];

//! The directory of organisations: units (municipal and non-public), competent departments,
//! dispatch agencies, personnel-file keepers and the center. An entry is read from the
//! administrator's form or a row of an imported file, checked (its kind, its unified social credit
//! code by GB 32100, a municipal unit's competent department) and written. Applicants choose their
//! unit and agency from it; reviewers act for the organisations in it.

pub mod import;

/// An organisation of the directory as it is stored.
pub type Organisation = crate::entity::organisation::Model;

use chrono::{DateTime, FixedOffset};
use content::questionnaire::answers::FieldError;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use shared::credit_code::CreditCode;
use shared::workflow::OrganisationKind;

use crate::entity::organisation;

/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// An entry as typed or as read from a file: every field text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawEntry {
    pub name: String,
    pub kind: String,
    pub credit_code: String,
    /// A municipal unit's competent department: its id (the form), name or credit code (a file).
    pub department: String,
}

/// An entry that passed every check that needs no database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub kind: OrganisationKind,
    pub credit_code: CreditCode,
    pub department: Option<String>,
}

/// A kind as people write it: its code, its Chinese or English name, or a short Chinese name.
pub fn kind_from_text(text: &str) -> Option<OrganisationKind> {
    let t = text.trim();
    OrganisationKind::ALL
        .iter()
        .copied()
        .find(|k| k.as_str() == t || k.label_zh() == t || k.label_en().eq_ignore_ascii_case(t))
        .or(match t {
            "市直单位" | "市属单位" | "市直" => Some(OrganisationKind::MunicipalUnit),
            "非公单位" | "非公有制" | "非公" => Some(OrganisationKind::NonPublicUnit),
            "派遣机构" | "劳务派遣单位" => Some(OrganisationKind::DispatchAgency),
            "档案管理部门" | "档案保管部门" => Some(OrganisationKind::FileKeeping),
            "人才服务中心" | "中心" => Some(OrganisationKind::Center),
            _ => None,
        })
}

impl RawEntry {
    /// The entry, or every field's problem.
    pub fn read(&self) -> Result<Entry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_string();
        let chars = name.chars().count();
        if name.is_empty() {
            errors.push(FieldError::new(
                "name",
                "请填写组织名称",
                "Enter the organisation's name",
            ));
        } else if chars > MAX_NAME_CHARS {
            errors.push(FieldError::new(
                "name",
                format!("名称最多 {MAX_NAME_CHARS} 个字，现在是 {chars} 个字"),
                format!("A name has at most {MAX_NAME_CHARS} characters; this one has {chars}"),
            ));
        }
        let kind = kind_from_text(&self.kind);
        if kind.is_none() {
            let known = OrganisationKind::ALL
                .iter()
                .map(|k| k.label_zh())
                .collect::<Vec<_>>()
                .join("、");
            let known_en = OrganisationKind::ALL
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let (zh, en) = if self.kind.trim().is_empty() {
                (
                    format!("请选择类型（{known}）"),
                    format!("Choose the kind ({known_en})"),
                )
            } else {
                (
                    format!("不认识的类型“{}”，应为：{known}", self.kind.trim()),
                    format!("Unknown kind “{}”; one of: {known_en}", self.kind.trim()),
                )
            };
            errors.push(FieldError::new("kind", zh, en));
        }
        let credit_code = if self.credit_code.trim().is_empty() {
            errors.push(FieldError::new(
                "credit_code",
                "请填写统一社会信用代码",
                "Enter the unified social credit code",
            ));
            None
        } else {
            CreditCode::parse(&self.credit_code)
                .map_err(|e| errors.push(FieldError::new("credit_code", e.zh, e.en)))
                .ok()
        };
        let department = Some(self.department.trim().to_string()).filter(|d| !d.is_empty());
        match (kind, &department) {
            (Some(OrganisationKind::MunicipalUnit), None) => errors.push(FieldError::new(
                "department",
                "市直单位须填写主管部门（通知 四（四））",
                "A municipal unit needs its competent department (notice section 4(4))",
            )),
            // A dispatch agency's department stamps for the workers it sends to non-public units
            // and file keepers (四（六）; see `shared::approval_chain`).
            (Some(k), Some(_))
                if !matches!(
                    k,
                    OrganisationKind::MunicipalUnit | OrganisationKind::DispatchAgency
                ) =>
            {
                errors.push(FieldError::new(
                    "department",
                    "只有市直单位和派遣单位填写主管部门",
                    "Only a municipal unit or a dispatch agency has a competent department",
                ))
            }
            _ => {}
        }
        match (kind, credit_code) {
            (Some(kind), Some(credit_code)) if errors.is_empty() => Ok(Entry {
                name,
                kind,
                credit_code,
                department,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("invalid: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

/// The competent department a text names: an id, a credit code or a name in the directory.
pub async fn find_department<C: ConnectionTrait>(
    db: &C,
    text: &str,
) -> Result<Option<organisation::Model>, DbErr> {
    let departments = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrganisationKind::CompetentDepartment.as_str()));
    let by_code = CreditCode::parse(text).ok().map(|c| c.as_str().to_string());
    let found = match (text.parse::<i32>(), by_code) {
        (Ok(id), _) => {
            departments
                .filter(organisation::Column::Id.eq(id))
                .one(db)
                .await?
        }
        (_, Some(code)) => {
            departments
                .filter(organisation::Column::CreditCode.eq(code))
                .one(db)
                .await?
        }
        _ => {
            departments
                .filter(organisation::Column::Name.eq(text.trim()))
                .order_by_asc(organisation::Column::Id)
                .one(db)
                .await?
        }
    };
    Ok(found)
}

fn department_unknown(text: &str) -> FieldError {
    FieldError::new(
        "department",
        format!("名录中没有主管部门“{text}”，请先添加该主管部门"),
        format!("There is no competent department “{text}” in the directory; add it first"),
    )
}

/// Writes `entry` as a new organisation (`id` none) or over organisation `id`. The credit code
/// is one organisation's only.
pub async fn save<C: ConnectionTrait>(
    db: &C,
    now: DateTime<FixedOffset>,
    id: Option<i32>,
    entry: &Entry,
) -> Result<organisation::Model, DirectoryError> {
    let department_id = match &entry.department {
        Some(text) => match find_department(db, text).await? {
            Some(d) if Some(d.id) != id => Some(d.id),
            _ => return Err(DirectoryError::Invalid(vec![department_unknown(text)])),
        },
        None => None,
    };
    let holder = organisation::Entity::find()
        .filter(organisation::Column::CreditCode.eq(entry.credit_code.as_str()))
        .one(db)
        .await?;
    if let Some(other) = holder.filter(|o| Some(o.id) != id) {
        return Err(DirectoryError::Invalid(vec![FieldError::new(
            "credit_code",
            format!("该统一社会信用代码已属于“{}”", other.name),
            format!(
                "This unified social credit code is already “{}”'s",
                other.name
            ),
        )]));
    }
    let row = match id {
        Some(id) => {
            let Some(existing) = organisation::Entity::find_by_id(id).one(db).await? else {
                return Err(DirectoryError::Invalid(vec![FieldError::new(
                    "name",
                    "该组织已不在名录中",
                    "This organisation is no longer in the directory",
                )]));
            };
            let mut row: organisation::ActiveModel = existing.into();
            row.name = Set(entry.name.clone());
            row.kind = Set(entry.kind.as_str().into());
            row.credit_code = Set(Some(entry.credit_code.as_str().into()));
            row.department_id = Set(department_id);
            row.update(db).await?
        }
        None => {
            organisation::ActiveModel {
                name: Set(entry.name.clone()),
                kind: Set(entry.kind.as_str().into()),
                credit_code: Set(Some(entry.credit_code.as_str().into())),
                department_id: Set(department_id),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
    };
    Ok(row)
}

/// The whole directory, by kind then name.
pub async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<organisation::Model>, DbErr> {
    organisation::Entity::find()
        .order_by_asc(organisation::Column::Kind)
        .order_by_asc(organisation::Column::Name)
        .order_by_asc(organisation::Column::Id)
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(name: &str, kind: &str, code: &str, department: &str) -> RawEntry {
        RawEntry {
            name: name.into(),
            kind: kind.into(),
            credit_code: code.into(),
            department: department.into(),
        }
    }

    const CODE: &str = "91320700MA1XYT1234";

    fn valid_code() -> String {
        let first17 = &CODE[..17];
        format!(
            "{first17}{}",
            shared::credit_code::check_char(first17).unwrap()
        )
    }

    #[test]
    fn an_entry_needs_a_name_a_kind_a_valid_code_and_for_a_municipal_unit_its_department() {
        let code = valid_code();
        assert!(raw("某某公司", "非公有制单位", &code, "").read().is_ok());
        assert!(
            raw("某某公司", "non_public_unit", &code.to_lowercase(), "")
                .read()
                .is_ok(),
            "codes as typed, kinds by code"
        );
        let fields = |r: RawEntry| {
            r.read()
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(raw("", "", "", "")), ["name", "kind", "credit_code"]);
        assert_eq!(
            fields(raw("某某局属单位", "市直单位", &code, "")),
            ["department"]
        );
        assert_eq!(
            fields(raw("某某公司", "非公有制单位", &code, "市住建局")),
            ["department"]
        );
        // An agency's department stamps for the workers it sends to non-public units (四（六）).
        assert!(raw("某某公司", "派遣单位", &code, "市住建局")
            .read()
            .is_ok());
        let mut wrong = code.clone();
        wrong.replace_range(17.., if code.ends_with('0') { "1" } else { "0" });
        assert_eq!(
            fields(raw("某某公司", "派遣单位", &wrong, "")),
            ["credit_code"]
        );
        assert_eq!(
            fields(raw(&"长".repeat(MAX_NAME_CHARS + 1), "派遣单位", &code, "")),
            ["name"]
        );
        assert_eq!(fields(raw("某某公司", "国企", &code, "")), ["kind"]);
    }

    #[test]
    fn kinds_are_read_by_code_and_name_in_both_languages() {
        for k in OrganisationKind::ALL {
            assert_eq!(kind_from_text(k.as_str()), Some(*k));
            assert_eq!(kind_from_text(k.label_zh()), Some(*k));
            assert_eq!(kind_from_text(&k.label_en().to_uppercase()), Some(*k));
        }
        assert_eq!(
            kind_from_text(" 市直单位 "),
            Some(OrganisationKind::MunicipalUnit)
        );
        assert_eq!(kind_from_text("公司"), None);
    }
}

/// The organisation with this id.
pub async fn organisation(
    db: &sea_orm::DatabaseConnection,
    id: i32,
) -> Result<Option<organisation::Model>, sea_orm::DbErr> {
    organisation::Entity::find_by_id(id).one(db).await
}

/// The names of these organisations, by id (the lists and the dashboard show names, not ids).
pub async fn names(
    db: &sea_orm::DatabaseConnection,
    mut ids: Vec<i32>,
) -> Result<std::collections::BTreeMap<i32, String>, sea_orm::DbErr> {
    use sea_orm::QuerySelect;
    ids.sort_unstable();
    ids.dedup();
    Ok(organisation::Entity::find()
        .select_only()
        .columns([organisation::Column::Id, organisation::Column::Name])
        .filter(organisation::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The organisations of these kinds, by name: what a person chooses from (an applicant their unit
/// or agency, the center a list's filter).
pub async fn choices(
    db: &sea_orm::DatabaseConnection,
    kinds: &[OrganisationKind],
) -> Result<Vec<content::page_data::OrganisationChoice>, sea_orm::DbErr> {
    use sea_orm::{QueryOrder, QuerySelect};
    Ok(organisation::Entity::find()
        .select_only()
        .columns([
            organisation::Column::Id,
            organisation::Column::Name,
            organisation::Column::Kind,
        ])
        .filter(organisation::Column::Kind.is_in(kinds.iter().map(|k| k.as_str())))
        .order_by_asc(organisation::Column::Name)
        .into_tuple::<(i32, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(id, name, kind)| {
            Some(content::page_data::OrganisationChoice {
                id,
                name,
                kind: OrganisationKind::from_code(&kind)?,
            })
        })
        .collect())
}

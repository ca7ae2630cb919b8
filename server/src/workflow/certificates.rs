//! Issuing the certificate of an approved application (五（五））: a number in the round's series
//! (year, half, serial, check character), the qualification named by series and level, and the
//! application certified. Issuing twice gives the same certificate, never two: the table keeps one
//! per application, and a number taken meanwhile by another process is simply the next one's.

/// A certificate as it was issued and stored.
pub type Issued = crate::entity::certificate::Model;

use chrono::{DateTime, Datelike, FixedOffset};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, JoinType, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use shared::certificate::{qualification, CertificateNumber};
use shared::{Action, ApplicationStatus, Level, Round, Series};

use super::transition::{self, Request};
use super::{allowed, status_of, Actor, Refusal, WorkflowError};
use crate::entity::{account, application, certificate};

/// The year and half-year of `round`'s numbers, from its cutoff (04-30 is the first half).
pub fn round_half(round: &Round) -> (u16, u8) {
    let cutoff = round.cutoff_date;
    (
        cutoff.year() as u16,
        if cutoff.month() <= 6 { 1 } else { 2 },
    )
}

/// The certificate of an application, if issued.
pub async fn of(
    db: &DatabaseConnection,
    application_id: i32,
) -> Result<Option<certificate::Model>, WorkflowError> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::ApplicationId.eq(application_id))
        .one(db)
        .await?)
}

/// The next free number of the round: one after the highest issued.
async fn next_number(
    db: &DatabaseConnection,
    (year, half): (u16, u8),
) -> Result<CertificateNumber, WorkflowError> {
    let prefix = format!("{year:04}{half}");
    let last = certificate::Entity::find()
        .filter(certificate::Column::Number.starts_with(&prefix))
        .order_by_desc(certificate::Column::Number)
        .one(db)
        .await?;
    let serial = match last {
        Some(c) => CertificateNumber::parse(&c.number)
            .map(|n| n.serial + 1)
            .map_err(|e| WorkflowError::Db(sea_orm::DbErr::Custom(e.en.into())))?,
        None => 1,
    };
    CertificateNumber::new(year, half, serial).ok_or_else(|| {
        Refusal::field(
            "number",
            "本轮证书编号已用完",
            "This round has run out of certificate numbers",
        )
        .into()
    })
}

/// Issues the certificate of `app` as `actor` (the center's staff), or gives the one it has.
pub async fn issue(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
) -> Result<certificate::Model, WorkflowError> {
    // Only those who may issue get one back, even one already issued.
    allowed(ApplicationStatus::Approved, Action::IssueCertificate, actor)?;
    if let Some(existing) = of(db, app.id).await? {
        return Ok(existing);
    }
    let status = status_of(&app.status)?;
    allowed(status, Action::IssueCertificate, actor)?;
    let (Some(series), Some(level)) = (
        app.series.as_deref().and_then(Series::from_code),
        app.level.as_deref().and_then(Level::from_code),
    ) else {
        return Err(Refusal::field(
            "level",
            "申报没有系列或级别，无法发证",
            "The application has no series or level to certify",
        )
        .into());
    };
    if qualification(series, level).is_none() {
        return Err(Refusal::field(
            "level",
            format!(
                "{}系列没有{}的资格名称",
                series.label_zh(),
                level.label_zh()
            ),
            format!(
                "The {} series names no qualification at the {} level",
                series.label_en(),
                level.label_en()
            ),
        )
        .into());
    }
    let half = round_half(round);
    let mut attempts = 0;
    let issued = loop {
        let number = next_number(db, half).await?;
        let row = certificate::ActiveModel {
            application_id: Set(app.id),
            number: Set(number.compact()),
            verification_code: Set(uuid::Uuid::new_v4().simple().to_string()),
            level: Set(level.as_str().into()),
            series: Set(series.as_str().into()),
            issued_at: Set(now),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            revoked_by: Set(None),
            ..Default::default()
        };
        match row.insert(db).await {
            Ok(c) => break c,
            Err(e) => {
                // Issued meanwhile (the same application), or the number taken by another.
                if let Some(existing) = of(db, app.id).await? {
                    return Ok(existing);
                }
                attempts += 1;
                if attempts >= 5 {
                    return Err(e.into());
                }
            }
        }
    };
    let request = Request {
        application_id: app.id,
        expected: status,
        version: app.version,
        action: Action::IssueCertificate,
        reason: None,
        data: Some(serde_json::json!({ "number": issued.number }).to_string()),
        also: vec![],
    };
    match transition::transition(db, actor, now, request).await {
        Ok(ApplicationStatus::Certified) | Err(WorkflowError::Refused(Refusal::Stale)) => {
            Ok(issued)
        }
        Ok(other) => Err(WorkflowError::Db(sea_orm::DbErr::Custom(format!(
            "issuing led to {other:?}"
        )))),
        Err(e) => {
            // Not certified after all: the number goes back rather than name nobody.
            certificate::Entity::delete_by_id(issued.id)
                .exec(db)
                .await?;
            Err(e)
        }
    }
}

/// What the public check of a certificate finds (四 of #15: nothing beyond what was typed but the
/// qualification, level and date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Checked {
    Valid(certificate::Model),
    Revoked(certificate::Model),
    /// No certificate of that number with that name (which of the two is not said).
    NotFound,
}

/// The certificate `number` if it is the one of `name` (and, when given, of the ID number ending
/// in `id_end`).
pub async fn check(
    db: &DatabaseConnection,
    number: CertificateNumber,
    name: &str,
    id_end: Option<&str>,
) -> Result<Checked, WorkflowError> {
    // One query: the certificate with its holder's account, through the application.
    let found = certificate::Entity::find()
        .select_also(account::Entity)
        .join(
            JoinType::InnerJoin,
            certificate::Entity::belongs_to(application::Entity)
                .from(certificate::Column::ApplicationId)
                .to(application::Column::Id)
                .into(),
        )
        .join(
            JoinType::InnerJoin,
            application::Entity::belongs_to(account::Entity)
                .from(application::Column::AccountId)
                .to(account::Column::Id)
                .into(),
        )
        .filter(certificate::Column::Number.eq(number.compact()))
        .one(db)
        .await?;
    let Some((found, Some(holder))) = found else {
        return Ok(Checked::NotFound);
    };
    let id_matches = id_end.is_none_or(|end| {
        let end = end.trim().to_ascii_uppercase();
        !end.is_empty() && holder.id_number.to_ascii_uppercase().ends_with(&end)
    });
    if holder.real_name.trim() != name.trim() || !id_matches {
        return Ok(Checked::NotFound);
    }
    Ok(if found.revoked_at.is_some() {
        Checked::Revoked(found)
    } else {
        Checked::Valid(found)
    })
}

/// Revokes the certificate `number` (the center's administrator), with the reason the public
/// check will give; the holder's timeline shows it. Revoking it again changes nothing.
pub async fn revoke(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    number: CertificateNumber,
    reason: &str,
) -> Result<certificate::Model, WorkflowError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Refusal::field(
            "reason",
            "请写明撤销证书的原因（核验时会显示）",
            "Write why the certificate is revoked (the check will show it)",
        )
        .into());
    }
    let Some(found) = certificate::Entity::find()
        .filter(certificate::Column::Number.eq(number.compact()))
        .one(db)
        .await?
    else {
        return Err(Refusal::field(
            "number",
            "没有这个编号的证书",
            "No certificate has this number",
        )
        .into());
    };
    let holder = application::Entity::find_by_id(found.application_id)
        .one(db)
        .await?;
    let state = match &holder {
        Some(app) => status_of(&app.status)?,
        None => ApplicationStatus::Certified,
    };
    allowed(state, Action::RevokeCertificate, actor)?;
    if found.revoked_at.is_some() {
        return Ok(found);
    }
    let written = certificate::Entity::update_many()
        .col_expr(
            certificate::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .col_expr(
            certificate::Column::RevokedReason,
            sea_orm::sea_query::Expr::value(reason.to_string()),
        )
        .col_expr(
            certificate::Column::RevokedBy,
            sea_orm::sea_query::Expr::value(actor.account_id),
        )
        .filter(certificate::Column::Id.eq(found.id))
        .filter(certificate::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if written.rows_affected == 1 {
        if let Some(app) = holder {
            transition::record_step(
                db,
                &app,
                actor,
                now,
                "revoke_certificate",
                Some(format!("证书已撤销：{reason}")),
                false,
            )
            .await?;
        }
    }
    Ok(certificate::Entity::find_by_id(found.id)
        .one(db)
        .await?
        .unwrap_or(found))
}

use sea_orm::entity::prelude::*;

/// A certificate of initial determination: one per application, its number unique.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub application_id: i32,
    /// `shared::certificate::CertificateNumber::compact`.
    #[sea_orm(unique)]
    pub number: String,
    /// A random value the signed QR code will carry, so a number alone does not forge one.
    pub verification_code: String,
    /// A `shared::Level` code.
    pub level: String,
    /// A `shared::Series` code.
    pub series: String,
    pub issued_at: DateTimeWithTimeZone,
    pub revoked_at: Option<DateTimeWithTimeZone>,
    /// Why it was revoked, as the public check says.
    pub revoked_reason: Option<String>,
    /// The center's administrator who revoked it.
    pub revoked_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn level_of(&self) -> Option<shared::Level> {
        shared::Level::from_code(&self.level)
    }

    /// The qualification, named by series and level.
    pub fn qualification(&self) -> Option<shared::certificate::Qualification> {
        shared::Series::from_code(&self.series)
            .zip(self.level_of())
            .and_then(|(s, l)| shared::certificate::qualification(s, l))
    }

    /// The qualification's name in Chinese and English (empty where the table names none).
    pub fn qualification_words(&self) -> (String, String) {
        self.qualification()
            .map(|q| (q.zh.to_string(), q.en.to_string()))
            .unwrap_or_default()
    }

    /// The number as printed and typed: `2026-1-000123-4`.
    pub fn number_shown(&self) -> String {
        shared::certificate::CertificateNumber::parse(&self.number)
            .map(|n| n.to_string())
            .unwrap_or_else(|_| self.number.clone())
    }
}

//! The notice of a unit's 公示 (四（四））, to post in the workplace: who applies, in which series
//! and at which level, from when to when, and where objections go. Printed in Chinese, as posted.
//! The layout lives in `templates/publicity.typ`.

use serde::Serialize;
use shared::Round;

use super::Printable;

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub name: String,
    pub series: String,
    pub level: String,
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Notice {
    pub organisation: String,
    pub round_name: String,
    pub working_days: u32,
    /// The day it is printed, under the organisation's name.
    pub dated: String,
    pub rows: Vec<Row>,
    /// Where an objection can go besides the unit.
    pub center_phone: String,
}

impl Printable for Notice {
    const TEMPLATE: &'static str = "publicity.typ";
}

impl Notice {
    /// The notice as its page shows it, in the printed words.
    pub fn new(page: &content::page_data::PublicityNotice, round: &Round) -> Notice {
        let dash = || "—".to_string();
        Notice {
            organisation: page.organisation.name.clone(),
            round_name: round.name_zh.clone(),
            working_days: page.working_days,
            dated: page.today.format("%Y年%-m月%-d日").to_string(),
            rows: page
                .rows
                .iter()
                .map(|r| Row {
                    name: r.name.clone(),
                    series: r
                        .series
                        .map(|s| s.label_zh().to_string())
                        .unwrap_or_else(dash),
                    level: r
                        .level
                        .map(|l| l.label_zh().to_string())
                        .unwrap_or_else(dash),
                    start: r.start.format("%Y-%m-%d").to_string(),
                    end: r.end.format("%Y-%m-%d").to_string(),
                })
                .collect(),
            center_phone: content::CONTACT_PHONE.to_string(),
        }
    }
}

//! A round (批次) of initial determination: its cutoff date, windows, series lists and the
//! working-day calendar. These are data of a round (`data/rounds/<id>.json`), not constants:
//! the next round is a new data file, picked up by `build.rs`, not a code change.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{CalendarError, CalendarYear, WorkingCalendar, CHINA_CALENDAR_JSON};
use crate::profile::Series;

/// Every `data/rounds/*.json`, embedded by `build.rs` as `(file name, contents)`.
mod bundled {
    include!(concat!(env!("OUT_DIR"), "/rounds.rs"));
}

/// An inclusive range of dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DateWindow {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateWindow {
    /// Whether `date` lies in the window, both ends included.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// The round file as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundFile {
    id: String,
    name_zh: String,
    name_en: String,
    #[serde(default)]
    notice_date: Option<NaiveDate>,
    cutoff_date: NaiveDate,
    online_window: DateWindow,
    paper_window: DateWindow,
    #[serde(default = "five")]
    publicity_working_days: u32,
    exam_series: Vec<Series>,
    junior_exam_series: Vec<Series>,
    access_series: Vec<Series>,
    /// The reasons the center may give for a rejection at the re-review (五（五）); the built-in
    /// list when the file has none.
    #[serde(default = "built_in_reject_reasons")]
    reject_reasons: Vec<ReasonText>,
    /// The rounds expected after this one, before their notices: a cutoff and windows.
    #[serde(default)]
    expected_rounds: Vec<ExpectedRound>,
    calendar: String,
}

/// A later round as this round's file expects it (not yet announced).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedRound {
    id: String,
    name_zh: String,
    name_en: String,
    cutoff_date: NaiveDate,
    online_window: DateWindow,
}

/// A round after this one: announced (its own round file is bundled) or only expected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundAhead {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub cutoff_date: NaiveDate,
    pub online_window: DateWindow,
    /// Expected from the pattern of past rounds, not yet announced by a notice.
    pub expected: bool,
}

fn five() -> u32 {
    5
}

/// A reason the center may give, in both languages, as the applicant will read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonText {
    /// Letters, digits and `_`: the form's field is `reject_{code}`.
    pub code: String,
    pub zh: String,
    pub en: String,
    /// Chosen alone it says nothing: the decision must also be written out ("other").
    #[serde(default)]
    pub needs_text: bool,
}

fn built_in_reject_reasons() -> Vec<ReasonText> {
    crate::workflow::RejectReason::ALL
        .iter()
        .map(|r| ReasonText {
            code: r.as_str().into(),
            zh: r.label_zh().into(),
            en: r.label_en().into(),
            needs_text: *r == crate::workflow::RejectReason::Other,
        })
        .collect()
}

/// One round's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Round {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub notice_date: Option<NaiveDate>,
    /// 资历计算截止: seniority is counted to this date (二（一）5).
    pub cutoff_date: NaiveDate,
    pub online_window: DateWindow,
    /// Paper materials: working days only inside this window.
    pub paper_window: DateWindow,
    /// 四（四）: the unit's publicity lasts at least this many working days.
    pub publicity_working_days: u32,
    /// 一（末段）: national-exam series, excluded at every level.
    pub exam_series: Vec<Series>,
    /// 一（末段）: provincial junior-exam series (archives), excluded at technician and assistant.
    pub junior_exam_series: Vec<Series>,
    /// 二（五）: occupational-access series.
    pub access_series: Vec<Series>,
    /// The re-review's reasons for a rejection (五（五））, as the round file gives them.
    pub reject_reasons: Vec<ReasonText>,
    /// The rounds after this one, by cutoff: a bundled round file replaces the expectation of
    /// the same id.
    pub ahead: Vec<RoundAhead>,
    pub calendar: WorkingCalendar,
}

/// A round with its calendar written out: how the server hands the round it runs with
/// (`--round FILE`) to the browser, so the live verdict is the server's.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundWithCalendar {
    round: RoundFile,
    calendar_years: Vec<CalendarYear>,
}

/// A refused round file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundError {
    pub field: String,
    pub message: String,
}

impl core::fmt::Display for RoundError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "round field `{}`: {}", self.field, self.message)
    }
}

impl std::error::Error for RoundError {}

impl From<CalendarError> for RoundError {
    fn from(e: CalendarError) -> Self {
        match e {
            CalendarError::Invalid { field, message } => RoundError {
                field: format!("calendar.{field}"),
                message,
            },
            other => RoundError {
                field: "calendar".into(),
                message: other.to_string(),
            },
        }
    }
}

impl Round {
    /// The reject reason of this code, if the round has it.
    pub fn reject_reason(&self, code: &str) -> Option<&ReasonText> {
        self.reject_reasons.iter().find(|r| r.code == code)
    }

    /// Working days left to hand in paper materials, counting `today` when it is one (四, 五（四）):
    /// before the window, all of it; after it, none. Weekends and holidays do not count.
    pub fn paper_working_days_left(&self, today: NaiveDate) -> Result<u32, CalendarError> {
        let window = self.paper_window;
        if today > window.end {
            return Ok(0);
        }
        self.calendar
            .working_days_between(today.max(window.start), window.end)
    }

    /// Parses a round file; its `calendar` names a bundled calendar (`cn`).
    pub fn from_json(json: &str) -> Result<Round, RoundError> {
        let file = parse_round_file(json)?;
        let calendar = match file.calendar.as_str() {
            "cn" => WorkingCalendar::from_json(CHINA_CALENDAR_JSON)?,
            other => {
                return Err(RoundError {
                    field: "calendar".into(),
                    message: format!("unknown calendar {other:?}, expected \"cn\""),
                })
            }
        };
        Self::build(file, calendar)
    }

    /// Parses a round file with the given calendar data (format of `data/calendar/cn.json`).
    pub fn from_json_with_calendar(
        round_json: &str,
        calendar_json: &str,
    ) -> Result<Round, RoundError> {
        let file = parse_round_file(round_json)?;
        Self::build(file, WorkingCalendar::from_json(calendar_json)?)
    }

    fn build(f: RoundFile, calendar: WorkingCalendar) -> Result<Round, RoundError> {
        let err = |field: &str, message: String| RoundError {
            field: field.into(),
            message,
        };
        if f.id.trim().is_empty() {
            return Err(err("id", "must not be empty".into()));
        }
        for (name, w) in [
            ("online_window", f.online_window),
            ("paper_window", f.paper_window),
        ] {
            if w.start > w.end {
                return Err(err(
                    name,
                    format!("start {} is after end {}", w.start, w.end),
                ));
            }
            if w.start <= f.cutoff_date {
                return Err(err(
                    name,
                    format!(
                        "opens on {}, not after the cutoff {}",
                        w.start, f.cutoff_date
                    ),
                ));
            }
            // The windows are counted in working days: the calendar must cover them.
            calendar
                .working_days_between(w.start, w.end)
                .map_err(|e| err(name, e.to_string()))?;
        }
        if f.publicity_working_days == 0 {
            return Err(err("publicity_working_days", "must be at least 1".into()));
        }
        if f.reject_reasons.is_empty() {
            return Err(err(
                "reject_reasons",
                "must name at least one reason".into(),
            ));
        }
        for (i, r) in f.reject_reasons.iter().enumerate() {
            let field = format!("reject_reasons[{i}]");
            if r.code.is_empty()
                || !r
                    .code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                return Err(err(
                    &format!("{field}.code"),
                    "lower-case letters, digits and _ only".into(),
                ));
            }
            if r.zh.trim().is_empty() || r.en.trim().is_empty() {
                return Err(err(&field, "needs its words in Chinese and English".into()));
            }
            if f.reject_reasons[..i].iter().any(|o| o.code == r.code) {
                return Err(err(
                    &format!("{field}.code"),
                    format!("{:?} is given twice", r.code),
                ));
            }
        }
        for (i, e) in f.expected_rounds.iter().enumerate() {
            if e.cutoff_date <= f.cutoff_date {
                return Err(err(
                    &format!("expected_rounds[{i}].cutoff_date"),
                    format!(
                        "{} is not after this round's cutoff {}",
                        e.cutoff_date, f.cutoff_date
                    ),
                ));
            }
            if e.online_window.start <= e.cutoff_date || e.online_window.start > e.online_window.end
            {
                return Err(err(
                    &format!("expected_rounds[{i}].online_window"),
                    "must open after its cutoff and not end before it opens".into(),
                ));
            }
        }
        let ahead = rounds_ahead(f.cutoff_date, &f.expected_rounds);
        Ok(Round {
            ahead,
            id: f.id,
            name_zh: f.name_zh,
            name_en: f.name_en,
            notice_date: f.notice_date,
            cutoff_date: f.cutoff_date,
            online_window: f.online_window,
            paper_window: f.paper_window,
            publicity_working_days: f.publicity_working_days,
            exam_series: f.exam_series,
            junior_exam_series: f.junior_exam_series,
            access_series: f.access_series,
            reject_reasons: f.reject_reasons,
            calendar,
        })
    }

    /// The round and its calendar as one JSON document (read back by `from_json_with_its_calendar`).
    pub fn to_json_with_its_calendar(&self) -> String {
        let round = RoundFile {
            id: self.id.clone(),
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            notice_date: self.notice_date,
            cutoff_date: self.cutoff_date,
            online_window: self.online_window,
            paper_window: self.paper_window,
            publicity_working_days: self.publicity_working_days,
            exam_series: self.exam_series.clone(),
            junior_exam_series: self.junior_exam_series.clone(),
            access_series: self.access_series.clone(),
            reject_reasons: self.reject_reasons.clone(),
            expected_rounds: self
                .ahead
                .iter()
                .filter(|a| a.expected)
                .map(|a| ExpectedRound {
                    id: a.id.clone(),
                    name_zh: a.name_zh.clone(),
                    name_en: a.name_en.clone(),
                    cutoff_date: a.cutoff_date,
                    online_window: a.online_window,
                })
                .collect(),
            calendar: "inline".into(),
        };
        let doc = RoundWithCalendar {
            round,
            calendar_years: self.calendar.published_years().to_vec(),
        };
        serde_json::to_string(&doc).unwrap_or_default()
    }

    pub fn from_json_with_its_calendar(json: &str) -> Result<Round, RoundError> {
        let doc: RoundWithCalendar = crate::document::parse(json).map_err(|e| RoundError {
            field: e.field,
            message: e.message,
        })?;
        let calendar = WorkingCalendar::from_years(doc.calendar_years)?;
        Self::build(doc.round, calendar)
    }

    /// Every round bundled in `data/rounds/`, by cutoff date.
    pub fn all() -> Vec<Round> {
        let mut rounds: Vec<Round> = bundled::ROUNDS
            .iter()
            .map(|(name, json)| {
                Round::from_json(json)
                    .unwrap_or_else(|e| panic!("bundled data/rounds/{name} is invalid: {e}"))
            })
            .collect();
        rounds.sort_by_key(|r| r.cutoff_date);
        rounds
    }

    /// The bundled round with this id.
    pub fn by_id(id: &str) -> Option<Round> {
        Round::all().into_iter().find(|r| r.id == id)
    }

    /// The latest bundled round (the largest cutoff date).
    pub fn current() -> Round {
        Round::all().pop().expect("at least one bundled round")
    }

    /// The first half of 2026 (the notice of 2026-05-09).
    pub fn h1_2026() -> Round {
        Round::from_json(include_str!("../data/rounds/2026h1.json"))
            .expect("bundled data/rounds/2026h1.json is valid")
    }

    /// 一（末段）: a series whose every level comes from a national exam.
    pub fn is_exam_series(&self, s: Series) -> bool {
        self.exam_series.contains(&s)
    }

    /// 一（末段）: a series whose junior levels come from a provincial exam.
    pub fn is_junior_exam_series(&self, s: Series) -> bool {
        self.junior_exam_series.contains(&s)
    }

    /// 二（五）: an occupational-access series.
    pub fn is_access_series(&self, s: Series) -> bool {
        self.access_series.contains(&s)
    }

    /// The working days of the paper window (20 in 2026h1).
    pub fn paper_window_working_days(&self) -> Result<u32, CalendarError> {
        self.calendar
            .working_days_between(self.paper_window.start, self.paper_window.end)
    }

    /// Whether paper materials are received on `date`: inside the window and a working day.
    pub fn accepts_paper_on(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.paper_window.contains(date) && self.calendar.is_working_day(date)?)
    }

    /// The last day of a unit publicity that starts on `start` (四（四）).
    pub fn publicity_ends(&self, start: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.calendar
            .nth_working_day_from(start, self.publicity_working_days)
    }

    /// The last day a unit may return an application for correction: the last day a 公示 could
    /// still start and end by `latest_publicity_end` (2026h1: 05-29), so that a corrected
    /// resubmission can still reach the paper deadline. `None` when no 公示 fits any more.
    pub fn last_return_day(&self) -> Result<Option<NaiveDate>, CalendarError> {
        let Some(latest_end) = self.latest_publicity_end()? else {
            return Ok(None);
        };
        let mut d = latest_end;
        let mut counted = 0;
        while d >= self.online_window.start {
            if self.calendar.is_working_day(d)? {
                counted += 1;
                if counted == self.publicity_working_days {
                    return Ok(Some(d));
                }
            }
            match d.pred_opt() {
                Some(p) => d = p,
                None => break,
            }
        }
        Ok(None)
    }

    /// The last day a unit's 公示 may end: the working day before the paper window's last
    /// working day, so that at least one working day is left for the approvals and the paper
    /// (四（四）, 五（四）). `None` when the window has fewer than two working days.
    pub fn latest_publicity_end(&self) -> Result<Option<NaiveDate>, CalendarError> {
        let mut working = Vec::with_capacity(2);
        let mut d = self.paper_window.end;
        while d >= self.paper_window.start && working.len() < 2 {
            if self.calendar.is_working_day(d)? {
                working.push(d);
            }
            match d.pred_opt() {
                Some(p) => d = p,
                None => break,
            }
        }
        Ok(working.get(1).copied())
    }
}

/// The rounds after `cutoff`: every bundled round file with a later cutoff, then the expected
/// rounds whose id no bundled file has, by cutoff.
fn rounds_ahead(cutoff: NaiveDate, expected: &[ExpectedRound]) -> Vec<RoundAhead> {
    let mut ahead: Vec<RoundAhead> = bundled::ROUNDS
        .iter()
        .filter_map(|(_, json)| parse_round_file(json).ok())
        .filter(|f| f.cutoff_date > cutoff)
        .map(|f| RoundAhead {
            id: f.id,
            name_zh: f.name_zh,
            name_en: f.name_en,
            cutoff_date: f.cutoff_date,
            online_window: f.online_window,
            expected: false,
        })
        .collect();
    for e in expected {
        if !ahead.iter().any(|a| a.id == e.id) {
            ahead.push(RoundAhead {
                id: e.id.clone(),
                name_zh: e.name_zh.clone(),
                name_en: e.name_en.clone(),
                cutoff_date: e.cutoff_date,
                online_window: e.online_window,
                expected: true,
            });
        }
    }
    ahead.sort_by_key(|a| a.cutoff_date);
    ahead
}

fn parse_round_file(json: &str) -> Result<RoundFile, RoundError> {
    crate::document::parse(json).map_err(|e| RoundError {
        field: e.field,
        message: e.message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn paper_days_left_skip_weekends_and_holidays() {
        let r = Round::h1_2026();
        assert_eq!(
            r.paper_working_days_left(d("2026-05-01")).unwrap(),
            20,
            "before the window: all of it"
        );
        assert_eq!(r.paper_working_days_left(d("2026-05-11")).unwrap(), 20);
        assert_eq!(r.paper_working_days_left(d("2026-05-20")).unwrap(), 13);
        // A Saturday and the Sunday after count like the Monday: 05-25 … 06-05.
        assert_eq!(r.paper_working_days_left(d("2026-05-23")).unwrap(), 10);
        assert_eq!(r.paper_working_days_left(d("2026-05-24")).unwrap(), 10);
        assert_eq!(
            r.paper_working_days_left(d("2026-06-05")).unwrap(),
            1,
            "the last day counts"
        );
        assert_eq!(r.paper_working_days_left(d("2026-06-06")).unwrap(), 0);

        // A window across the Dragon Boat Festival (06-19 … 06-21): from Thursday 06-18 to Friday
        // 06-26, the 19th (a Friday holiday) and the weekend do not count.
        let mut dragon = Round::h1_2026();
        dragon.paper_window = DateWindow {
            start: d("2026-06-15"),
            end: d("2026-06-26"),
        };
        assert_eq!(dragon.paper_working_days_left(d("2026-06-18")).unwrap(), 6);
        assert_eq!(dragon.paper_working_days_left(d("2026-06-19")).unwrap(), 5);
        assert_eq!(dragon.paper_working_days_left(d("2026-06-15")).unwrap(), 9);
    }

    #[test]
    fn the_2026h1_round() {
        let r = Round::h1_2026();
        assert_eq!(r.id, "2026h1");
        assert_eq!(r.cutoff_date, d("2026-04-30"));
        assert!(r.online_window.contains(d("2026-05-11")));
        assert!(r.online_window.contains(d("2026-05-29")));
        assert!(!r.online_window.contains(d("2026-05-30")));
        assert_eq!(r.paper_window_working_days().unwrap(), 20);
        assert!(r.is_exam_series(Series::Accounting));
        assert!(r.is_junior_exam_series(Series::Archives));
        assert!(r.is_access_series(Series::Lawyer));
        assert!(!r.accepts_paper_on(d("2026-05-16")).unwrap());
        assert_eq!(r.publicity_ends(d("2026-04-28")).unwrap(), d("2026-05-07"));
        assert_eq!(Round::current(), r);
        assert_eq!(Round::by_id("2026h1"), Some(r));
    }

    #[test]
    fn the_reject_reasons_are_the_round_files() {
        let built_in = Round::h1_2026();
        assert_eq!(built_in.reject_reasons.len(), 6);
        assert!(built_in.reject_reason("other").unwrap().needs_text);
        let file = include_str!("../data/rounds/2026h1.json");
        let own = file.replace(
            "\"calendar\": \"cn\"",
            r#""reject_reasons": [{"code": "late_post", "zh": "材料邮寄逾期", "en": "The post was late"}], "calendar": "cn""#,
        );
        let r = Round::from_json(&own).unwrap();
        assert_eq!(r.reject_reasons.len(), 1);
        assert_eq!(r.reject_reason("late_post").unwrap().zh, "材料邮寄逾期");
        assert!(r.reject_reason("other").is_none());
        let back = Round::from_json_with_its_calendar(&r.to_json_with_its_calendar()).unwrap();
        assert_eq!(
            back.reject_reasons, r.reject_reasons,
            "the browser gets the same list"
        );
        let bad = own.replace("late_post", "Late post");
        assert_eq!(
            Round::from_json(&bad).unwrap_err().field,
            "reject_reasons[0].code"
        );
        let twice = own.replace(
            r#"{"code": "late_post""#,
            r#"{"code": "late_post", "zh": "甲", "en": "a"}, {"code": "late_post""#,
        );
        assert_eq!(
            Round::from_json(&twice).unwrap_err().field,
            "reject_reasons[1].code"
        );
    }

    #[test]
    fn a_round_travels_with_its_calendar() {
        let mut r = Round::h1_2026();
        r.name_zh = "测试批次".into();
        r.paper_window.end = d("2026-06-19");
        let back = Round::from_json_with_its_calendar(&r.to_json_with_its_calendar()).unwrap();
        assert_eq!(back, r);
        assert!(
            !back.accepts_paper_on(d("2026-06-19")).unwrap(),
            "端午 came along"
        );
    }

    #[test]
    fn bad_round_files_name_the_field() {
        let good = include_str!("../data/rounds/2026h1.json");
        let bad = good.replace("\"archives\"", "\"teacher\"");
        let e = Round::from_json(&bad).unwrap_err();
        assert!(e.field.starts_with("junior_exam_series"), "{e}");
        let bad = good.replace("\"2026-05-29\"", "\"2026-05-01\"");
        let e = Round::from_json(&bad).unwrap_err();
        assert_eq!(e.field, "online_window", "{e}");
        let bad = good.replace("\"calendar\": \"cn\"", "\"calendar\": \"mars\"");
        assert_eq!(Round::from_json(&bad).unwrap_err().field, "calendar");
    }
}

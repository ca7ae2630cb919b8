//! Working days in mainland China: weekends and statutory holidays are off, adjusted working
//! days (调休, e.g. Saturday 2026-05-09) are on. The table is data (`data/calendar/cn.json`),
//! one entry per year; a date in a year the table does not cover is an explicit
//! [`CalendarError::OutOfRange`], never a guess.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The calendar data bundled with the crate.
pub const CHINA_CALENDAR_JSON: &str = include_str!("../data/calendar/cn.json");

/// A named statutory holiday, inclusive of both ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub name_zh: String,
    pub name_en: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// One calendar year as published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    pub year: i32,
    #[serde(default)]
    pub source: String,
    pub holidays: Vec<Holiday>,
    pub adjusted_working_days: Vec<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    country: String,
    #[serde(default)]
    note: String,
    years: Vec<CalendarYear>,
}

/// Why a calendar question has no answer, or why calendar data was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarError {
    /// The date's year is not in the table.
    OutOfRange { date: NaiveDate, covered: Vec<i32> },
    /// `nth_working_day_from` counts from 1.
    ZeroCount,
    /// The calendar data is malformed (field path and message).
    Invalid { field: String, message: String },
}

impl core::fmt::Display for CalendarError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CalendarError::OutOfRange { date, covered } => write!(
                f,
                "{date} is outside the working-day calendar (years covered: {covered:?})"
            ),
            CalendarError::ZeroCount => f.write_str("working days are counted from 1"),
            CalendarError::Invalid { field, message } => {
                write!(f, "calendar field `{field}`: {message}")
            }
        }
    }
}

impl std::error::Error for CalendarError {}

/// Per year: days off that would otherwise be working days, and days on that would otherwise be
/// weekend days, as sorted lists (a year has a few dozen of each: binary search is plenty).
#[derive(Clone, Debug, PartialEq, Eq)]
struct YearTable {
    year: i32,
    off: Vec<NaiveDate>,
    on: Vec<NaiveDate>,
}

/// A working-day calendar covering a set of whole years.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkingCalendar {
    years: Vec<YearTable>,
    source: Vec<CalendarYear>,
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl WorkingCalendar {
    /// The bundled mainland-China calendar.
    pub fn china() -> WorkingCalendar {
        // The bundled file is tested; failing here would be a build defect, not an input error.
        Self::from_json(CHINA_CALENDAR_JSON).expect("bundled data/calendar/cn.json is valid")
    }

    /// Parses calendar data in the format of `data/calendar/cn.json`.
    pub fn from_json(json: &str) -> Result<WorkingCalendar, CalendarError> {
        let file: CalendarFile =
            crate::document::parse(json).map_err(|e| CalendarError::Invalid {
                field: e.field,
                message: e.message,
            })?;
        let _ = (&file.country, &file.note);
        Self::from_years(file.years)
    }

    /// Builds a calendar from published years, checking that every date lies in its year.
    pub fn from_years(mut years: Vec<CalendarYear>) -> Result<WorkingCalendar, CalendarError> {
        years.sort_by_key(|y| y.year);
        let mut tables = Vec::with_capacity(years.len());
        for (i, y) in years.iter().enumerate() {
            let invalid =
                |field: String, message: String| CalendarError::Invalid { field, message };
            if i > 0 && years[i - 1].year == y.year {
                return Err(invalid(
                    format!("years[{i}].year"),
                    format!("{} listed twice", y.year),
                ));
            }
            let mut off = Vec::new();
            for (h, hol) in y.holidays.iter().enumerate() {
                if hol.start > hol.end || hol.start.year() != y.year || hol.end.year() != y.year {
                    return Err(invalid(
                        format!("years[{i}].holidays[{h}]"),
                        format!(
                            "{} … {} is not a range inside {}",
                            hol.start, hol.end, y.year
                        ),
                    ));
                }
                let mut d = hol.start;
                while d <= hol.end {
                    if !is_weekend(d) {
                        off.push(d);
                    }
                    d = d + Days::new(1);
                }
            }
            let mut on = Vec::new();
            for (a, d) in y.adjusted_working_days.iter().enumerate() {
                if d.year() != y.year || !is_weekend(*d) {
                    return Err(invalid(
                        format!("years[{i}].adjusted_working_days[{a}]"),
                        format!("{d} is not a weekend day of {}", y.year),
                    ));
                }
                on.push(*d);
            }
            off.sort();
            off.dedup();
            on.sort();
            on.dedup();
            tables.push(YearTable {
                year: y.year,
                off,
                on,
            });
        }
        Ok(WorkingCalendar {
            years: tables,
            source: years,
        })
    }

    /// The years this calendar answers for.
    pub fn covered_years(&self) -> Vec<i32> {
        self.years.iter().map(|y| y.year).collect()
    }

    /// The published data, e.g. to list holidays in the UI.
    pub fn published_years(&self) -> &[CalendarYear] {
        &self.source
    }

    fn table(&self, date: NaiveDate) -> Result<&YearTable, CalendarError> {
        let year = date.year();
        self.years
            .binary_search_by_key(&year, |t| t.year)
            .map(|i| &self.years[i])
            .map_err(|_| CalendarError::OutOfRange {
                date,
                covered: self.covered_years(),
            })
    }

    /// Whether `date` is a working day: Monday–Friday unless a statutory holiday, or an
    /// adjusted working day.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        let t = self.table(date)?;
        Ok(if is_weekend(date) {
            t.on.binary_search(&date).is_ok()
        } else {
            t.off.binary_search(&date).is_err()
        })
    }

    fn next_day(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        d.checked_add_days(Days::new(1))
            .ok_or(CalendarError::OutOfRange {
                date: d,
                covered: self.covered_years(),
            })
    }

    /// The `n`-th working day of a period that begins on `start` (`n` ≥ 1): `start` itself is
    /// day 1 when it is a working day, otherwise day 1 is the next working day. This is how the
    /// notice's "公示时间不少于5个工作日" is counted: a publicity starting 2026-04-28 reaches its
    /// 5th working day on 2026-05-07; one starting 2026-09-24, on 2026-10-08.
    pub fn nth_working_day_from(
        &self,
        start: NaiveDate,
        n: u32,
    ) -> Result<NaiveDate, CalendarError> {
        if n == 0 {
            return Err(CalendarError::ZeroCount);
        }
        let mut d = start;
        let mut count = 0;
        loop {
            if self.is_working_day(d)? {
                count += 1;
                if count == n {
                    return Ok(d);
                }
            }
            d = self.next_day(d)?;
        }
    }

    /// The date `n` working days after `start`, not counting `start` itself (`n` = 0 gives
    /// `start`, working day or not). For a working day `start`,
    /// `add_working_days(start, n - 1) == nth_working_day_from(start, n)`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        self.table(start)?;
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = self.next_day(d)?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// The number of working days from `a` to `b`, both inclusive (0 when `b` < `a`).
    /// 2026-05-11 … 2026-06-05 holds 20.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<u32, CalendarError> {
        if b < a {
            return Ok(0);
        }
        self.table(a)?;
        self.table(b)?;
        let mut d = a;
        let mut count = 0;
        loop {
            if self.is_working_day(d)? {
                count += 1;
            }
            if d == b {
                return Ok(count);
            }
            d = self.next_day(d)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn toolchain_note_checks() {
        let c = WorkingCalendar::china();
        assert_eq!(
            c.working_days_between(d("2026-05-11"), d("2026-06-05"))
                .unwrap(),
            20
        );
        assert_eq!(
            c.nth_working_day_from(d("2026-04-28"), 5).unwrap(),
            d("2026-05-07")
        );
        assert_eq!(
            c.nth_working_day_from(d("2026-09-24"), 5).unwrap(),
            d("2026-10-08")
        );
        assert_eq!(
            c.add_working_days(d("2026-04-28"), 4).unwrap(),
            d("2026-05-07")
        );
        assert_eq!(
            c.add_working_days(d("2026-09-24"), 4).unwrap(),
            d("2026-10-08")
        );
    }

    #[test]
    fn weekends_holidays_and_adjusted_days() {
        let c = WorkingCalendar::china();
        assert!(c.is_working_day(d("2026-05-11")).unwrap()); // Monday
        assert!(!c.is_working_day(d("2026-05-16")).unwrap()); // Saturday
        assert!(!c.is_working_day(d("2026-05-17")).unwrap()); // Sunday
        assert!(c.is_working_day(d("2026-05-09")).unwrap()); // adjusted Saturday
        for day in [
            "2026-05-01",
            "2026-05-04",
            "2026-05-05",
            "2026-06-19",
            "2026-06-20",
            "2026-06-21",
        ] {
            assert!(!c.is_working_day(d(day)).unwrap(), "{day}");
        }
        assert!(c.is_working_day(d("2026-06-22")).unwrap());
        assert!(c.is_working_day(d("2026-01-04")).unwrap()); // adjusted Sunday
        assert!(c.is_working_day(d("2026-10-10")).unwrap());
        assert!(c.is_working_day(d("2026-10-08")).unwrap());
    }

    #[test]
    fn out_of_range_is_an_error() {
        let c = WorkingCalendar::china();
        assert!(matches!(
            c.is_working_day(d("2025-12-31")),
            Err(CalendarError::OutOfRange { .. })
        ));
        assert!(matches!(
            c.is_working_day(d("2027-01-01")),
            Err(CalendarError::OutOfRange { .. })
        ));
        assert!(c.nth_working_day_from(d("2026-12-30"), 5).is_err());
        assert!(c
            .working_days_between(d("2026-12-01"), d("2027-01-05"))
            .is_err());
        assert_eq!(
            c.nth_working_day_from(d("2026-05-11"), 0),
            Err(CalendarError::ZeroCount)
        );
        assert_eq!(
            c.working_days_between(d("2026-06-05"), d("2026-05-11"))
                .unwrap(),
            0
        );
    }

    #[test]
    fn a_second_year_is_only_data() {
        let mut years = WorkingCalendar::china().published_years().to_vec();
        years.push(CalendarYear {
            year: 2027,
            source: "test".into(),
            holidays: vec![Holiday {
                name_zh: "元旦".into(),
                name_en: "New Year's Day".into(),
                start: d("2027-01-01"),
                end: d("2027-01-01"),
            }],
            adjusted_working_days: vec![],
        });
        let c = WorkingCalendar::from_years(years).unwrap();
        assert!(!c.is_working_day(d("2027-01-01")).unwrap());
        assert_eq!(
            c.nth_working_day_from(d("2026-12-30"), 3).unwrap(),
            d("2027-01-04")
        );
    }

    #[test]
    fn bad_data_is_refused() {
        let bad = r#"{"country":"cn","years":[{"year":2026,"holidays":[],"adjusted_working_days":["2026-05-11"]}]}"#;
        assert!(matches!(
            WorkingCalendar::from_json(bad),
            Err(CalendarError::Invalid { .. })
        ));
    }
}

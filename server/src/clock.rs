//! "Today" for the server: the real date in China, or a date fixed by `--clock` for demos and tests.

use chrono::{FixedOffset, NaiveDate, Utc};

#[derive(Clone, Copy, Debug)]
pub struct Clock {
    fixed: Option<NaiveDate>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { fixed: None }
    }

    pub fn fixed(date: NaiveDate) -> Clock {
        Clock { fixed: Some(date) }
    }

    pub fn fixed_date(&self) -> Option<NaiveDate> {
        self.fixed
    }

    /// The moment application steps are recorded at: the real time, or with a fixed clock, that
    /// day at the current time of day in China, so a demo's timeline and 申报表 agree with its date.
    pub fn now(&self) -> chrono::DateTime<FixedOffset> {
        let cst = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
        let real = Utc::now().with_timezone(&cst);
        match self.fixed {
            None => real.fixed_offset(),
            Some(day) => day.and_time(real.time()).and_local_timezone(cst).single().unwrap_or(real),
        }
    }

    /// Today's date in China Standard Time (UTC+8), where the windows of the notice are kept.
    pub fn today(&self) -> NaiveDate {
        self.fixed.unwrap_or_else(|| {
            let cst = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
            Utc::now().with_timezone(&cst).date_naive()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_records_steps_on_its_day_in_china() {
        let day = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
        let now = Clock::fixed(day).now();
        assert_eq!(now.date_naive(), day);
        assert_eq!(now.offset().local_minus_utc(), 8 * 3600);
        assert_eq!(Clock::system().now().date_naive(), Clock::system().today());
    }
}

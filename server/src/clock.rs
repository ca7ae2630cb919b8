//! "Now" for the server: the real time, or a day fixed by `--clock` for demos and tests, and China
//! Standard Time (UTC+8), where the notice's dates are kept. Every date and time the server
//! records or compares comes from here.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

/// China Standard Time, UTC+8 (no daylight saving).
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// A moment as read on a clock in China.
pub fn in_china<Tz: TimeZone>(at: &DateTime<Tz>) -> DateTime<FixedOffset> {
    at.with_timezone(&china())
}

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

    /// The real instant, whatever the fixed date: for what must agree with the world outside,
    /// such as an authenticator app's codes.
    pub fn real_now(&self) -> DateTime<FixedOffset> {
        in_china(&Utc::now())
    }

    /// Now in China. With a fixed clock, that day at the current time of day, so a demo's
    /// timeline and 申报表 agree with its date (and sessions still expire as time passes).
    pub fn now(&self) -> DateTime<FixedOffset> {
        let real = in_china(&Utc::now());
        match self.fixed {
            None => real,
            Some(day) => day
                .and_time(real.time())
                .and_local_timezone(china())
                .single()
                .unwrap_or(real),
        }
    }

    /// Today's date in China, where the windows of the notice are kept.
    pub fn today(&self) -> NaiveDate {
        self.fixed
            .unwrap_or_else(|| in_china(&Utc::now()).date_naive())
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

    #[test]
    fn china_is_eight_hours_ahead() {
        let utc = Utc.with_ymd_and_hms(2026, 5, 29, 16, 30, 0).unwrap();
        assert_eq!(
            in_china(&utc).date_naive(),
            NaiveDate::from_ymd_opt(2026, 5, 30).unwrap()
        );
    }
}

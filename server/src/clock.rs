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

    /// Today's date in China Standard Time (UTC+8), where the windows of the notice are kept.
    pub fn today(&self) -> NaiveDate {
        self.fixed.unwrap_or_else(|| {
            let cst = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
            Utc::now().with_timezone(&cst).date_naive()
        })
    }
}

//! The years for which 二（三） and 二（四） ask a record: from the year work started to the year
//! before the cutoff; the first year is exempt when work started on or after 1 July.

use chrono::{Datelike, NaiveDate};

/// An inclusive range of calendar years; empty when `first > last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearRange {
    pub first: i32,
    pub last: i32,
}

impl YearRange {
    pub fn is_empty(&self) -> bool {
        self.first > self.last
    }

    pub fn contains(&self, y: i32) -> bool {
        self.first <= y && y <= self.last
    }

    /// Number of years (0 when empty).
    pub fn len(&self) -> usize {
        if self.is_empty() {
            0
        } else {
            (self.last as i64 - self.first as i64 + 1) as usize
        }
    }
}

/// The required years for a work start date and a cutoff.
pub fn required_years(work_start: NaiveDate, cutoff: NaiveDate) -> YearRange {
    let exempt_first = work_start.month() >= 7;
    YearRange {
        first: work_start.year() + i32::from(exempt_first),
        last: cutoff.year() - 1,
    }
}

/// Per required year: no record yet, a good record, or a bad one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum YearMark {
    Absent,
    Good,
    Bad,
}

/// Years as compact ranges, e.g. "2019–2021、2024" (at most `limit` ranges, then "…").
pub fn describe_years(years: impl Iterator<Item = i32>, limit: usize) -> String {
    let mut out = String::new();
    let mut run: Option<(i32, i32)> = None;
    let mut shown = 0;
    let flush = |run: (i32, i32), out: &mut String, shown: &mut usize| {
        if *shown == limit {
            out.push_str("、…");
        }
        *shown += 1;
        if *shown > limit {
            return;
        }
        if !out.is_empty() {
            out.push('、');
        }
        if run.0 == run.1 {
            out.push_str(&run.0.to_string());
        } else {
            out.push_str(&format!("{}–{}", run.0, run.1));
        }
    };
    for y in years {
        run = match run {
            Some((a, b)) if y == b + 1 => Some((a, y)),
            Some(r) => {
                flush(r, &mut out, &mut shown);
                Some((y, y))
            }
            None => Some((y, y)),
        };
    }
    if let Some(r) = run {
        flush(r, &mut out, &mut shown);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_year_exempt_from_july() {
        let cutoff: NaiveDate = "2026-04-30".parse().unwrap();
        let r = required_years("2023-06-30".parse().unwrap(), cutoff);
        assert_eq!((r.first, r.last), (2023, 2025));
        let r = required_years("2023-07-01".parse().unwrap(), cutoff);
        assert_eq!((r.first, r.last), (2024, 2025));
        assert!(required_years("2026-01-05".parse().unwrap(), cutoff).is_empty());
        assert!(required_years("2025-07-01".parse().unwrap(), cutoff).is_empty());
    }

    #[test]
    fn year_ranges() {
        assert_eq!(
            describe_years([2019, 2020, 2021, 2024].into_iter(), 5),
            "2019–2021、2024"
        );
        assert_eq!(describe_years([1, 3, 5, 7].into_iter(), 2), "1、3、…");
        assert_eq!(describe_years(std::iter::empty(), 2), "");
    }
}

/// The records of the required years, read once from the applicant's list.
pub struct Marks {
    pub range: YearRange,
    pub marks: Vec<YearMark>,
    /// First entry (index) with a bad value in a required year.
    pub first_bad: Option<usize>,
    /// First entry in a required year whose value is unanswered.
    pub first_unanswered: Option<usize>,
    /// First entry without a year.
    pub first_without_year: Option<usize>,
}

/// How two records of the same year combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duplicates {
    /// One bad record is enough to fail the year (an assessment has one result a year).
    BadWins,
    /// One good record is enough (continuing-education records add up).
    GoodWins,
}

/// Marks each required year from entries `(year, Some(good) | None = unanswered)`.
pub fn mark(
    range: YearRange,
    entries: impl Iterator<Item = (Option<i32>, Option<bool>)>,
    dup: Duplicates,
) -> Marks {
    let mut m = Marks {
        range,
        marks: vec![YearMark::Absent; range.len()],
        first_bad: None,
        first_unanswered: None,
        first_without_year: None,
    };
    for (i, (year, good)) in entries.enumerate() {
        let Some(y) = year else {
            m.first_without_year.get_or_insert(i);
            continue;
        };
        if !range.contains(y) {
            continue;
        }
        let slot = &mut m.marks[(y as i64 - range.first as i64) as usize];
        let new = match good {
            None => {
                m.first_unanswered.get_or_insert(i);
                continue;
            }
            Some(true) => YearMark::Good,
            Some(false) => {
                m.first_bad.get_or_insert(i);
                YearMark::Bad
            }
        };
        *slot = match (dup, *slot, new) {
            (_, YearMark::Absent, n) => n,
            (Duplicates::BadWins, old, n) => old.max(n),
            (Duplicates::GoodWins, YearMark::Good, _)
            | (Duplicates::GoodWins, _, YearMark::Good) => YearMark::Good,
            (Duplicates::GoodWins, old, _) => old,
        };
    }
    m
}

impl Marks {
    pub fn years_with(&self, mark: YearMark) -> impl Iterator<Item = i32> + '_ {
        let first = self.range.first;
        self.marks
            .iter()
            .enumerate()
            .filter(move |(_, m)| **m == mark)
            .map(move |(k, _)| first + k as i32)
    }

    pub fn any(&self, mark: YearMark) -> bool {
        self.marks.contains(&mark)
    }
}

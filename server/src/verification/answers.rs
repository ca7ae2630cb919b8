//! Recent answers of the public check, kept for a second per process: the check is asked far more
//! often than certificates change (an employer's system polls; a QR code is scanned again), so a
//! repeated question costs a map lookup, not a database round trip. A revocation made here clears
//! them at once; one made by another process shows here within `FRESH_FOR`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::workflow::certificates::Checked;

/// How long an answer is reused.
pub const FRESH_FOR: Duration = Duration::from_secs(1);
/// Past this many questions kept, the oldest go (random numbers typed do not grow memory).
const MOST_KEPT: usize = 10_000;

/// What was asked: the compact number, the name and the end of the ID number (empty if none).
pub type Question = (String, String, String);

#[derive(Clone, Default)]
pub struct RecentAnswers(Arc<Mutex<HashMap<Question, (Instant, Checked)>>>);

impl RecentAnswers {
    /// The answer given less than `FRESH_FOR` ago, if any.
    pub fn get(&self, question: &Question, now: Instant) -> Option<Checked> {
        let kept = self.0.lock().ok()?;
        let (at, checked) = kept.get(question)?;
        (now.saturating_duration_since(*at) < FRESH_FOR).then(|| checked.clone())
    }

    pub fn keep(&self, question: Question, checked: Checked, now: Instant) {
        let Ok(mut kept) = self.0.lock() else { return };
        if kept.len() >= MOST_KEPT {
            kept.retain(|_, (at, _)| now.saturating_duration_since(*at) < FRESH_FOR);
            if kept.len() >= MOST_KEPT {
                kept.clear();
            }
        }
        kept.insert(question, (now, checked));
    }

    /// Forgets every answer (a certificate was revoked here).
    pub fn forget(&self) {
        if let Ok(mut kept) = self.0.lock() {
            kept.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question() -> Question {
        ("202610000010".into(), "张三".into(), String::new())
    }

    #[test]
    fn an_answer_is_reused_for_a_second_then_asked_again() {
        let answers = RecentAnswers::default();
        let t0 = Instant::now();
        assert_eq!(answers.get(&question(), t0), None);
        answers.keep(question(), Checked::NotFound, t0);
        assert_eq!(
            answers.get(&question(), t0 + Duration::from_millis(900)),
            Some(Checked::NotFound)
        );
        assert_eq!(answers.get(&question(), t0 + FRESH_FOR), None);
        let other = ("202610000010".into(), "李四".into(), String::new());
        assert_eq!(answers.get(&other, t0), None);
    }

    #[test]
    fn forgetting_clears_every_answer() {
        let answers = RecentAnswers::default();
        let t0 = Instant::now();
        answers.keep(question(), Checked::NotFound, t0);
        answers.forget();
        assert_eq!(answers.get(&question(), t0), None);
    }

    #[test]
    fn the_map_stays_bounded() {
        let answers = RecentAnswers::default();
        let t0 = Instant::now();
        for i in 0..(MOST_KEPT + 5) {
            answers.keep(
                (i.to_string(), "x".into(), String::new()),
                Checked::NotFound,
                t0,
            );
        }
        assert!(answers.0.lock().unwrap().len() <= MOST_KEPT);
    }
}

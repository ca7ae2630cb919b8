//! `evaluate` on representative profiles (target: median < 5 µs natively), and on profiles
//! that wait for a level, where `evaluate` also searches the earliest date (issue 17: the two
//! together under 20 µs).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use shared::{evaluate, parse_profile, Round};

const BACHELOR: &str = include_str!("../cases/notice-examples/base_bachelor_assistant.json");
const DOCTORATE: &str = include_str!("../cases/notice-examples/doctorate_degree_intermediate.json");
const TECHNICIAN_FALLBACK: &str =
    include_str!("../cases/recent_bachelor_old_associate_technician.json");
const BLANK: &str = include_str!("../cases/blank_profile.json");
const WAITING_BACHELOR: &str = include_str!("../cases/earliest/bachelor_graduated_2025_07_01.json");
const WAITING_TWO: &str = include_str!("../cases/earliest/technician_now_bachelor_later.json");
const NEVER_EXAM: &str = include_str!("../cases/earliest/exam_series_none.json");
const LEAP_DAY: &str = include_str!("../cases/earliest/leap_day_graduation_2028.json");

fn profile_of(case: &str) -> shared::ApplicantProfile {
    let v: serde_json::Value = serde_json::from_str(case).unwrap();
    parse_profile(&v["profile"].to_string()).unwrap()
}

fn bench(c: &mut Criterion) {
    let round = Round::h1_2026();
    for (name, case) in [
        ("bachelor_assistant", BACHELOR),
        ("doctorate_intermediate", DOCTORATE),
        ("two_credentials_technician", TECHNICIAN_FALLBACK),
        ("blank_profile", BLANK),
        ("with_earliest/bachelor_2026h2", WAITING_BACHELOR),
        ("with_earliest/technician_now_assistant_2027h1", WAITING_TWO),
        ("with_earliest/exam_series_never", NEVER_EXAM),
        ("with_earliest/leap_day_2029h1", LEAP_DAY),
    ] {
        let p = profile_of(case);
        c.bench_function(&format!("evaluate/{name}"), |b| {
            b.iter(|| evaluate(black_box(&p), black_box(&round)))
        });
    }
    let p = profile_of(BACHELOR);
    let json = serde_json::to_string(&p).unwrap();
    c.bench_function("parse_profile/bachelor_assistant", |b| {
        b.iter(|| parse_profile(black_box(&json)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! `evaluate` on representative profiles (target: median < 5 µs natively).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use shared::{evaluate, parse_profile, Round};

const BACHELOR: &str = include_str!("../cases/notice-examples/base_bachelor_assistant.json");
const DOCTORATE: &str = include_str!("../cases/notice-examples/doctorate_degree_intermediate.json");
const TECHNICIAN_FALLBACK: &str =
    include_str!("../cases/recent_bachelor_old_associate_technician.json");
const BLANK: &str = include_str!("../cases/blank_profile.json");

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

//! `chuding check` on the notice's examples, the bad inputs and NDJSON.

use crate::support;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn check(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(support::BIN)
        .arg("check")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every example follows the contract: outcome, level, clause prefix and materials.
#[test]
fn every_notice_example_passes_through_check() {
    let dir = support::cases_dir().join("notice-examples");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let profile_file = std::env::temp_dir().join(format!(
            "chuding-check-{}-{}.json",
            std::process::id(),
            case["name"].as_str().unwrap()
        ));
        std::fs::write(&profile_file, case["profile"].to_string()).unwrap();
        let (code, out, err) = check(&[profile_file.to_str().unwrap()], None);
        std::fs::remove_file(&profile_file).ok();
        assert_eq!(code, 0, "{}: {err}", case["name"]);
        let verdict: Value = serde_json::from_str(&out).unwrap();
        let expect = &case["expect"];
        assert_eq!(verdict["outcome"], expect["outcome"], "{}", case["name"]);
        if !expect["level"].is_null() {
            assert_eq!(verdict["level"], expect["level"], "{}", case["name"]);
        }
        if let Some(prefix) = expect["clause"].as_str() {
            let status = if expect["outcome"] == "ineligible" {
                "fail"
            } else {
                "missing"
            };
            let hit = verdict["findings"].as_array().unwrap().iter().any(|f| {
                f["status"] == status && f["clause"].as_str().unwrap().starts_with(prefix)
            });
            assert!(
                hit,
                "{}: no {status} finding with clause {prefix}: {out}",
                case["name"]
            );
        }
        for m in expect["materials_include"].as_array().into_iter().flatten() {
            assert!(
                verdict["materials"].as_array().unwrap().contains(m),
                "{}: {m}",
                case["name"]
            );
        }
        names.push(case["name"].to_string());
    }
    assert!(names.len() >= 12, "{names:?}");
}

#[test]
fn bad_inputs_are_refused_with_one_line_naming_the_field() {
    for (file, field) in [
        ("bad_date.json", "work_start_date"),
        ("unknown_series.json", "series"),
    ] {
        let path = support::cases_dir().join("bad-inputs").join(file);
        let (code, out, err) = check(&[path.to_str().unwrap()], None);
        assert_ne!(code, 0, "{file}");
        assert!(out.is_empty(), "{file}: no verdict may be printed: {out}");
        assert_eq!(err.trim().lines().count(), 1, "{file}: {err}");
        assert!(err.contains(field), "{file}: {err}");
    }
    let (code, _, err) = check(&["-"], Some("{\"series\": "));
    assert_ne!(code, 0);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let (code, _, err) = check(&["/no/such/file.json"], None);
    assert_ne!(code, 0);
    assert!(err.contains("/no/such/file.json"), "{err}");
}

#[test]
fn ndjson_checks_every_line_and_reports_bad_ones_by_number() {
    let good =
        std::fs::read_to_string(support::cases_dir().join("notice-examples/agency_client.json"))
            .unwrap();
    let good: Value = serde_json::from_str(&good).unwrap();
    let bad = std::fs::read_to_string(support::cases_dir().join("bad-inputs/unknown_series.json"))
        .unwrap();
    let input = format!(
        "{}\n{}\n\n{}\n",
        good["profile"],
        bad.trim(),
        good["profile"]
    );
    let (code, out, err) = check(&["--ndjson", "-"], Some(&input));
    assert_eq!(code, 1, "a bad line makes the exit code 1");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["outcome"], "eligible");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["field"], "series");
    assert_eq!(lines[2]["outcome"], "eligible");
    assert!(err.contains("line 2"), "{err}");

    let (code, out, _) = check(&["--ndjson", "-"], Some(&format!("{}\n", good["profile"])));
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn another_round_file_changes_the_verdict() {
    // The same engineer judged against a round whose cutoff falls before a full year of probation.
    let round_src =
        std::fs::read_to_string(support::cases_dir().join("../data/rounds/2026h1.json")).unwrap();
    let mut round: Value = serde_json::from_str(&round_src).unwrap();
    round["cutoff_date"] = Value::from("2025-06-30");
    let round_file =
        std::env::temp_dir().join(format!("chuding-round-{}.json", std::process::id()));
    std::fs::write(&round_file, round.to_string()).unwrap();
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(
            support::cases_dir().join("notice-examples/base_bachelor_assistant.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let (code, out, err) = check(
        &["--round", round_file.to_str().unwrap(), "-"],
        Some(&case["profile"].to_string()),
    );
    std::fs::remove_file(&round_file).ok();
    assert_eq!(code, 0, "{err}");
    let verdict: Value = serde_json::from_str(&out).unwrap();
    assert_ne!(verdict["outcome"], "eligible", "{out}");
}

#[test]
fn seed_demo_is_idempotent_and_prints_the_login() {
    let dir = support::TempDir::new("seed");
    let url = format!("sqlite://{}/demo.db?mode=rwc", dir.0.display());
    for _ in 0..2 {
        let out = Command::new(support::BIN)
            .arg("seed-demo")
            .env("DATABASE_URL", &url)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("11010519491231002X") && text.contains("demo1234"),
            "{text}"
        );
    }
}

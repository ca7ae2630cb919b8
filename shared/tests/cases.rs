//! Runs every case file under `cases/` (embedded by `build.rs`, so the same files run natively
//! and in wasm32) and reports every failing case, not just the first.
//!
//! A case is `{ "name", "profile", "expect" }` as in the shared examples. `expect` keys:
//! `outcome` (required); `level` (when present, `null` included); `provisional_level`;
//! `clause` (a prefix of the clause of some `fail` finding when ineligible, `missing` when
//! incomplete); `materials_include`; `materials_exclude`; `findings_include`: a list of
//! `{ "rule", "status", "clause"?, "field"? }` that must each match some finding;
//! `findings_exclude`: a list of rule ids that must not appear with status fail or missing;
//! `earliest` (contract v1.1): `null` when the verdict has no outlook, else an object from level
//! code to `{ "date": "YYYY-MM-DD" | null, "round": "<round id>" | null }` (levels not named
//! are not checked, `date` null: time alone cannot help).
//! Files under `bad-inputs/` are profiles `parse_profile` must refuse, naming a field; when
//! such a file is `{ "input": …, "field": "path" }` the error must name exactly that path.

use serde_json::Value;
use shared::{evaluate, parse_profile, FindingStatus, Outcome, Round, Verdict};

include!(concat!(env!("OUT_DIR"), "/cases.rs"));

fn check_bad_input(name: &str, text: &str) -> Result<(), String> {
    let (input, want_field) = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) if o.contains_key("input") => {
            let input = match &o["input"] {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            (
                input,
                o.get("field").and_then(Value::as_str).map(str::to_string),
            )
        }
        _ => (text.to_string(), None),
    };
    match parse_profile(&input) {
        Ok(_) => Err(format!("{name}: accepted, must be refused")),
        Err(e) => {
            let line = e.to_string();
            if e.field().is_empty() || e.field() == "." || line.contains('\n') {
                return Err(format!("{name}: error does not name a field: {line}"));
            }
            match want_field {
                Some(f) if f != e.field() => Err(format!(
                    "{name}: error names `{}`, expected `{f}`: {line}",
                    e.field()
                )),
                _ => Ok(()),
            }
        }
    }
}

fn str_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn code<T: serde::Serialize>(t: &T) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "null".into())
}

fn opt_code<T: serde::Serialize>(t: &Option<T>) -> Value {
    serde_json::to_value(t).unwrap_or(Value::Null)
}

/// Invariants every verdict keeps (spec "Output").
fn invariants(v: &Verdict) -> Vec<String> {
    let mut errs = Vec::new();
    // Worked out here from the findings, not with `Outcome::from_findings` (which is how
    // `evaluate` computes it, so comparing with it could never fail).
    let expected = if v.findings.iter().any(|f| f.status == FindingStatus::Fail) {
        Outcome::Ineligible
    } else if v
        .findings
        .iter()
        .any(|f| f.status == FindingStatus::Missing)
    {
        Outcome::Incomplete
    } else {
        Outcome::Eligible
    };
    if v.outcome != expected {
        errs.push(format!(
            "outcome {:?} does not follow the findings (expected {expected:?})",
            v.outcome
        ));
    }
    if v.level.is_some() != (v.outcome == Outcome::Eligible) {
        errs.push("level must be set exactly when eligible".into());
    }
    for f in &v.findings {
        if matches!(f.status, FindingStatus::Fail | FindingStatus::Missing)
            && !shared::clause::is_valid(&f.clause)
        {
            errs.push(format!("finding {} has no valid clause", f.rule));
        }
    }
    errs
}

fn check_case(file: &str, text: &str, round: &Round) -> Result<String, String> {
    let case: Value = serde_json::from_str(text).map_err(|e| format!("{file}: not JSON: {e}"))?;
    let name = case
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(file)
        .to_string();
    let fail = |msg: String| format!("{name} ({file}): {msg}");
    let profile_json = case
        .get("profile")
        .ok_or_else(|| fail("no profile".into()))?
        .to_string();
    let profile =
        parse_profile(&profile_json).map_err(|e| fail(format!("profile refused: {e}")))?;
    let expect = case.get("expect").ok_or_else(|| fail("no expect".into()))?;
    let v = evaluate(&profile, round);
    let mut errs = invariants(&v);

    let outcome = code(&v.outcome);
    match expect.get("outcome").and_then(Value::as_str) {
        Some(o) if o == outcome => {}
        Some(o) => errs.push(format!("outcome {outcome}, expected {o}")),
        None => errs.push("expect.outcome missing".into()),
    }
    for (key, got) in [
        ("level", opt_code(&v.level)),
        ("provisional_level", opt_code(&v.provisional_level)),
    ] {
        if let Some(want) = expect.get(key) {
            if *want != got {
                errs.push(format!("{key} {got}, expected {want}"));
            }
        }
    }
    if let Some(prefix) = expect.get("clause").and_then(Value::as_str) {
        let status = if v.outcome == Outcome::Ineligible {
            FindingStatus::Fail
        } else {
            FindingStatus::Missing
        };
        if !v
            .findings
            .iter()
            .any(|f| f.status == status && f.clause.starts_with(prefix))
        {
            errs.push(format!(
                "no {} finding with clause {prefix}…",
                code(&status)
            ));
        }
    }
    let materials: Vec<String> = v.materials.iter().map(code).collect();
    for m in str_list(expect.get("materials_include")) {
        if !materials.contains(&m) {
            errs.push(format!("materials lack {m} (have {materials:?})"));
        }
    }
    for m in str_list(expect.get("materials_exclude")) {
        if materials.contains(&m) {
            errs.push(format!("materials include {m}"));
        }
    }
    if let Some(list) = expect.get("findings_include").and_then(Value::as_array) {
        for want in list {
            let rule = want.get("rule").and_then(Value::as_str).unwrap_or("");
            let status = want.get("status").and_then(Value::as_str);
            let clause = want.get("clause").and_then(Value::as_str);
            let field = want.get("field").and_then(Value::as_str);
            let found = v.findings.iter().any(|f| {
                f.rule == rule
                    && status.is_none_or(|s| s == code(&f.status))
                    && clause.is_none_or(|c| c == f.clause)
                    && field.is_none_or(|w| f.field.as_deref() == Some(w))
            });
            if !found {
                errs.push(format!("no finding {want}"));
            }
        }
    }
    for rule in str_list(expect.get("findings_exclude")) {
        if v.findings.iter().any(|f| {
            f.rule == rule && matches!(f.status, FindingStatus::Fail | FindingStatus::Missing)
        }) {
            errs.push(format!("finding {rule} fails or is missing"));
        }
    }
    if let Some(want) = expect.get("earliest") {
        errs.extend(check_earliest(want, &v));
    }
    if errs.is_empty() {
        Ok(name)
    } else {
        let findings: Vec<String> = v
            .findings
            .iter()
            .map(|f| format!("{}[{}]{}", f.rule, f.clause, code(&f.status)))
            .collect();
        Err(fail(format!(
            "{}\n      findings: {}",
            errs.join("; "),
            findings.join(", ")
        )))
    }
}

fn check_earliest(want: &Value, v: &Verdict) -> Vec<String> {
    let mut errs = Vec::new();
    let Some(outlook) = &v.outlook else {
        if !want.is_null() {
            errs.push(format!("no outlook, expected earliest {want}"));
        }
        return errs;
    };
    let Some(levels) = want.as_object() else {
        errs.push(format!(
            "an outlook, expected none: {}",
            serde_json::to_string(outlook).unwrap_or_default()
        ));
        return errs;
    };
    for (level, w) in levels {
        let Some(got) = outlook.levels.iter().find(|l| code(&l.level) == *level) else {
            errs.push(format!("outlook has no level {level}"));
            continue;
        };
        let date = got.earliest.map(|d| d.to_string());
        if let Some(wd) = w.get("date") {
            if wd.as_str().map(str::to_string) != date {
                errs.push(format!("earliest {level} {date:?}, expected {wd}"));
            }
        }
        let round = got.round.as_ref().map(|r| r.id.clone());
        if let Some(wr) = w.get("round") {
            if wr.as_str().map(str::to_string) != round {
                errs.push(format!("round for {level} {round:?}, expected {wr}"));
            }
        }
    }
    errs
}

/// Runs a set of `(file, text)` and returns (passed, failures).
fn run(files: &[(String, String)]) -> (usize, Vec<String>) {
    let round = Round::h1_2026();
    let mut passed = 0;
    let mut failures = Vec::new();
    for (file, text) in files {
        let r = if file.starts_with("bad-inputs/") {
            check_bad_input(file, text).map(|_| file.clone())
        } else {
            check_case(file, text, &round)
        };
        match r {
            Ok(_) => passed += 1,
            Err(e) => failures.push(e),
        }
    }
    (passed, failures)
}

fn report(what: &str, files: &[(String, String)]) {
    let (passed, failures) = run(files);
    assert!(passed + failures.len() > 0, "{what}: no case files");
    if !failures.is_empty() {
        panic!(
            "{what}: {} of {} cases fail:\n  {}",
            failures.len(),
            files.len(),
            failures.join("\n  ")
        );
    }
}

fn embedded() -> Vec<(String, String)> {
    CASES
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect()
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_case_file() {
    let files = embedded();
    assert!(
        files.iter().filter(|(f, _)| !f.contains('/')).count() >= 80,
        "at least 80 own cases"
    );
    report("cases/", &files);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_notice_examples_are_all_there() {
    let n = CASES
        .iter()
        .filter(|(f, _)| f.starts_with("notice-examples/"))
        .count();
    let b = CASES
        .iter()
        .filter(|(f, _)| f.starts_with("bad-inputs/"))
        .count();
    assert!(n >= 12 && b >= 2, "notice examples {n}, bad inputs {b}");
}

/// The shared examples of the project, read live when the directory is there (native only).
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn shared_examples_on_disk() {
    let manifest = env!("CARGO_MANIFEST_DIR");
    let roots = [
        std::path::PathBuf::from("/work/shared"),
        std::path::Path::new(manifest).join("../../shared"),
    ];
    for root in roots {
        let mut files = Vec::new();
        for (dir, prefix) in [
            ("eligibility-examples", "examples/"),
            ("eligibility-bad-inputs", "bad-inputs/"),
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "json") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    files.push((
                        format!("{prefix}{}", p.file_name().unwrap().to_string_lossy()),
                        text,
                    ));
                }
            }
        }
        files.sort();
        if !files.is_empty() {
            report(&root.display().to_string(), &files);
        }
    }
}

//! Embeds data files as `include_str!` tables, so the same files serve natively and in wasm32
//! (where there is no filesystem):
//! - `$OUT_DIR/rounds.rs`: every `data/rounds/*.json` (a new round is a new file, no code change);
//! - `$OUT_DIR/cases.rs`: every `cases/**/*.json` for `tests/cases.rs`.

use std::fs;
use std::path::{Path, PathBuf};

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn table(name: &str, root: &Path, files: &[PathBuf]) -> String {
    let mut s = format!("pub static {name}: &[(&str, &str)] = &[\n");
    for f in files {
        let rel = f
            .strip_prefix(root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        s.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            f.to_string_lossy()
        ));
    }
    s.push_str("];\n");
    s
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let rounds_dir = manifest.join("data/rounds");
    let mut rounds = Vec::new();
    json_files(&rounds_dir, &mut rounds);
    fs::write(out.join("rounds.rs"), table("ROUNDS", &rounds_dir, &rounds)).unwrap();

    let cases_dir = manifest.join("cases");
    let mut cases = Vec::new();
    json_files(&cases_dir, &mut cases);
    fs::write(out.join("cases.rs"), table("CASES", &cases_dir, &cases)).unwrap();

    println!("cargo::rerun-if-changed=data");
    println!("cargo::rerun-if-changed=cases");
    println!("cargo::rerun-if-changed=build.rs");
}

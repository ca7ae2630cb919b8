//! No import circle between the modules of `server/src` or `app/src`: a module may use its own
//! parent or children, but two modules that name each other (directly or round a loop) fail
//! this test, with the loop. Read from the source text: `crate::…` and `super::…` paths.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`web::identity`) → file.
fn modules(root: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                out.insert(parts.join("::"), path);
            }
        }
    }
    out
}

/// The longest module a path names, from module `current`.
fn resolve(mods: &BTreeMap<String, PathBuf>, current: &str, path: &str) -> Option<String> {
    let mut segs: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = if current.is_empty() {
        vec![]
    } else {
        current.split("::").collect()
    };
    match segs.first() {
        Some(&"crate") => base.clear(),
        Some(&"super") => {
            while segs.first() == Some(&"super") {
                base.pop();
                segs.remove(0);
            }
            return resolve_from(mods, base, &segs);
        }
        _ => return None,
    }
    segs.remove(0);
    resolve_from(mods, base, &segs)
}

fn resolve_from(
    mods: &BTreeMap<String, PathBuf>,
    base: Vec<&str>,
    segs: &[&str],
) -> Option<String> {
    (0..=segs.len())
        .rev()
        .map(|i| {
            base.iter()
                .chain(&segs[..i])
                .copied()
                .collect::<Vec<_>>()
                .join("::")
        })
        .find(|m| mods.contains_key(m))
}

fn related(a: &str, b: &str) -> bool {
    a == b
        || a.is_empty()
        || b.is_empty()
        || a.starts_with(&format!("{b}::"))
        || b.starts_with(&format!("{a}::"))
}

fn edges(mods: &BTreeMap<String, PathBuf>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (m, path) in mods {
        let text = std::fs::read_to_string(path).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap();
        let mut to = BTreeSet::new();
        for start in text
            .match_indices("crate::")
            .map(|(i, _)| i)
            .chain(text.match_indices("super::").map(|(i, _)| i))
        {
            if text[..start].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let rest = &text[start..];
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let head = head.trim_end_matches(':');
            let mut targets = vec![head.to_string()];
            // `crate::a::{b, c::d}`: each item of the group.
            if rest[head.len()..].starts_with("::{") {
                let group = &rest[head.len() + 3..rest.find('}').unwrap_or(rest.len())];
                targets.extend(group.split(',').map(|i| {
                    format!(
                        "{head}::{}",
                        i.trim().split([' ', ':']).next().unwrap_or("")
                    )
                }));
            }
            for t in targets {
                if let Some(target) = resolve(mods, m, &t) {
                    if !related(m, &target) {
                        to.insert(target);
                    }
                }
            }
        }
        out.insert(m.clone(), to);
    }
    out
}

/// A loop through `from`, if any (depth-first).
fn find_loop(edges: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    fn walk(
        edges: &BTreeMap<String, BTreeSet<String>>,
        target: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        let last = path.last().unwrap().clone();
        for next in &edges[&last] {
            if next == target {
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(edges, target, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![from.to_string()];
    walk(edges, from, &mut path, &mut BTreeSet::new()).then_some(path)
}

fn loops_in(crate_src: &str) -> Vec<Vec<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(crate_src);
    let mods = modules(&root);
    assert!(mods.len() > 10, "read the modules of {crate_src}");
    let edges = edges(&mods);
    mods.keys().filter_map(|m| find_loop(&edges, m)).collect()
}

#[test]
fn server_modules_import_no_circle() {
    let loops = loops_in("server/src");
    assert!(loops.is_empty(), "import circles in server/src: {loops:?}");
}

#[test]
fn app_modules_import_no_circle() {
    let loops = loops_in("app/src");
    assert!(loops.is_empty(), "import circles in app/src: {loops:?}");
}

#[test]
fn a_circle_is_found() {
    let dir = std::env::temp_dir().join(format!("chuding-import-graph-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("web")).unwrap();
    std::fs::write(dir.join("lib.rs"), "pub mod auth; pub mod web;").unwrap();
    std::fs::write(dir.join("auth.rs"), "use crate::web::AppState;").unwrap();
    std::fs::write(
        dir.join("web/mod.rs"),
        "use crate::auth;\npub struct AppState;",
    )
    .unwrap();
    std::fs::write(dir.join("web/page.rs"), "use super::AppState;").unwrap();
    for i in 0..10 {
        std::fs::write(dir.join(format!("m{i}.rs")), "").unwrap();
    }
    let mods = modules(&dir);
    let edges = edges(&mods);
    assert_eq!(
        find_loop(&edges, "auth"),
        Some(vec!["auth".to_string(), "web".to_string()])
    );
    assert_eq!(
        find_loop(&edges, "web::page"),
        None,
        "a child using its parent is no circle"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What running a query looks like in the source: SeaORM's entity queries and raw statements.
const QUERIES: &[&str] = &[
    "Entity::find",
    "Entity::insert",
    "Entity::update",
    "Entity::delete",
    "find_by_id(",
    ".query_all(",
    ".query_one(",
    ".execute(",
    ".exec(",
    ".paginate(",
    ".all(&state.db)",
    ".one(&state.db)",
    ".count(&state.db)",
    ".insert(&state.db)",
    ".update(&state.db)",
    ".delete(&state.db)",
    ".save(&state.db)",
];

/// Issue #30, item 2: the pages' reads live in `server/src/views`, the changes in `workflow`
/// and `auth`; `web` parses, calls and renders, and runs no query of its own.
#[test]
fn web_modules_leave_reads_to_views() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let querying: Vec<(String, &str)> = modules(&web)
        .into_values()
        .filter_map(|file| {
            let text = std::fs::read_to_string(&file).unwrap();
            let query = QUERIES.iter().find(|q| text.contains(*q))?;
            Some((
                file.strip_prefix(&web).unwrap().display().to_string(),
                *query,
            ))
        })
        .collect();
    assert!(
        querying.is_empty(),
        "web modules running queries of their own (put the reads in server/src/views, the \
         changes in workflow or auth): {querying:?}"
    );
}

/// Whether the code of `line` (not its comment) has `path` as a whole word: not the end of
/// a longer name (`identity::` is not `entity::`) nor, unless `inner` allows it, inside a longer
/// path (`crate::web::app::` is not the crate `app`).
fn mentions(line: &str, path: &str, inner: bool) -> bool {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices(path).any(|(at, _)| {
        !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || (!inner && c == ':'))
    })
}

/// Whether a line names the UI crate or Leptos.
fn names_the_ui(line: &str) -> bool {
    [
        "app::",
        "leptos::",
        "leptos_axum::",
        "leptos_meta::",
        "leptos_router::",
    ]
    .iter()
    .any(|ui| mentions(line, ui, false))
}

/// Issue #30, item 1: the core (workflow, reports, directory, printed documents, audit, auth,
/// the views, everything but `web`) returns domain values and `content`'s page data, and compiles
/// without the UI crate; `web` alone renders Leptos pages.
#[test]
fn only_web_names_the_ui_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut naming = Vec::new();
    for file in modules(&src).into_values() {
        let relative = file.strip_prefix(&src).unwrap().display().to_string();
        if relative.starts_with("web/") || relative.starts_with("web.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if names_the_ui(line) {
                naming.push(format!("{relative}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        naming.is_empty(),
        "modules outside server/src/web naming the UI crate (use content's types and words): \
         {naming:#?}"
    );
    assert!(names_the_ui("use app::site::Lang;"));
    assert!(names_the_ui("    let x = leptos::prelude::use_context();"));
    assert!(!names_the_ui(
        "use crate::web::app::x; // app:: in a comment"
    ));
    assert!(!names_the_ui("/// cargo-leptos builds app::site"));
}

/// Issue #30, item 2: `web` speaks of stored things by their domain names
/// (`workflow::Application`, `directory::Organisation`, `auth::accounts::Account`…), never by
/// the entity modules that map them to tables.
#[test]
fn web_names_no_entity() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let naming: Vec<String> = modules(&web)
        .into_values()
        .filter(|file| {
            std::fs::read_to_string(file)
                .unwrap()
                .lines()
                .any(|line| mentions(line, "entity::", true))
        })
        .map(|file| file.strip_prefix(&web).unwrap().display().to_string())
        .collect();
    assert!(naming.is_empty(), "web modules naming entities: {naming:?}");
}

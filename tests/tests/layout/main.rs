#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
//! Layout rules, checked by reading source text rather than compiling it.
//!
//! - No two modules of a crate import each other, directly or through others: a cycle means
//!   neither can be read, moved or tested alone, and usually hides a missing shared module.
//! - No source file is over 400 lines unless `LONG_FILES` says why: long files are where
//!   unrelated code piles up, and a written reason keeps each exception deliberate.
//! - No HTTP status is set outside the one mapping (`app/src/error.rs`): every refusal's
//!   status comes from its `AppError`.

mod graph;

use std::collections::{BTreeMap, BTreeSet};

use graph::*;
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Each crate's source root; modules can only form cycles within one crate.
const CRATE_SOURCES: &[&str] = &["domain/src", "db/src", "app/src", "server/src", "tests/src"];

const MAX_LINES: usize = 400;

/// Files allowed over `MAX_LINES`: (path from the repository root, why it stays long).
const LONG_FILES: &[(&str, &str)] = &[];

/// Where `MAX_LINES` applies, and to which files.
const LINE_CHECKED_DIRS: &str = "domain db app server tests end2end sandbox-cis2 migrations tools";
const LINE_CHECKED_EXTENSIONS: &[&str] = &["rs", "ts", "js", "sql"];

/// Dependencies, build output and test data: not ours to keep short.
const SKIPPED_DIRS: &str = "node_modules target data test-results playwright-report";

/// Files under `dir` with one of `extensions`, skipping `SKIPPED_DIRS`, as (path from `base`,
/// path); a missing `dir` has none.
fn files_under(base: &Path, dir: &Path, extensions: &[&str], out: &mut Vec<(String, PathBuf)>) {
    for entry in fs::read_dir(dir).into_iter().flatten() {
        let entry = entry.expect("read directory entry");
        let (kind, path) = (entry.file_type().expect("read file type"), entry.path());
        let name = entry.file_name().to_string_lossy().into_owned();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if kind.is_dir() && !SKIPPED_DIRS.split(' ').any(|d| d == name) {
            files_under(base, &path, extensions, out);
        } else if kind.is_file() && extensions.contains(&ext) {
            let rel = path.strip_prefix(base).expect("path under base");
            out.push((rel.to_string_lossy().into_owned(), path));
        }
    }
}

/// A crate's `.rs` files: (path from its source root, text), sorted.
fn read_crate(src_root: &str) -> Vec<(String, String)> {
    let base = Path::new(ROOT).join(src_root);
    let mut paths = Vec::new();
    files_under(&base, &base, &["rs"], &mut paths);
    paths.sort();
    let read = |(rel, p)| (rel, fs::read_to_string(p).expect("read source file"));
    paths.into_iter().map(read).collect()
}

/// Lines as an editor counts them; not every checked file need be UTF-8.
fn line_count(path: &Path) -> usize {
    let bytes = fs::read(path).expect("read source file");
    String::from_utf8_lossy(&bytes).lines().count()
}

/// Every checked source file over `MAX_LINES`, with its line count.
fn long_files() -> BTreeMap<String, usize> {
    let root = Path::new(ROOT);
    let mut paths = Vec::new();
    for dir in LINE_CHECKED_DIRS.split(' ') {
        files_under(root, &root.join(dir), LINE_CHECKED_EXTENSIONS, &mut paths);
    }
    let counted = paths.into_iter().map(|(rel, p)| (rel, line_count(&p)));
    counted.filter(|&(_, n)| n > MAX_LINES).collect()
}

#[test]
fn no_import_cycles_between_modules() {
    let mut report = String::new();
    for src_root in CRATE_SOURCES {
        let files = read_crate(src_root);
        assert!(!files.is_empty(), "no .rs files under {src_root}");
        let edges = build_graph(&files);
        for cycle in cycles(files.len(), edges.keys().copied()) {
            report += &describe(src_root, &files, &edges, &cycle);
        }
    }
    // Fix a cycle by moving what both modules need into a module of its own.
    assert!(report.is_empty(), "import cycles:\n{report}");
}

#[test]
fn no_source_file_is_long_without_a_reason() {
    let long = long_files();
    let listed: BTreeSet<&str> = LONG_FILES.iter().map(|&(path, _)| path).collect();
    let mut problems = Vec::new();
    for (path, n) in &long {
        if !listed.contains(path.as_str()) {
            problems.push(format!("{path}: {n} lines; split it or add to LONG_FILES"));
        }
    }
    // Stale entries would let a file grow back unnoticed, so they fail too.
    for &(path, reason) in LONG_FILES {
        if reason.trim().is_empty() {
            problems.push(format!("{path}: in LONG_FILES without a reason"));
        }
        if !long.contains_key(path) {
            let gone = !Path::new(ROOT).join(path).is_file();
            let now = if gone { "is gone" } else { "is short now" };
            problems.push(format!("{path}: in LONG_FILES but {now}"));
        }
    }
    let problems = problems.join("\n  ");
    assert!(problems.is_empty(), "over {MAX_LINES} lines:\n  {problems}");
}

/// Ways of setting a status by hand; only the mapping may.
const STATUS_SETTERS: &[&str] = &[
    "StatusCode::",
    "set_status(",
    "from_u16(",
    ".status(4",
    ".status(5",
];

#[test]
fn statuses_are_set_only_by_the_one_mapping() {
    let mut found = Vec::new();
    for root in ["app/src", "server/src"] {
        for (rel, src) in read_crate(root) {
            let path = format!("{root}/{rel}");
            if path == "app/src/error.rs" {
                continue;
            }
            for (n, line) in src.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                let by_hand = STATUS_SETTERS.iter().any(|s| code.contains(s))
                    || (code.contains("status_mut()") && !code.contains(".status_code()"));
                if by_hand {
                    found.push(format!("{path}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "statuses set outside app/src/error.rs (use AppError):\n{}",
        found.join("\n")
    );
}

#[test]
fn cycle_finder_reports_a_to_b_to_a_but_not_c_to_a() {
    // Nodes a, b, c: a → b → a is a cycle; c → a only leads into it.
    assert_eq!(cycles(3, [(0, 1), (1, 0), (2, 0)]), vec![vec![0, 1]]);
    assert!(cycles(2, [(0, 1)]).is_empty());
}

#[test]
fn module_graph_follows_use_groups_super_and_code_but_not_comments() {
    let crate_text = r#"
== lib.rs
pub mod a; pub mod b; pub mod c;
== a.rs
mod inner;
use crate::{E, b::{self, T as U}};
use self::inner::X;
== a/inner.rs
use super::T; // a child using its parent: no edge
use crate::a::f;
== b.rs
//! See crate::c::Doc.
fn f() { let _ = "crate::c"; super::a::g(); }
== c.rs
use crate::a::g;
#[cfg(test)]
mod tests { use super::super::b::*; }
"#;
    let files: Vec<(String, String)> = (crate_text.split("\n== ").skip(1))
        .map(|file| file.split_once('\n').unwrap())
        .map(|(path, text)| (path.to_owned(), text.to_owned()))
        .collect();
    let edges = build_graph(&files);
    let name = |v: usize| files[v].0.as_str();
    let edge = |&(a, b): &(usize, usize)| format!("{}→{}", name(a), name(b));
    let found: Vec<_> = edges.keys().map(edge).collect();
    let expected = "a.rs→a/inner.rs a.rs→b.rs b.rs→a.rs c.rs→a.rs c.rs→b.rs";
    assert_eq!(found.join(" "), expected);
    let found = cycles(files.len(), edges.keys().copied());
    assert_eq!(found, vec![vec![1, 3]], "a.rs ↔ b.rs only");
    let report = describe("x/src", &files, &edges, &found[0]);
    let expected = "x/src/b.rs → x/src/a.rs: super::a::g (line 2)";
    assert!(report.contains(expected), "{report}");
}

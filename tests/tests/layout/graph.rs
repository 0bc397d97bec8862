//! The module graph of a crate, read from its source text: a small tokenizer, the paths
//! each file mentions, and the cycles among files.

use std::collections::{BTreeMap, BTreeSet};

/// A module's path inside its crate; the crate root is empty.
pub type Module = Vec<String>;

/// A word or punctuation, with its line.
pub type Token = (String, usize);

/// Module graph edges between files (by index), with the mentions that made each one.
pub type Edges = BTreeMap<(usize, usize), BTreeSet<String>>;

/// `a/b.rs` and `a/b/mod.rs` are module `a::b`; `lib.rs` and `main.rs` are the crate root.
pub fn module_of(rel: &str) -> Module {
    let stem = rel.trim_end_matches(".rs");
    let mut parts: Module = stem.split('/').map(String::from).collect();
    if matches!(rel, "lib.rs" | "main.rs") || parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Words and punctuation with their lines. Comments, strings and char literals are dropped,
/// so a path in a doc comment or a message is not an import.
pub fn tokens(src: &str) -> Vec<Token> {
    let s: Vec<char> = src.chars().collect();
    let at = |i: usize| s.get(i).copied().unwrap_or('\0');
    // A `"` ends a string unless an odd number of backslashes escapes it.
    let escaped = |j: usize| s[..j].iter().rev().take_while(|&&c| c == '\\').count() % 2 == 1;
    let string_end = |from: usize| (from..s.len()).find(|&j| s[j] == '"' && !escaped(j));
    let past = |from: usize, pat: &str| {
        let pat: Vec<char> = pat.chars().collect();
        let found = (from..s.len()).find(|&j| s[j..].starts_with(&pat));
        found.map_or(s.len(), |j| j + pat.len())
    };
    let (mut out, mut i, mut line) = (Vec::new(), 0, 1);
    while i < s.len() {
        let (start, c) = (i, s[i]);
        let len = s[i..].iter().take_while(|&&c| is_word(c)).count();
        let hashes = s[i + len..].iter().take_while(|&&c| c == '#').count();
        let raw = matches!(s[i..i + len], ['r'] | ['b', 'r'] | ['c', 'r']);
        let quote = i + len + hashes;
        i = match (c, at(i + 1)) {
            ('/', '/') => past(i, "\n"),
            ('/', '*') => past(i + 2, "*/"),
            ('"', _) => string_end(i + 1).map_or(s.len(), |j| j + 1),
            _ if raw && at(quote) == '"' => past(quote + 1, &format!("\"{}", "#".repeat(hashes))),
            ('\'', '\\') => past(i + 3, "'"),
            ('\'', _) if at(i + 2) == '\'' => i + 3, // a char literal; a lifetime keeps its name
            _ if c.is_whitespace() => i + 1,
            (_, next) => {
                // A word, `::`, or one punctuation character.
                let n = len.max(1 + usize::from(c == ':' && next == ':'));
                out.push((s[i..i + n].iter().collect(), line));
                i + n
            }
        };
        line += s[start..i].iter().filter(|&&c| c == '\n').count();
    }
    out
}

/// The token at `i`; empty past the end.
pub fn text(toks: &[Token], i: usize) -> &str {
    toks.get(i).map_or("", |t| t.0.as_str())
}

/// Expands the path tree at `i` onto `path` (`a::{b, c::{self, d as e}}` gives `a::b`,
/// `a::c` and `a::c::d`), each with the line it ends on; returns the index after the tree.
pub fn expand(
    toks: &[Token],
    mut i: usize,
    mut path: Module,
    out: &mut Vec<(Module, usize)>,
) -> usize {
    let start = i;
    loop {
        match text(toks, i) {
            "{" => loop {
                i += 1;
                match text(toks, i) {
                    "}" | "" => return i + 1,
                    "," => {}
                    _ => i = expand(toks, i, path.clone(), out) - 1,
                }
            },
            t if t == "*" || t.starts_with(is_word) => {
                // `self` inside a group names the group's prefix; `*` names the prefix's items.
                if t != "*" && (t != "self" || path.is_empty()) {
                    path.push(t.to_owned());
                }
                i += 1;
                if text(toks, i) != "::" {
                    break;
                }
                i += 1;
            }
            _ => break,
        }
    }
    if i == start {
        return i + 1; // not a path: step over it
    }
    out.push((path, toks[i - 1].1));
    if text(toks, i) == "as" { i + 2 } else { i }
}

/// The absolute form of a `crate::`, `super::` or `self::` path written in module `here`;
/// `None` if it climbs above the crate root.
pub fn absolute(path: &[String], here: &[String]) -> Option<Module> {
    let mut segs = path.iter().map(String::as_str).peekable();
    let from_root = segs.next_if_eq(&"crate").is_some();
    let mut abs = if from_root { vec![] } else { here.to_vec() };
    while let Some(s) = segs.next_if(|s| *s == "super" || *s == "self") {
        if s == "super" {
            abs.pop()?;
        }
    }
    abs.extend(segs.map(String::from));
    Some(abs)
}

/// Every `crate::`, `super::` and `self::` path in a file, in `use` groups or in code:
/// (absolute path, as written, line). `super` counts from the innermost inline `mod x { }`.
pub fn mentions(src: &str, file_module: &[String]) -> Vec<(Module, String, usize)> {
    let toks = tokens(src);
    let (mut here, mut inline_depths) = (file_module.to_vec(), Vec::new());
    let (mut depth, mut i, mut out) = (0_usize, 0, Vec::new());
    while i < toks.len() {
        let t = text(&toks, i);
        let follows_path = i > 0 && text(&toks, i - 1) == "::";
        if matches!(t, "crate" | "super" | "self") && text(&toks, i + 1) == "::" && !follows_path {
            let mut paths = Vec::new();
            i = expand(&toks, i, Vec::new(), &mut paths);
            let found = |(p, line): (Module, _)| Some((absolute(&p, &here)?, p.join("::"), line));
            out.extend(paths.into_iter().filter_map(found));
            continue;
        }
        if t == "{" {
            depth += 1;
            if i >= 2 && text(&toks, i - 2) == "mod" {
                here.push(text(&toks, i - 1).to_owned());
                inline_depths.push(depth);
            }
        } else if t == "}" {
            if inline_depths.last() == Some(&depth) {
                inline_depths.pop();
                here.pop();
            }
            depth = depth.saturating_sub(1);
        }
        i += 1;
    }
    out
}

/// One crate's module graph from its files (path from the source root, text). Edges to a
/// module's self or ancestors are left out: a child using its parent's items is normal.
pub fn build_graph(files: &[(String, String)]) -> Edges {
    let modules: Vec<Module> = files.iter().map(|(rel, _)| module_of(rel)).collect();
    let index: BTreeMap<Module, usize> = modules.iter().cloned().zip(0..).collect();
    let mut edges = Edges::new();
    for (from, (_, text)) in files.iter().enumerate() {
        let here = &modules[from];
        for (abs, written, line) in mentions(text, here) {
            // A path points into the longest prefix of it that is a module file.
            let target = (0..=abs.len()).rev().find_map(|n| index.get(&abs[..n]));
            if let Some(&to) = target.filter(|&&to| !here.starts_with(&modules[to])) {
                let why = format!("{written} (line {line})");
                edges.entry((from, to)).or_default().insert(why);
            }
        }
    }
    edges
}

/// Kosaraju's algorithm: strongly connected components of more than one node, each sorted.
pub fn cycles(n: usize, edges: impl IntoIterator<Item = (usize, usize)>) -> Vec<Vec<usize>> {
    fn visit(adj: &[Vec<usize>], v: usize, seen: &mut [bool], finished: &mut Vec<usize>) {
        if !std::mem::replace(&mut seen[v], true) {
            adj[v].iter().for_each(|&w| visit(adj, w, seen, finished));
            finished.push(v);
        }
    }
    let (mut forward, mut reversed) = (vec![vec![]; n], vec![vec![]; n]);
    for (a, b) in edges {
        forward[a].push(b);
        reversed[b].push(a);
    }
    let (mut seen, mut order) = (vec![false; n], Vec::new());
    (0..n).for_each(|v| visit(&forward, v, &mut seen, &mut order));
    // Walking the reversed graph in reverse finishing order collects one component at a time.
    let (mut seen, mut found) = (vec![false; n], Vec::new());
    for &v in order.iter().rev() {
        let mut component = Vec::new();
        visit(&reversed, v, &mut seen, &mut component);
        if component.len() > 1 {
            component.sort_unstable();
            found.push(component);
        }
    }
    found.sort();
    found
}

/// One cycle's files and, for each edge inside it, the paths that made it.
pub fn describe(
    src_root: &str,
    files: &[(String, String)],
    edges: &Edges,
    cycle: &[usize],
) -> String {
    let name = |v: usize| format!("{src_root}/{}", files[v].0);
    let names: Vec<String> = cycle.iter().map(|&v| name(v)).collect();
    let mut text = format!("cycle: {}\n", names.join(" ↔ "));
    let inside = |(a, b): &(usize, usize)| cycle.contains(a) && cycle.contains(b);
    for (&(a, b), why) in edges.iter().filter(|(edge, _)| inside(edge)) {
        let why: Vec<&str> = why.iter().map(String::as_str).collect();
        text += &format!("  {} → {}: {}\n", name(a), name(b), why.join(", "));
    }
    text
}

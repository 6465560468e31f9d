//! The project is self-contained: no file cites research notes outside the
//! repository, and every `docs/<file>.md#<anchor>` a file cites names a
//! heading that exists in that document.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Folders never scanned: build output, tools, version control.
const SKIPPED_DIRS: &[&str] = &[".git", "target", "out", ".tools", "node_modules"];
/// The one file that may point outside the repository: Cargo's optional
/// vendored-crates configuration.
const ALLOWED_OUTSIDE: &str = ".cargo/config.toml";
/// The documents comments cite.
const DOCS: &[&str] = &["opath", "exchange", "clixml"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) {
                files(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

/// Every text file of the repository with its path relative to the root.
fn text_files() -> Vec<(String, String)> {
    let root = root();
    let mut paths = Vec::new();
    files(&root, &mut paths);
    let mut texts: Vec<(String, String)> = paths
        .into_iter()
        .filter_map(|p| {
            let text = String::from_utf8(std::fs::read(&p).ok()?).ok()?;
            let rel = p
                .strip_prefix(&root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, text))
        })
        .collect();
    texts.sort();
    texts
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces
/// as hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown document (headings outside code blocks).
fn anchors(text: &str) -> BTreeSet<String> {
    let mut in_code = false;
    let mut found = BTreeSet::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            found.insert(slug(line.trim_start_matches('#')));
        }
    }
    found
}

/// The reasons a line cites something outside the repository, if any. The
/// documents in docs/ link each other relatively and cite public
/// specifications by section, so only paths are checked there.
fn outside_citation(line: &str, in_docs: bool) -> Option<&'static str> {
    let lower = line.to_lowercase();
    let shared = concat!("../", "shared");
    let spec_dir = concat!("shared", "/spec");
    if lower.contains(shared) || lower.contains(spec_dir) {
        return Some("a path outside the repository");
    }
    if in_docs {
        return None;
    }
    for doc in DOCS {
        let bare = format!("{doc}.md");
        let mut from = 0;
        while let Some(i) = lower[from..].find(&bare) {
            let at = from + i;
            if !lower[..at].ends_with("docs/") {
                return Some("a research note by name instead of docs/<file>.md#<anchor>");
            }
            from = at + bare.len();
        }
    }
    let spec_word = concat!("spe", "c ");
    let mut from = 0;
    while let Some(i) = lower[from..].find(spec_word) {
        let at = from + i;
        let before = lower[..at].chars().next_back();
        let after = &line[at + spec_word.len()..];
        let cites = after.starts_with('\u{a7}')
            || after.starts_with("section")
            || after.chars().next().is_some_and(|c| c.is_ascii_digit())
            || (after.len() > 2
                && after.as_bytes()[0].is_ascii_uppercase()
                && after.as_bytes()[1] == b'.'
                && after.as_bytes()[2].is_ascii_digit());
        if cites && !before.is_some_and(char::is_alphanumeric) {
            return Some("a research note by section number");
        }
        from = at + spec_word.len();
    }
    if line.contains('\u{a7}') {
        return Some("a section sign: cite docs/<file>.md#<anchor> instead");
    }
    None
}

/// The anchors that follow each occurrence of `prefix` in `line`.
fn anchors_after(line: &str, prefix: &str) -> Vec<String> {
    line.match_indices(prefix)
        .map(|(i, _)| {
            line[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .collect()
}

/// `docs/<file>.md#<anchor>` references in `line`, plus relative
/// `<file>.md#<anchor>` and `(#anchor)` links when `own` names the document
/// the line is in.
fn doc_links(line: &str, own: Option<&str>) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for doc in DOCS {
        let mut prefixes = vec![format!("docs/{doc}.md#")];
        if own.is_some() {
            prefixes.push(format!("]({doc}.md#"));
        }
        for prefix in prefixes {
            links.extend(
                anchors_after(line, &prefix)
                    .into_iter()
                    .map(|a| (doc.to_string(), a)),
            );
        }
    }
    if let Some(own) = own {
        links.extend(
            anchors_after(line, "](#")
                .into_iter()
                .map(|a| (own.to_string(), a)),
        );
    }
    links
}

#[test]
fn no_file_cites_notes_outside_the_repository() {
    let mut bad = Vec::new();
    for (path, text) in text_files() {
        if path == ALLOWED_OUTSIDE || path == "Cargo.lock" {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            if let Some(why) = outside_citation(line, path.starts_with("docs/")) {
                bad.push(format!("{path}:{}: {why}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} line(s) cite something outside the repository; point them at docs/<file>.md#<anchor> \
         (the facts are restated in docs/):\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn every_cited_docs_anchor_exists() {
    let files = text_files();
    let docs: Vec<(String, BTreeSet<String>)> = DOCS
        .iter()
        .map(|d| {
            let text = std::fs::read_to_string(root().join(format!("docs/{d}.md")))
                .unwrap_or_else(|e| panic!("docs/{d}.md is missing: {e}"));
            (d.to_string(), anchors(&text))
        })
        .collect();
    let mut bad = Vec::new();
    let mut checked = 0;
    for (path, text) in &files {
        let own = DOCS
            .iter()
            .find(|d| *path == format!("docs/{d}.md"))
            .copied();
        for (n, line) in text.lines().enumerate() {
            for (doc, anchor) in doc_links(line, own) {
                checked += 1;
                let known = &docs.iter().find(|(d, _)| *d == doc).unwrap().1;
                if !known.contains(&anchor) {
                    bad.push(format!(
                        "{path}:{}: docs/{doc}.md has no heading for #{anchor}",
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(checked > 0, "no docs/ anchor was found to check");
    assert!(
        bad.is_empty(),
        "{} citation(s) name a docs/ anchor that does not exist; use one of the headings of \
         the document (its anchor is the heading in lower case, spaces as hyphens):\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn slugs_follow_github() {
    assert_eq!(slug(" Product status in 2026"), "product-status-in-2026");
    assert_eq!(
        slug(" Export-Clixml and Import-Clixml"),
        "export-clixml-and-import-clixml"
    );
    assert_eq!(slug(" ToString"), "tostring");
    let spec_dir = concat!("shared", "/spec/opath", ".md");
    assert!(outside_citation(&format!("see {spec_dir}"), false).is_some());
    assert!(outside_citation(&format!("see {spec_dir}"), true).is_some());
    assert!(outside_citation("see docs/opath.md#grammar", false).is_none());
    assert!(outside_citation(concat!("(spe", "c A.9)"), false).is_some());
    assert!(outside_citation("a respec A.9 token", false).is_none());
}

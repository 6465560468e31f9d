//! The C ABI test (`tests/c/abi_test.c`) must call every function the header
//! declares: a new export without a C test fails here.

use std::path::Path;

fn exported_functions(header: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in header.lines() {
        let line = line.trim_start();
        if line.starts_with('*') || line.starts_with("/*") || line.starts_with("#") {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("lsync_") {
            let tail = &rest[start..];
            let end = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(tail.len());
            if tail[end..].starts_with('(') {
                names.push(tail[..end].to_owned());
            }
            rest = &tail[end..];
        }
    }
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_c_test_calls_every_export() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let header =
        std::fs::read_to_string(root.join("bindings/lightningsync.h")).expect("read the header");
    let c_test = std::fs::read_to_string(root.join("tests/c/abi_test.c")).expect("read the C test");
    let exports = exported_functions(&header);
    assert!(
        exports.len() >= 10,
        "expected the header to declare the exports, found {exports:?}"
    );
    let missing: Vec<_> = exports
        .iter()
        .filter(|name| !c_test.contains(&format!("{name}(")))
        .collect();
    assert!(
        missing.is_empty(),
        "tests/c/abi_test.c does not call these exports: {missing:?}"
    );
}

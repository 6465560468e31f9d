//! Fails when `bindings/lightningsync.h` differs from what cbindgen generates
//! from the current sources. With `LSYNC_UPDATE_HEADER=1` it rewrites the
//! header instead (`build.ps1 -Task Header` does that).

use std::path::Path;

fn generate() -> String {
    let crate_dir = env!("CARGO_MANIFEST_DIR");
    let config = cbindgen::Config::from_file(Path::new(crate_dir).join("bindings/cbindgen.toml"))
        .expect("bindings/cbindgen.toml must parse");
    let bindings = cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen must be able to generate the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("cbindgen writes UTF-8")
}

#[test]
fn committed_header_matches_the_sources() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("bindings/lightningsync.h");
    let fresh = generate();
    if std::env::var_os("LSYNC_UPDATE_HEADER").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings/lightningsync.h");
        return;
    }
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    if committed != fresh {
        let line = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || committed.lines().count().min(fresh.lines().count()) + 1,
                |i| i + 1,
            );
        panic!(
            "bindings/lightningsync.h differs from the header generated from the sources (first difference at line {line}).\n\
             Regenerate it with `pwsh ./build.ps1 -Task Header` (or LSYNC_UPDATE_HEADER=1 cargo test --test header_fresh) and commit it."
        );
    }
}

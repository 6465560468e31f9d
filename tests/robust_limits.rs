//! Every export that takes a filter survives the largest filter the library
//! accepts, and refuses one just past the limits with a clear error, on a
//! thread with a 1 MiB stack (the default thread stack on Windows).

use lightningsync::ffi::{LsyncError, LsyncFilter, LsyncStatus, LsyncText};
use lightningsync::opath::parser::{MAX_DEPTH, MAX_FILTER_BYTES, MAX_TERMS};
use std::ptr::null_mut;

#[path = "support/c_abi.rs"]
mod c_abi;
use c_abi::*;

const ONE_MIB: usize = 1 << 20;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(ONE_MIB)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("the export must not crash a 1 MiB stack")
}

fn chain(terms: usize, op: &str) -> String {
    (0..terms)
        .map(|i| format!("Name -eq 'u{i}'"))
        .collect::<Vec<_>>()
        .join(op)
}

fn text(t: *mut LsyncText) -> String {
    assert!(!t.is_null());
    take_text(t)
}

fn message(e: *mut LsyncError) -> String {
    assert!(!e.is_null(), "an error must be written");
    take_error(e)
}

fn compile(filter: &str) -> *mut LsyncFilter {
    let mut f = null_mut();
    let s = unsafe { lsync_filter_compile(filter.as_ptr(), filter.len(), 0, &mut f, null_mut()) };
    assert_eq!(s, LsyncStatus::Ok);
    f
}

/// Runs every filter export on `filter`; returns the status of each.
fn run_exports(
    filter: String,
    export: std::path::PathBuf,
) -> Vec<(&'static str, LsyncStatus, String)> {
    on_small_stack(move || {
        let mut out = Vec::new();
        let f = compile(&filter);
        for (name, export) in [
            (
                "lsync_filter_canonical",
                lsync_filter_canonical as unsafe extern "C" fn(_, _, _) -> _,
            ),
            ("lsync_filter_report", lsync_filter_report),
        ] {
            let mut t = null_mut();
            let mut e = null_mut();
            let s = unsafe { export(f, &mut t, &mut e) };
            let detail = if s == LsyncStatus::Ok {
                text(t)
            } else {
                message(e)
            };
            out.push((name, s, detail));
        }
        let records = r#"[{"Name":"u1"},{"Name":"zz"},{}]"#;
        for engine in 0..3 {
            let mut t = null_mut();
            let mut e = null_mut();
            let s = unsafe {
                lsync_filter_evaluate(f, records.as_ptr(), records.len(), engine, &mut t, &mut e)
            };
            let detail = if s == LsyncStatus::Ok {
                text(t)
            } else {
                message(e)
            };
            out.push(("lsync_filter_evaluate", s, detail));
        }
        unsafe { lsync_filter_free(f) };

        let mut batch = null_mut();
        let mut e = null_mut();
        let s = unsafe {
            lsync_preview_batch_new(filter.as_ptr(), filter.len(), 0, 0, &mut batch, &mut e)
        };
        let detail = if s == LsyncStatus::Ok {
            String::new()
        } else {
            message(e)
        };
        out.push(("lsync_preview_batch_new", s, detail));
        if s == LsyncStatus::Ok {
            let s = unsafe {
                lsync_preview_batch_add(batch, records.as_ptr(), records.len(), null_mut())
            };
            out.push(("lsync_preview_batch_add", s, String::new()));
            let mut r = null_mut();
            let s = unsafe { lsync_preview_batch_snapshot(batch, &mut r, null_mut()) };
            out.push(("lsync_preview_batch_snapshot", s, String::new()));
            unsafe { lsync_preview_result_free(r) };
            unsafe { lsync_preview_batch_free(batch) };
        }

        let paths = serde_json::to_string(&[export]).unwrap();
        let mut job = null_mut();
        let mut e = null_mut();
        let s = unsafe {
            lsync_preview_job_start(
                filter.as_ptr(),
                filter.len(),
                0,
                paths.as_ptr(),
                paths.len(),
                0,
                &mut job,
                &mut e,
            )
        };
        let detail = if s == LsyncStatus::Ok {
            String::new()
        } else {
            message(e)
        };
        out.push(("lsync_preview_job_start", s, detail));
        if s == LsyncStatus::Ok {
            let mut r = null_mut();
            let mut e = null_mut();
            let s = unsafe { lsync_preview_job_finish_result(job, &mut r, &mut e) };
            let detail = if s == LsyncStatus::Ok {
                String::new()
            } else {
                message(e)
            };
            unsafe { lsync_preview_result_free(r) };
            out.push(("lsync_preview_job_finish_result", s, detail));
            unsafe { lsync_preview_job_free(job) };
        }
        out
    })
}

fn export_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("users.csv");
    std::fs::write(&path, "\"Name\",\"Guid\"\n\"u1\",\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"\n\"zz\",\"3f2504e0-4f89-11d3-9a0c-0305e82c3302\"\n").unwrap();
    path
}

fn assert_all_ok(results: &[(&str, LsyncStatus, String)]) {
    for (name, status, detail) in results {
        assert_eq!(*status, LsyncStatus::Ok, "{name}: {detail}");
    }
    assert!(
        results
            .iter()
            .any(|(n, ..)| *n == "lsync_preview_job_finish_result")
    );
}

fn assert_refused(results: &[(&str, LsyncStatus, String)], limit: &str) {
    let by = |n: &str| results.iter().find(|(name, ..)| *name == n).unwrap();
    assert_eq!(by("lsync_filter_canonical").1, LsyncStatus::FilterInvalid);
    for export in ["lsync_preview_batch_new", "lsync_preview_job_start"] {
        let (_, status, detail) = by(export);
        assert_eq!(*status, LsyncStatus::FilterInvalid, "{export}");
        assert!(
            detail.contains(limit),
            "{export} names the limit {limit}: {detail}"
        );
        assert!(
            detail.len() < 4096,
            "{export} does not echo the whole filter"
        );
    }
    let report = &by("lsync_filter_report").2;
    assert!(
        report.contains("FilterTooLarge") || report.contains("NestingTooDeep"),
        "{report}"
    );
}

#[test]
fn the_longest_or_and_and_chains_work_on_a_1_mib_stack() {
    let dir = tempfile::tempdir().unwrap();
    for op in [" -or ", " -and "] {
        let filter = chain(MAX_TERMS, op);
        assert!(filter.len() <= MAX_FILTER_BYTES);
        assert_all_ok(&run_exports(filter, export_file(&dir)));
    }
}

#[test]
fn one_comparison_past_the_limit_is_refused_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    for op in [" -or ", " -and "] {
        let results = run_exports(chain(MAX_TERMS + 1, op), export_file(&dir));
        assert_refused(&results, &MAX_TERMS.to_string());
    }
}

#[test]
fn one_byte_past_the_size_limit_is_refused_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let base = "Name -eq 'x'";
    let padded = |len: usize| format!("{base}{}", " ".repeat(len - base.len()));
    let results = run_exports(padded(MAX_FILTER_BYTES), export_file(&dir));
    assert_all_ok(&results);
    let results = run_exports(padded(MAX_FILTER_BYTES + 1), export_file(&dir));
    assert_refused(&results, &MAX_FILTER_BYTES.to_string());
}

#[test]
fn the_deepest_nesting_works_and_one_level_more_is_refused_on_a_1_mib_stack() {
    let dir = tempfile::tempdir().unwrap();
    let nested = |depth: usize| {
        format!(
            "{}Name -eq 'u1' -or Name -eq 'u2'{}",
            "(".repeat(depth),
            ")".repeat(depth)
        )
    };
    assert_all_ok(&run_exports(nested(MAX_DEPTH), export_file(&dir)));
    assert_refused(
        &run_exports(nested(MAX_DEPTH + 1), export_file(&dir)),
        &MAX_DEPTH.to_string(),
    );
    let nots = |depth: usize| format!("{}Name -eq 'u1'", "-not ".repeat(depth));
    // 100 -not print as -not( … ), 200 levels: the most whose canonical text reads back.
    assert_all_ok(&run_exports(nots(MAX_DEPTH / 2), export_file(&dir)));
    assert_refused(
        &run_exports(nots(MAX_DEPTH / 2 + 1), export_file(&dir)),
        &MAX_DEPTH.to_string(),
    );
}

#[test]
fn canonical_text_of_a_long_chain_compiles_again_to_itself() {
    let canonical = |filter: &str| {
        let f = lightningsync::opath::Filter::compile(
            filter,
            lightningsync::opath::Environment::OnPremises,
        );
        assert!(f.is_valid(), "{filter:.200}: {:?}", f.diagnostics().first());
        (f.canonical().unwrap().to_owned(), f.tree().cloned())
    };
    for terms in [101, 102, 103, 500, MAX_TERMS] {
        let (once, tree) = canonical(&chain(terms, " -or "));
        let (twice, tree_again) = canonical(&once);
        assert_eq!(once, twice, "{terms} terms");
        assert_eq!(tree, tree_again, "{terms} terms");
    }
}

#[test]
fn diagnostics_stay_bounded_for_a_filter_of_dropped_characters() {
    use lightningsync::opath::{Environment, Filter};
    // Just under the size limit: one warning per kind, with the count.
    let text = "€".repeat(MAX_FILTER_BYTES / 3);
    let f = Filter::compile(&text, Environment::OnPremises);
    let d = f.diagnostics();
    assert!(d.len() <= 5, "{} diagnostics", d.len());
    let bytes: usize = d
        .iter()
        .map(|x| x.message.len() + x.hint.as_ref().map_or(0, String::len))
        .sum();
    assert!(bytes < 8 * 1024, "{bytes} bytes of diagnostics");
    assert!(
        d.iter().any(|x| x
            .message
            .contains(&format!("{} times", MAX_FILTER_BYTES / 3))),
        "{d:?}"
    );
    assert!(
        d.iter().any(|x| x.code == "MatchesEveryRecipient"),
        "an all-dropped filter is flagged: {d:?}"
    );
    // 1 MB: refused at once, without echoing it.
    let text = "€".repeat(350_000);
    let f = Filter::compile(&text, Environment::OnPremises);
    assert!(!f.is_valid());
    assert_eq!(f.diagnostics().len(), 1);
    assert!(f.diagnostics()[0].message.len() < 512);
    // A syntax error in a long filter quotes at most 512 bytes of it.
    let text = format!("{} -or", chain(5_000, " -or "));
    let f = Filter::compile(&text, Environment::OnPremises);
    assert_eq!(f.diagnostics()[0].code, "InvalidSyntax");
    assert!(f.diagnostics()[0].message.len() < 1024);
}

//! The fuzz harness of every export family, shared by the libFuzzer targets
//! (`fuzz/fuzz_targets/*.rs`, run by `build.ps1 -Task Fuzz`) and the short
//! deterministic pass in every test run (`tests/fuzz_smoke.rs`).
//!
//! Each function takes arbitrary bytes, calls the family's exports through
//! their C signatures and checks what must hold for any input: no PANIC
//! status, UTF-8 text out, a canonical filter text that compiles again to
//! itself, a free that returns.

#![allow(dead_code)]

use lightningsync::ffi::{LsyncError, LsyncStatus, LsyncText};
use std::ptr::null_mut;

#[path = "../tests/support/c_abi.rs"]
mod c_abi;
use c_abi::*;

/// Checks an export's outcome: never PANIC; the error message is UTF-8 and
/// bounded; frees the error.
fn check(export: &str, status: LsyncStatus, error: *mut LsyncError) {
    let message = take_error(error);
    assert_ne!(status, LsyncStatus::Panic, "{export} panicked: {message}");
}

/// Calls an export that writes one text; returns the status and the text.
fn text_call(
    export: &str,
    f: impl FnOnce(*mut *mut LsyncText, *mut *mut LsyncError) -> LsyncStatus,
) -> (LsyncStatus, String) {
    let mut t = null_mut();
    let mut e = null_mut();
    let s = f(&mut t, &mut e);
    check(export, s, e);
    (s, take_text(t))
}

/// Splits the input: the first byte chooses options, the rest is cut into
/// `parts` pieces at 0xFF bytes (lossy UTF-8 unless bit 7 of the first
/// byte asks for raw bytes).
fn split(data: &[u8], parts: usize) -> (u8, Vec<Vec<u8>>) {
    let (&flags, rest) = data.split_first().unwrap_or((&0, &[]));
    let mut pieces: Vec<Vec<u8>> = rest
        .splitn(parts, |&b| b == 0xFF)
        .map(|p| {
            if flags & 0x80 != 0 {
                p.to_vec()
            } else {
                String::from_utf8_lossy(p).into_owned().into_bytes()
            }
        })
        .collect();
    pieces.resize(parts, Vec::new());
    (flags, pieces)
}

/// Filters: compile, canonical (a fixed point), report, evaluate with each
/// engine, build from conditions.
pub fn filter(data: &[u8]) {
    let (flags, parts) = split(data, 2);
    let (text, records) = (&parts[0], &parts[1]);
    let env = i32::from(flags & 1);
    let mut f = null_mut();
    let mut e = null_mut();
    let s = unsafe { lsync_filter_compile(text.as_ptr(), text.len(), env, &mut f, &mut e) };
    check("lsync_filter_compile", s, e);
    if s != LsyncStatus::Ok {
        let _ = text_call("lsync_filter_build", |t, e| unsafe {
            lsync_filter_build(text.as_ptr(), text.len(), env, t, e)
        });
        return;
    }
    let (_, report) = text_call("lsync_filter_report", |t, e| unsafe {
        lsync_filter_report(f, t, e)
    });
    assert!(report.len() <= 64 * 1024 + 4 * text.len(), "report bounded");
    let (s, canonical) = text_call("lsync_filter_canonical", |t, e| unsafe {
        lsync_filter_canonical(f, t, e)
    });
    if s == LsyncStatus::Ok {
        let mut again = null_mut();
        let s = unsafe {
            lsync_filter_compile(
                canonical.as_ptr(),
                canonical.len(),
                env,
                &mut again,
                null_mut(),
            )
        };
        assert_eq!(s, LsyncStatus::Ok);
        let (s, twice) = text_call("lsync_filter_canonical", |t, e| unsafe {
            lsync_filter_canonical(again, t, e)
        });
        assert_eq!(
            s,
            LsyncStatus::Ok,
            "canonical text {canonical:?} of {:?} compiles",
            String::from_utf8_lossy(text)
        );
        assert_eq!(twice, canonical, "canonical text is a fixed point");
        unsafe { lsync_filter_free(again) };
    }
    for engine in 0..3 {
        let _ = text_call("lsync_filter_evaluate", |t, e| unsafe {
            lsync_filter_evaluate(f, records.as_ptr(), records.len(), engine, t, e)
        });
    }
    unsafe { lsync_filter_free(f) };
}

/// Previews: a batch fed with JSON records, and a job over the same records
/// written to a file (CSV, CLIXML or anything).
pub fn preview(data: &[u8]) {
    let (flags, parts) = split(data, 3);
    let (filter, records, file) = (&parts[0], &parts[1], &parts[2]);
    let env = i32::from(flags & 1);
    let mut b = null_mut();
    let mut e = null_mut();
    let s =
        unsafe { lsync_preview_batch_new(filter.as_ptr(), filter.len(), env, 0, &mut b, &mut e) };
    check("lsync_preview_batch_new", s, e);
    if s == LsyncStatus::Ok {
        let mut e = null_mut();
        let s = unsafe { lsync_preview_batch_add(b, records.as_ptr(), records.len(), &mut e) };
        check("lsync_preview_batch_add", s, e);
        let (mut r, mut e) = (null_mut(), null_mut());
        let s = unsafe { lsync_preview_batch_snapshot(b, &mut r, &mut e) };
        check("lsync_preview_batch_snapshot", s, e);
        unsafe { lsync_preview_result_free(r) };
        unsafe { lsync_preview_batch_free(b) };
    }
    if flags & 2 != 0 {
        with_file(file, |path| {
            let paths = format!("[{}]", serde_json::to_string(path).unwrap());
            let mut j = null_mut();
            let mut e = null_mut();
            let s = unsafe {
                lsync_preview_job_start(
                    filter.as_ptr(),
                    filter.len(),
                    env,
                    paths.as_ptr(),
                    paths.len(),
                    0,
                    &mut j,
                    &mut e,
                )
            };
            check("lsync_preview_job_start", s, e);
            if s == LsyncStatus::Ok {
                let (mut r, mut e) = (null_mut(), null_mut());
                let s = unsafe { lsync_preview_job_finish_result(j, &mut r, &mut e) };
                check("lsync_preview_job_finish_result", s, e);
                unsafe { lsync_preview_result_free(r) };
                unsafe { lsync_preview_job_free(j) };
            }
        });
    }
}

/// Writes `bytes` to a file of its own, calls `f` with its path, removes it.
fn with_file(bytes: &[u8], f: impl FnOnce(&str)) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let path = std::env::temp_dir().join(format!(
        "lsync-fuzz-{}-{}.dat",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, bytes).expect("temporary file");
    f(path.to_str().expect("UTF-8 temp path"));
    let _ = std::fs::remove_file(&path);
}

/// Imports: open a file, read it to the end in batches of 1–16, free.
pub fn import(data: &[u8]) {
    let (flags, parts) = split(data, 1);
    let max = 1 + usize::from(flags & 15);
    with_file(&parts[0], |path| {
        let mut i = null_mut();
        let mut e = null_mut();
        let s = unsafe { lsync_recipient_import_open(path.as_ptr(), path.len(), &mut i, &mut e) };
        check("lsync_recipient_import_open", s, e);
        if s != LsyncStatus::Ok {
            return;
        }
        for _ in 0..10_000 {
            let (s, text) = text_call("lsync_recipient_import_next", |t, e| unsafe {
                lsync_recipient_import_next(i, max, t, e)
            });
            if s != LsyncStatus::Ok || text == "[]" {
                break;
            }
            serde_json::from_str::<serde_json::Value>(&text).expect("batches are JSON");
        }
        unsafe { lsync_recipient_import_free(i) };
    });
}

/// Plans and audits: setup and removal plans from a snapshot and a desired
/// state, the script of a plan, the audit of a snapshot.
pub fn plan(data: &[u8]) {
    let (_, parts) = split(data, 2);
    let (snapshot, desired) = (&parts[0], &parts[1]);
    let (s, plan) = text_call("lsync_plan_setup", |t, e| unsafe {
        lsync_plan_setup(
            snapshot.as_ptr(),
            snapshot.len(),
            desired.as_ptr(),
            desired.len(),
            t,
            e,
        )
    });
    if s == LsyncStatus::Ok {
        let _ = text_call("lsync_plan_render_script", |t, e| unsafe {
            lsync_plan_render_script(plan.as_ptr(), plan.len(), t, e)
        });
    }
    let _ = text_call("lsync_plan_removal", |t, e| unsafe {
        lsync_plan_removal(
            snapshot.as_ptr(),
            snapshot.len(),
            desired.as_ptr(),
            desired.len(),
            t,
            e,
        )
    });
    let _ = text_call("lsync_plan_render_script", |t, e| unsafe {
        lsync_plan_render_script(desired.as_ptr(), desired.len(), t, e)
    });
    let _ = text_call("lsync_audit_snapshot", |t, e| unsafe {
        lsync_audit_snapshot(snapshot.as_ptr(), snapshot.len(), t, e)
    });
}

/// EWS: requests built from arbitrary identifiers, responses classified.
pub fn ews(data: &[u8]) {
    let (flags, parts) = split(data, 3);
    let (a, b, c) = (&parts[0], &parts[1], &parts[2]);
    let _ = text_call("lsync_ews_build_get_folder", |t, e| unsafe {
        lsync_ews_build_get_folder(
            a.as_ptr(),
            a.len(),
            b.as_ptr(),
            b.len(),
            c.as_ptr(),
            c.len(),
            t,
            e,
        )
    });
    let http = [200, 401, 500, 302, 0, -1][usize::from(flags) % 6];
    let denied = i32::from(flags & 1);
    let _ = text_call("lsync_ews_classify", |t, e| unsafe {
        lsync_ews_classify(http, a.as_ptr(), a.len(), denied, t, e)
    });
    let _ = text_call("lsync_ews_classify_failure", |t, e| unsafe {
        lsync_ews_classify_failure(b.as_ptr(), b.len(), c.as_ptr(), c.len(), denied, t, e)
    });
}

/// One export family: its name and its harness.
pub type Family = (&'static str, fn(&[u8]));

/// The families by name, as the fuzz targets and the smoke test use them.
pub const FAMILIES: &[Family] = &[
    ("filter", filter),
    ("preview", preview),
    ("import", import),
    ("plan", plan),
    ("ews", ews),
];

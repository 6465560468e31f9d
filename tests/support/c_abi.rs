//! The C ABI as a C caller sees it, shared by the integration tests and the
//! fuzz harness (`fuzz/harness.rs`): the exports declared with their C
//! signatures (as `bindings/lightningsync.h` declares them), and helpers
//! that read and free what the exports hand out.
//!
//! Include it with `#[path = "support/c_abi.rs"] mod c_abi;`; each test
//! crate calls only some of the exports and helpers.

#![allow(dead_code)]

use lightningsync::ffi::{
    LsyncError, LsyncFilter, LsyncPreviewBatch, LsyncPreviewJob, LsyncPreviewResult,
    LsyncRecipientImport, LsyncStatus, LsyncText,
};
use std::ptr::null_mut;

// The exports, called through their C signatures.
#[allow(improper_ctypes)]
unsafe extern "C" {
    pub fn lsync_error_message(
        e: *const LsyncError,
        buf: *mut u8,
        cap: usize,
        len: *mut usize,
        out_error: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_error_free(e: *mut LsyncError);
    pub fn lsync_text_len(t: *const LsyncText) -> usize;
    pub fn lsync_text_copy(
        t: *const LsyncText,
        buf: *mut u8,
        cap: usize,
        len: *mut usize,
        out_error: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_text_free(t: *mut LsyncText);
    pub fn lsync_filter_compile(
        text: *const u8,
        len: usize,
        env: i32,
        out: *mut *mut LsyncFilter,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_filter_canonical(
        f: *const LsyncFilter,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_filter_report(
        f: *const LsyncFilter,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_filter_evaluate(
        f: *const LsyncFilter,
        records: *const u8,
        len: usize,
        engine: i32,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_filter_free(f: *mut LsyncFilter);
    pub fn lsync_filter_build(
        c: *const u8,
        l: usize,
        env: i32,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_preview_batch_new(
        filter: *const u8,
        len: usize,
        env: i32,
        max: usize,
        out: *mut *mut LsyncPreviewBatch,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_preview_batch_add(
        b: *const LsyncPreviewBatch,
        records: *const u8,
        len: usize,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_preview_batch_snapshot(
        b: *const LsyncPreviewBatch,
        out: *mut *mut LsyncPreviewResult,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_preview_result_free(r: *mut LsyncPreviewResult);
    pub fn lsync_preview_batch_free(b: *mut LsyncPreviewBatch);
    pub fn lsync_preview_job_start(
        filter: *const u8,
        len: usize,
        env: i32,
        paths: *const u8,
        paths_len: usize,
        max: usize,
        out: *mut *mut LsyncPreviewJob,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_preview_job_finish_result(
        j: *const LsyncPreviewJob,
        out: *mut *mut LsyncPreviewResult,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_preview_job_free(j: *mut LsyncPreviewJob);
    pub fn lsync_recipient_import_open(
        path: *const u8,
        len: usize,
        out: *mut *mut LsyncRecipientImport,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_recipient_import_next(
        i: *mut LsyncRecipientImport,
        max: usize,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_recipient_import_free(i: *mut LsyncRecipientImport);
    pub fn lsync_plan_setup(
        snapshot: *const u8,
        snapshot_len: usize,
        desired: *const u8,
        desired_len: usize,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_plan_render_script(
        plan: *const u8,
        len: usize,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_plan_removal(
        s: *const u8,
        sl: usize,
        d: *const u8,
        dl: usize,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_audit_snapshot(
        snapshot: *const u8,
        len: usize,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_ews_build_get_folder(
        m: *const u8,
        ml: usize,
        k: *const u8,
        kl: usize,
        v: *const u8,
        vl: usize,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_ews_classify(
        status: i32,
        b: *const u8,
        bl: usize,
        denied: i32,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
    pub fn lsync_ews_classify_failure(
        c: *const u8,
        cl: usize,
        d: *const u8,
        dl: usize,
        denied: i32,
        out: *mut *mut LsyncText,
        e: *mut *mut LsyncError,
    ) -> LsyncStatus;
}

/// Reads and frees a text (empty for NULL); it must be UTF-8.
pub fn take_text(t: *mut LsyncText) -> String {
    if t.is_null() {
        return String::new();
    }
    let len = unsafe { lsync_text_len(t) };
    let mut buf = vec![0u8; len];
    let mut out = 0;
    let s = unsafe { lsync_text_copy(t, buf.as_mut_ptr(), len, &mut out, null_mut()) };
    unsafe { lsync_text_free(t) };
    assert_eq!(s, LsyncStatus::Ok);
    String::from_utf8(buf).expect("the library writes UTF-8")
}

/// Reads and frees an error's message (empty for NULL); it must be UTF-8.
pub fn take_error(e: *mut LsyncError) -> String {
    if e.is_null() {
        return String::new();
    }
    let mut len = 0;
    unsafe { lsync_error_message(e, null_mut(), 0, &mut len, null_mut()) };
    let mut buf = vec![0u8; len];
    unsafe { lsync_error_message(e, buf.as_mut_ptr(), len, &mut len, null_mut()) };
    unsafe { lsync_error_free(e) };
    String::from_utf8(buf).expect("error messages are UTF-8")
}

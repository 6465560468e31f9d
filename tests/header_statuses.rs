//! The header documents the statuses each export returns: every failure the
//! exports are driven into here returns a status named in that export's own
//! comment in `bindings/lightningsync.h` (the statuses every export may
//! return — NULL_ARGUMENT, INVALID_UTF8, PANIC — are documented once, in
//! bindings/README.md).

use lightningsync::ffi::{LsyncError, LsyncFilter, LsyncStatus, LsyncText};
use std::collections::HashMap;
use std::ptr::null_mut;

#[path = "support/c_abi.rs"]
mod c_abi;
use c_abi::*;

/// The `LSYNC_STATUS_*` names each export's comment in the header mentions.
fn documented_statuses() -> HashMap<String, Vec<String>> {
    let header = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bindings/lightningsync.h"),
    )
    .unwrap();
    let mut out = HashMap::new();
    let mut comment = String::new();
    for line in header.lines() {
        let t = line.trim_start();
        if t.starts_with("/*") {
            comment.clear();
        }
        if t.starts_with("/*") || t.starts_with('*') {
            comment.push_str(t);
            comment.push('\n');
            continue;
        }
        if let Some(at) = t.find("lsync_")
            && t[at..].contains('(')
        {
            let name: String = t[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let mut statuses = Vec::new();
            let mut rest = comment.as_str();
            while let Some(i) = rest.find("LSYNC_STATUS_") {
                let s: String = rest[i..]
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                statuses.push(s);
                rest = &rest[i + 13..];
            }
            out.insert(name, statuses);
            comment.clear();
        }
    }
    out
}

fn c_name(status: LsyncStatus) -> String {
    let debug = format!("{status:?}");
    let mut out = String::from("LSYNC_STATUS_");
    for (i, c) in debug.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

fn free_error(e: *mut LsyncError) {
    unsafe { lsync_error_free(e) };
}

/// Runs an export that writes text; frees what it wrote; returns its status.
fn text_call(
    f: impl FnOnce(*mut *mut LsyncText, *mut *mut LsyncError) -> LsyncStatus,
) -> LsyncStatus {
    let mut t = null_mut();
    let mut e = null_mut();
    let s = f(&mut t, &mut e);
    unsafe { lsync_text_free(t) };
    free_error(e);
    s
}

fn plan(snapshot: &str, desired: &str) -> LsyncStatus {
    text_call(|t, e| unsafe {
        lsync_plan_setup(
            snapshot.as_ptr(),
            snapshot.len(),
            desired.as_ptr(),
            desired.len(),
            t,
            e,
        )
    })
}

fn compile(text: &str) -> *mut LsyncFilter {
    let mut f = null_mut();
    assert_eq!(
        unsafe { lsync_filter_compile(text.as_ptr(), text.len(), 0, &mut f, null_mut()) },
        LsyncStatus::Ok
    );
    f
}

fn job(filter: &str, paths: &str) -> (LsyncStatus, Option<LsyncStatus>) {
    let mut j = null_mut();
    let mut e = null_mut();
    let start = unsafe {
        lsync_preview_job_start(
            filter.as_ptr(),
            filter.len(),
            0,
            paths.as_ptr(),
            paths.len(),
            0,
            &mut j,
            &mut e,
        )
    };
    free_error(e);
    if start != LsyncStatus::Ok {
        return (start, None);
    }
    let (mut r, mut e) = (null_mut(), null_mut());
    let finish = unsafe { lsync_preview_job_finish_result(j, &mut r, &mut e) };
    free_error(e);
    unsafe { lsync_preview_result_free(r) };
    unsafe { lsync_preview_job_free(j) };
    (start, Some(finish))
}

fn import(path: &str) -> (LsyncStatus, Option<LsyncStatus>) {
    let mut i = null_mut();
    let mut e = null_mut();
    let open = unsafe { lsync_recipient_import_open(path.as_ptr(), path.len(), &mut i, &mut e) };
    free_error(e);
    if open != LsyncStatus::Ok {
        return (open, None);
    }
    let next = text_call(|t, e| unsafe { lsync_recipient_import_next(i, 16, t, e) });
    unsafe { lsync_recipient_import_free(i) };
    (open, Some(next))
}

#[test]
fn every_failure_status_is_documented_on_its_export() {
    let docs = documented_statuses();
    let mut observed: Vec<(&str, LsyncStatus)> = Vec::new();

    let offline_without_version =
        r#"{"account":"svc@contoso.com","filter":"Department -eq 'Sales'"}"#;
    let offline = r#"{"account":"svc@contoso.com","filter":"Department -eq 'Sales'","exchangeVersion":"2019"}"#;
    let s = plan("", offline_without_version);
    assert_eq!(
        s,
        LsyncStatus::PlanPrerequisiteMissing,
        "offline plan without exchangeVersion"
    );
    observed.push(("lsync_plan_setup", s));
    observed.push((
        "lsync_plan_setup",
        plan("", r#"{"account":"svc","filter":"Department -eq"}"#),
    ));
    observed.push(("lsync_plan_setup", plan("<Objs", offline)));
    observed.push(("lsync_plan_setup", plan("", "{")));
    let bad_plan = r#"{"kind":"Setup"}"#;
    observed.push((
        "lsync_plan_render_script",
        text_call(|t, e| unsafe {
            lsync_plan_render_script(bad_plan.as_ptr(), bad_plan.len(), t, e)
        }),
    ));
    observed.push((
        "lsync_audit_snapshot",
        text_call(|t, e| unsafe { lsync_audit_snapshot(b"<Objs".as_ptr(), 5, t, e) }),
    ));

    let mut f = null_mut();
    let mut e = null_mut();
    let text = "Department -eq 'Sales'";
    observed.push(("lsync_filter_compile", unsafe {
        lsync_filter_compile(text.as_ptr(), text.len(), 7, &mut f, &mut e)
    }));
    free_error(e);
    let invalid = compile("Department -eq Sales");
    let valid = compile(text);
    observed.push((
        "lsync_filter_canonical",
        text_call(|t, e| unsafe { lsync_filter_canonical(invalid, t, e) }),
    ));
    let too_long = compile(&vec!["Name -eq 'a'"; 10_001].join(" -or "));
    observed.push((
        "lsync_filter_canonical",
        text_call(|t, e| unsafe { lsync_filter_canonical(too_long, t, e) }),
    ));
    for (filter, records, engine) in [
        (invalid, "[]", 0),
        (valid, "{", 0),
        (valid, "[1]", 0),
        (valid, "[]", 7),
    ] {
        observed.push((
            "lsync_filter_evaluate",
            text_call(|t, e| unsafe {
                lsync_filter_evaluate(filter, records.as_ptr(), records.len(), engine, t, e)
            }),
        ));
    }
    unsafe {
        lsync_filter_free(invalid);
        lsync_filter_free(valid);
        lsync_filter_free(too_long);
    }

    let mut b = null_mut();
    let mut e = null_mut();
    let bad = "Department -eq Sales";
    observed.push(("lsync_preview_batch_new", unsafe {
        lsync_preview_batch_new(bad.as_ptr(), bad.len(), 0, 0, &mut b, &mut e)
    }));
    free_error(e);
    let mut e = null_mut();
    assert_eq!(
        unsafe { lsync_preview_batch_new(text.as_ptr(), text.len(), 0, 0, &mut b, null_mut()) },
        LsyncStatus::Ok
    );
    observed.push(("lsync_preview_batch_add", unsafe {
        lsync_preview_batch_add(b, b"{".as_ptr(), 1, &mut e)
    }));
    free_error(e);
    unsafe { lsync_preview_batch_free(b) };

    for (filter, paths) in [
        (bad, r#"["x.xml"]"#),
        (text, "[]"),
        (text, r#"["/nonexistent/users.xml"]"#),
        (text, r#"["/dev/zero"]"#),
    ] {
        match job(filter, paths) {
            (_, Some(finish)) => observed.push(("lsync_preview_job_finish_result", finish)),
            (start, None) => observed.push(("lsync_preview_job_start", start)),
        }
    }
    for path in ["", "/nonexistent/users.xml", "/dev/zero"] {
        match import(path) {
            (_, Some(next)) => observed.push(("lsync_recipient_import_next", next)),
            (open, None) => observed.push(("lsync_recipient_import_open", open)),
        }
    }

    let mut undocumented = Vec::new();
    for (export, status) in &observed {
        assert_ne!(
            *status,
            LsyncStatus::Ok,
            "{export} was driven into a failure"
        );
        let name = c_name(*status);
        let doc = docs
            .get(*export)
            .unwrap_or_else(|| panic!("{export} is not in the header"));
        if !doc.contains(&name) {
            undocumented.push(format!(
                "{export} returns {name}, its comment names {doc:?}"
            ));
        }
    }
    assert!(undocumented.is_empty(), "{undocumented:#?}");
}

//! `LsyncFilter`: a compiled OPATH recipient filter behind the C ABI.

use super::boundary::{free_boxed, ref_arg, str_arg, write_out};
use super::error::LsyncError;
use super::status::LsyncStatus;
use super::text::{LsyncText, write_json_out, write_text_out};
use crate::opath::builder::{Condition, build};
use crate::opath::catalog::{self, Wildcard};
use crate::opath::{Engine, Environment, Filter, Record};

/// A recipient filter compiled once by `lsync_filter_compile`, valid or not.
/// Query it with the `lsync_filter_*` functions; free it with
/// `lsync_filter_free`. A filter is immutable: it may be read from several
/// threads at once.
pub struct LsyncFilter {
    filter: Filter,
}

fn environment_arg(code: i32) -> Result<Environment, LsyncError> {
    Environment::from_code(code).ok_or_else(|| {
        LsyncError::new(
            LsyncStatus::InvalidArgument,
            format!("environment {code} is not known: pass 0 (OnPremises) or 1 (ExchangeOnline)"),
        )
    })
}

/// Compiles the OPATH recipient filter `text` (UTF-8, `len` bytes; the string
/// Exchange receives, e.g. `Department -eq 'Sales'`) for `environment`
/// (0 = OnPremises, 1 = ExchangeOnline) and writes the new filter to
/// `*out_filter`.
///
/// An invalid filter still compiles: check it with `lsync_filter_is_valid` and
/// read its errors with `lsync_filter_diagnostics`. Limits: a filter of more
/// than 262144 bytes (256 KiB) or 10000 comparisons (`FilterTooLarge`), or
/// nesting parentheses and `-not` more than 200 levels deep, also in the
/// canonical text Exchange would store (`NestingTooDeep`), is invalid with an
/// error naming the limit; long flat `-and`/`-or` chains cost no stack. The call itself fails only
/// for NULL pointers, invalid UTF-8 (`LSYNC_STATUS_INVALID_UTF8`, with the
/// byte position) or an unknown environment (`LSYNC_STATUS_INVALID_ARGUMENT`).
/// The caller owns the filter and frees it with `lsync_filter_free`.
///
/// # Safety
/// `text` must be NULL with `len` 0, or valid for reads of `len` bytes;
/// `out_filter` must be valid for one pointer write; `out_error` must be NULL
/// or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_compile(
    text: *const u8,
    len: usize,
    environment: i32,
    out_filter: *mut *mut LsyncFilter,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        // SAFETY: guaranteed by the caller.
        let text = unsafe { str_arg(text, len, "text") }?;
        let out_filter = check_out!(out_filter);
        let environment = environment_arg(environment)?;
        let filter = LsyncFilter {
            filter: Filter::compile(text, environment),
        };
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_out(out_filter, Box::into_raw(Box::new(filter))) };
        Ok(())
    })
}

/// Returns `LSYNC_STATUS_OK` when the filter has no errors,
/// `LSYNC_STATUS_FILTER_INVALID` when it has, and
/// `LSYNC_STATUS_NULL_ARGUMENT` when `filter` is NULL.
///
/// # Safety
/// `filter` must be NULL or a live filter from `lsync_filter_compile`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_is_valid(filter: *const LsyncFilter) -> LsyncStatus {
    ffi_boundary!(std::ptr::null_mut(), {
        // SAFETY: guaranteed by the caller.
        let filter = unsafe { ref_arg(filter, "filter") }?;
        if filter.filter.is_valid() {
            Ok(())
        } else {
            Err(LsyncError::new(
                LsyncStatus::FilterInvalid,
                "the filter has errors",
            ))
        }
    })
}

/// Writes the filter's canonical text — the `RecipientFilter` Exchange stores
/// for it — to `*out_text` (owned; free with `lsync_text_free`). Fails with
/// `LSYNC_STATUS_FILTER_INVALID` (message and position of the first error in
/// `*out_error`) when the filter has errors.
///
/// # Safety
/// `filter` must be NULL or a live filter; `out_text` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_canonical(
    filter: *const LsyncFilter,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        // SAFETY: guaranteed by the caller.
        let filter = unsafe { ref_arg(filter, "filter") }?;
        let out_text = check_out!(out_text);
        let Some(canonical) = filter.filter.canonical() else {
            let first = filter.filter.diagnostics().first();
            let message = first.map_or("the filter has errors", |d| d.message.as_str());
            let position = first.and_then(|d| d.position).unwrap_or(0) as u64;
            return Err(
                LsyncError::new(LsyncStatus::FilterInvalid, message).with_position(position)
            );
        };
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_text_out(out_text, canonical.to_owned()) };
        Ok(())
    })
}

/// Writes the filter's diagnostics as a JSON array to `*out_text` (owned;
/// free with `lsync_text_free`). Each element is an object with `severity`
/// (`"Error"` or `"Warning"`), `code` (a stable identifier), `message`
/// (Exchange's wording where Exchange has one), `hint` (how to fix it, or
/// null) and `position` (1-based character position, or null). Errors come
/// before warnings; a clean filter gives `[]`.
///
/// # Safety
/// `filter` must be NULL or a live filter; `out_text` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_diagnostics(
    filter: *const LsyncFilter,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        // SAFETY: guaranteed by the caller.
        let filter = unsafe { ref_arg(filter, "filter") }?;
        let out_text = check_out!(out_text);
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_json_out(out_text, filter.filter.diagnostics()) }
    })
}

/// Writes the properties the filter uses, in canonical spelling and in order
/// of first use, as a JSON array of strings to `*out_text` (owned; free with
/// `lsync_text_free`).
///
/// # Safety
/// `filter` must be NULL or a live filter; `out_text` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_properties(
    filter: *const LsyncFilter,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        // SAFETY: guaranteed by the caller.
        let filter = unsafe { ref_arg(filter, "filter") }?;
        let out_text = check_out!(out_text);
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_json_out(out_text, filter.filter.properties()) }
    })
}

/// Frees a filter from `lsync_filter_compile`. NULL is ignored. Call at most
/// once per filter.
///
/// # Safety
/// `filter` must be NULL or a filter from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_free(filter: *mut LsyncFilter) {
    // SAFETY: guaranteed by the caller (see the function's safety section).
    unsafe { free_boxed(filter) }
}

/// The whole check result of one filter as JSON, so callers need one call.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct FilterReport<'a> {
    is_valid: bool,
    environment: Environment,
    normalized: Option<&'a str>,
    properties: &'a [&'static str],
    diagnostics: &'a [crate::opath::Diagnostic],
}

/// Writes everything known about the filter as one JSON object to
/// `*out_text` (owned; free with `lsync_text_free`): `isValid` (bool),
/// `environment` (`"OnPremises"` or `"ExchangeOnline"`), `normalized` (the
/// canonical text, or null when invalid), `properties` (canonical names in
/// order of first use) and `diagnostics` (as `lsync_filter_diagnostics`:
/// errors first, then warnings).
///
/// # Safety
/// `filter` must be NULL or a live filter; `out_text` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_report(
    filter: *const LsyncFilter,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        // SAFETY: guaranteed by the caller.
        let filter = unsafe { ref_arg(filter, "filter") }?;
        let out_text = check_out!(out_text);
        let f = &filter.filter;
        let report = FilterReport {
            is_valid: f.is_valid(),
            environment: f.environment(),
            normalized: f.canonical(),
            properties: f.properties(),
            diagnostics: f.diagnostics(),
        };
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_json_out(out_text, &report) }
    })
}

fn engine_arg(code: i32) -> Result<Option<Engine>, LsyncError> {
    match code {
        0 => Ok(None),
        1 => Ok(Some(Engine::InMemory)),
        2 => Ok(Some(Engine::Ldap)),
        _ => Err(LsyncError::new(
            LsyncStatus::InvalidArgument,
            format!(
                "engine {code} is not known: pass 0 (as RBAC decides scope membership), 1 (in-memory) or 2 (LDAP)"
            ),
        )),
    }
}

/// Evaluates the filter against a batch of recipients in one call.
///
/// `records` (UTF-8 JSON, `len` bytes) is an array of objects, one per
/// recipient, mapping property name (any letter case) to a string, an array
/// of strings, or null — the text Exchange shows for each value
/// (`"UserMailbox"`, `"True"`, `"1.5 GB (1,610,612,736 bytes)"`, DNs,
/// `"SMTP:…"` addresses). A property that is missing counts as empty, except
/// `MemberOfGroup`/`Members`: a filter that needs them is not evaluable for a
/// record that does not carry them (give null or an array to say "known").
///
/// `engine`: 0 = as RBAC decides management-scope membership (in-memory
/// evaluation, LDAP semantics when the filter uses `MemberOfGroup`/`Members`),
/// 1 = in-memory, 2 = LDAP (dynamic groups, address lists, previews).
///
/// Writes a JSON array to `*out_text` (owned; free with `lsync_text_free`)
/// with one object per record, in order: `{"result":"Match"}`,
/// `{"result":"NoMatch"}` or `{"result":"NotEvaluable","reason":"…"}`.
/// Fails with `LSYNC_STATUS_FILTER_INVALID` for a filter with errors and with
/// `LSYNC_STATUS_FILTER_RECORDS_INVALID` (message naming the record index, or
/// the JSON line/column) for malformed records, and with
/// `LSYNC_STATUS_INVALID_ARGUMENT` for an unknown `engine`.
///
/// # Safety
/// `filter` must be NULL or a live filter; `records` must be NULL with `len`
/// 0 or valid for reads of `len` bytes; `out_text` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_evaluate(
    filter: *const LsyncFilter,
    records: *const u8,
    len: usize,
    engine: i32,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        // SAFETY: guaranteed by the caller.
        let filter = unsafe { ref_arg(filter, "filter") }?;
        // SAFETY: guaranteed by the caller.
        let records = unsafe { str_arg(records, len, "records") }?;
        let out_text = check_out!(out_text);
        let engine = engine_arg(engine)?;
        let f = &filter.filter;
        if !f.is_valid() {
            let first = f.diagnostics().first();
            let message = first.map_or("the filter has errors", |d| d.message.as_str());
            let position = first.and_then(|d| d.position).unwrap_or(0) as u64;
            return Err(
                LsyncError::new(LsyncStatus::FilterInvalid, message).with_position(position)
            );
        }
        let parsed: serde_json::Value = serde_json::from_str(records).map_err(|e| {
            LsyncError::new(
                LsyncStatus::FilterRecordsInvalid,
                format!(
                    "the records are not valid JSON (line {}, column {}): {e}; pass an array of objects property -> string | string[] | null",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        let serde_json::Value::Array(items) = parsed else {
            return Err(LsyncError::new(
                LsyncStatus::FilterRecordsInvalid,
                "the records must be a JSON array of objects property -> string | string[] | null",
            ));
        };
        let mut results = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let record = Record::from_json(item).map_err(|reason| {
                LsyncError::new(
                    LsyncStatus::FilterRecordsInvalid,
                    format!("record {index} (0-based) is not valid: {reason}"),
                )
            })?;
            results.push(match engine {
                Some(engine) => f.evaluate_with(&record, engine),
                None => f.evaluate(&record),
            });
        }
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_json_out(out_text, &results) }
    })
}

/// Builds a filter from structured conditions — the safe way for scripts to
/// make filters: every value is single-quoted with `'` doubled.
///
/// `conditions` (UTF-8 JSON, `len` bytes) is an array of
/// `{"property":"Department","values":["Sales","Ops"]}`; several values of one
/// property are joined with `-or`, conditions with `-and`; a value starting or
/// ending with `*` is matched with `-like`, others with `-eq`. The result is
/// compiled for `environment` (0 OnPremises, 1 ExchangeOnline) and written to
/// `*out_text` (owned; free with `lsync_text_free`) as the filter text.
/// Fails with `LSYNC_STATUS_FILTER_CONDITIONS_INVALID` (message listing every
/// problem with its fix) for malformed JSON, no condition, an unknown property,
/// an empty value (it would match no recipient) or a value Exchange would
/// reject.
///
/// # Safety
/// `conditions` must be NULL with `len` 0 or valid for reads of `len` bytes;
/// `out_text` must be valid for one pointer write; `out_error` must be NULL
/// or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_build(
    conditions: *const u8,
    len: usize,
    environment: i32,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        // SAFETY: guaranteed by the caller.
        let conditions = unsafe { str_arg(conditions, len, "conditions") }?;
        let out_text = check_out!(out_text);
        let environment = environment_arg(environment)?;
        let conditions: Vec<Condition> = serde_json::from_str(conditions).map_err(|e| {
            LsyncError::new(
                LsyncStatus::FilterConditionsInvalid,
                format!(
                    "the conditions are not valid JSON (line {}, column {}): {e}; pass an array of {{\"property\": \"Department\", \"values\": [\"Sales\"]}}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        let text = build(&conditions, environment).map_err(|errors| {
            let message = errors
                .iter()
                .map(|d| match &d.hint {
                    Some(hint) => format!("{} {hint}", d.message),
                    None => d.message.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            LsyncError::new(LsyncStatus::FilterConditionsInvalid, message)
        })?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_text_out(out_text, text) };
        Ok(())
    })
}

/// One catalog entry as JSON.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct CatalogEntry {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    dotnet_type: &'static str,
    ldap_attribute: Option<&'static str>,
    multi_valued: bool,
    wildcards: &'static str,
    calculated: bool,
    filter_only: bool,
    exchange_server_only: bool,
    documented: bool,
    values: Vec<&'static str>,
    flags: bool,
    notes: &'static str,
}

/// Writes the catalog of filterable recipient properties as a JSON array to
/// `*out_text` (owned; free with `lsync_text_free`), sorted by name. Each
/// element has `name`, `type`, `dotnetType`, `ldapAttribute` (null when
/// calculated), `multiValued`, `wildcards` (`Yes`, `DynamicGroupsOnly`,
/// `NoTextOnly`, `No`), `calculated`, `filterOnly`, `exchangeServerOnly`,
/// `documented` (in Microsoft's list), `values` (enum member names, else
/// empty), `flags` (enum members combine) and `notes`.
///
/// # Safety
/// `out_text` must be valid for one pointer write; `out_error` must be NULL or
/// valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_catalog(
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let out_text = check_out!(out_text);
        let entries: Vec<CatalogEntry> = catalog::all()
            .iter()
            .map(|p| CatalogEntry {
                name: p.name,
                kind: p.kind.name(),
                dotnet_type: p.dotnet_type(),
                ldap_attribute: p.ldap,
                multi_valued: p.multivalued,
                wildcards: match p.wildcard {
                    Wildcard::Yes => "Yes",
                    Wildcard::DynamicGroupsOnly => "DynamicGroupsOnly",
                    Wildcard::NoTextOnly => "NoTextOnly",
                    Wildcard::No => "No",
                },
                calculated: p.calculated,
                filter_only: p.filter_only,
                exchange_server_only: p.server_only,
                documented: p.documented,
                values: p
                    .enum_type
                    .map(|e| e.members.iter().map(|(n, _)| *n).collect())
                    .unwrap_or_default(),
                flags: p.enum_type.is_some_and(|e| e.flags),
                notes: p.notes,
            })
            .collect();
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_json_out(out_text, &entries) }
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::take_text as take;
    use super::*;

    fn compile(text: &str) -> *mut LsyncFilter {
        let mut filter = std::ptr::null_mut();
        let status = unsafe {
            lsync_filter_compile(
                text.as_ptr(),
                text.len(),
                0,
                &mut filter,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(status, LsyncStatus::Ok);
        filter
    }

    fn evaluate(
        filter: *const LsyncFilter,
        records: &str,
        engine: i32,
    ) -> Result<String, LsyncError> {
        let mut text = std::ptr::null_mut();
        let mut error = std::ptr::null_mut();
        let status = unsafe {
            lsync_filter_evaluate(
                filter,
                records.as_ptr(),
                records.len(),
                engine,
                &mut text,
                &mut error,
            )
        };
        if status == LsyncStatus::Ok {
            Ok(take(text))
        } else {
            assert!(text.is_null(), "out_text written on failure");
            let error = *unsafe { Box::from_raw(error) };
            assert_eq!(error.status(), status);
            Err(error)
        }
    }

    #[test]
    fn report_holds_everything_in_one_call() {
        let filter = compile("department -ne 'Sales'");
        let mut text = std::ptr::null_mut();
        let status = unsafe { lsync_filter_report(filter, &mut text, std::ptr::null_mut()) };
        assert_eq!(status, LsyncStatus::Ok);
        let v: serde_json::Value = serde_json::from_str(&take(text)).unwrap();
        assert_eq!(v["isValid"], true);
        assert_eq!(v["environment"], "OnPremises");
        assert_eq!(v["normalized"], "Department -ne 'Sales'");
        assert_eq!(v["properties"][0], "Department");
        assert_eq!(v["diagnostics"][0]["code"], "NotEqualMatchesEmpty");
        unsafe { lsync_filter_free(filter) };
    }

    #[test]
    fn evaluates_a_batch_of_records() {
        let filter = compile("Department -eq 'Sales' -and MemberOfGroup -eq 'CN=G,DC=x'");
        let records = r#"[
            {"Department": "Sales", "MemberOfGroup": ["cn=g,dc=x"]},
            {"department": "Ops", "MemberOfGroup": null},
            {"Department": "Sales"}
        ]"#;
        let v: serde_json::Value =
            serde_json::from_str(&evaluate(filter, records, 0).unwrap()).unwrap();
        assert_eq!(v[0]["result"], "Match");
        assert_eq!(v[1]["result"], "NoMatch");
        assert_eq!(v[2]["result"], "NotEvaluable");
        assert!(v[2]["reason"].as_str().unwrap().contains("MemberOfGroup"));
        let e = evaluate(filter, "[1]", 0).unwrap_err();
        assert_eq!(e.status(), LsyncStatus::FilterRecordsInvalid);
        assert!(e.message().contains("record 0"));
        let e = evaluate(filter, "{", 0).unwrap_err();
        assert_eq!(e.status(), LsyncStatus::FilterRecordsInvalid);
        assert_eq!(
            evaluate(filter, "[]", 7).unwrap_err().status(),
            LsyncStatus::InvalidArgument
        );
        unsafe { lsync_filter_free(filter) };
        let bad = compile("Department -eq Sales");
        let e = evaluate(bad, "[]", 0).unwrap_err();
        assert_eq!(e.status(), LsyncStatus::FilterInvalid);
        assert_eq!(e.position(), 16);
        unsafe { lsync_filter_free(bad) };
    }

    #[test]
    fn builds_quoted_filters_and_lists_the_catalog() {
        let conditions = r#"[{"property":"company","values":["O'Neil"]}]"#;
        let mut text = std::ptr::null_mut();
        let status = unsafe {
            lsync_filter_build(
                conditions.as_ptr(),
                conditions.len(),
                0,
                &mut text,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(status, LsyncStatus::Ok);
        assert_eq!(take(text), "Company -eq 'O''Neil'");
        let bad = r#"[{"property":"Departmnet","values":["x"]}]"#;
        let mut error = std::ptr::null_mut();
        let mut text = std::ptr::null_mut();
        let status =
            unsafe { lsync_filter_build(bad.as_ptr(), bad.len(), 0, &mut text, &mut error) };
        assert_eq!(status, LsyncStatus::FilterConditionsInvalid);
        assert!(text.is_null());
        let error = *unsafe { Box::from_raw(error) };
        assert!(error.message().contains("Did you mean Department"));

        let mut text = std::ptr::null_mut();
        assert_eq!(
            unsafe { lsync_filter_catalog(&mut text, std::ptr::null_mut()) },
            LsyncStatus::Ok
        );
        let v: serde_json::Value = serde_json::from_str(&take(text)).unwrap();
        let rtd = v
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "RecipientTypeDetails")
            .unwrap();
        assert_eq!(rtd["type"], "Enum");
        assert!(
            rtd["values"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n == "SharedMailbox")
        );
        assert_eq!(rtd["flags"], true);
        assert!(v.as_array().unwrap().len() >= 273);
        assert_eq!(
            unsafe { lsync_filter_catalog(std::ptr::null_mut(), std::ptr::null_mut()) },
            LsyncStatus::NullArgument
        );
    }
}

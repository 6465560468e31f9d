//! `LsyncFilter`: a compiled OPATH recipient filter behind the C ABI.

use super::codes;
use super::error::LsyncError;
use super::json::parse_records;
use super::status::LsyncStatus;
use super::text::LsyncText;
use crate::opath::builder::{Condition, build};
use crate::opath::catalog::{self, Wildcard};
use crate::opath::{Environment, Filter};

/// A recipient filter compiled once by `lsync_filter_compile`, valid or not.
/// Query it with `lsync_filter_report` (everything, as JSON) or
/// `lsync_filter_canonical` (the canonical text); free it with
/// `lsync_filter_free`. A filter is immutable: it may be read from several
/// threads at once.
pub struct LsyncFilter {
    filter: Filter,
}

/// The error for a filter with errors: its first error's message and position.
pub(super) fn invalid_filter_error(filter: &Filter) -> LsyncError {
    let first = filter.diagnostics().first();
    let message = first.map_or("the filter has errors", |d| d.message.as_str());
    let position = first.and_then(|d| d.position).unwrap_or(0) as u64;
    LsyncError::new(LsyncStatus::FilterInvalid, message).with_position(position)
}

/// Compiles `text` for the `LsyncEnvironment` code `environment` and refuses
/// a filter with errors (for exports that need a valid one).
pub(super) fn compile_valid(text: &str, environment: i32) -> Result<Filter, LsyncError> {
    let filter = Filter::compile(text, codes::environment(environment)?);
    if !filter.is_valid() {
        return Err(invalid_filter_error(&filter));
    }
    Ok(filter)
}

/// Compiles the OPATH recipient filter `text` (UTF-8, `len` bytes; the string
/// Exchange receives, e.g. `Department -eq 'Sales'`) for `environment` (an
/// `LsyncEnvironment`) and writes the new filter to `*out_filter`.
///
/// An invalid filter still compiles: read `IsValid` and its errors with
/// `lsync_filter_report`. Limits: a filter of more
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
        let text = arg_str!(text, len);
        let out_filter = arg_out!(out_filter);
        let filter = Filter::compile(text, codes::environment(environment)?);
        out_filter.boxed(LsyncFilter { filter })
    })
}

/// Writes the filter's canonical text — the `RecipientFilter` Exchange stores
/// for it — to `*out_text` (owned; free with `lsync_text_free`). Fails with
/// `LSYNC_STATUS_FILTER_INVALID` (message and position of the first error in
/// `*out_error`) when the filter has errors.
///
/// Part of the C convenience API: the same text as `Normalized` of
/// `lsync_filter_report`, without parsing JSON.
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
        let filter = &arg_ref!(filter).filter;
        let out_text = arg_out!(out_text);
        let canonical = filter
            .canonical()
            .ok_or_else(|| invalid_filter_error(filter))?;
        out_text.text(canonical.to_owned())
    })
}

/// Frees a filter from `lsync_filter_compile`. NULL is ignored. Call at most
/// once per filter.
///
/// # Safety
/// `filter` must be NULL or a filter from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_free(filter: *mut LsyncFilter) {
    ffi_free!(filter)
}

/// The whole check result of one filter as JSON, so callers need one call.
#[derive(serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct FilterReport<'a> {
    is_valid: bool,
    environment: Environment,
    normalized: Option<&'a str>,
    properties: &'a [&'static str],
    diagnostics: &'a [crate::opath::Diagnostic],
}

/// Writes everything known about the filter as one JSON object to
/// `*out_text` (owned; free with `lsync_text_free`): `IsValid` (bool),
/// `Environment` (`"OnPremises"` or `"ExchangeOnline"`), `Normalized` (the
/// canonical text, or null when invalid), `Properties` (the properties the
/// filter uses, canonical names in order of first use) and `Diagnostics`
/// (errors first, then warnings; `[]` for a clean filter). Each diagnostic
/// has `Severity` (`"Error"` or `"Warning"`), `Code` (a stable identifier),
/// `Message` (Exchange's wording where Exchange has one), `Hint` (how to fix
/// it, or null) and `Position` (1-based character position, or null).
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
        let f = &arg_ref!(filter).filter;
        arg_out!(out_text).json(&FilterReport {
            is_valid: f.is_valid(),
            environment: f.environment(),
            normalized: f.canonical(),
            properties: f.properties(),
            diagnostics: f.diagnostics(),
        })
    })
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
/// `engine` is an `LsyncEngine`: `LSYNC_ENGINE_RBAC` (as RBAC decides
/// management-scope membership: in-memory evaluation, LDAP semantics when the
/// filter uses `MemberOfGroup`/`Members`), `LSYNC_ENGINE_IN_MEMORY` or
/// `LSYNC_ENGINE_LDAP` (dynamic groups, address lists, previews).
///
/// Writes a JSON array to `*out_text` (owned; free with `lsync_text_free`)
/// with one object per record, in order: `{"Result":"Match"}`,
/// `{"Result":"NoMatch"}` or `{"Result":"NotEvaluable","Reason":"…"}`.
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
        let f = &arg_ref!(filter).filter;
        let records = arg_str!(records, len);
        let out_text = arg_out!(out_text);
        let engine = codes::engine(engine)?;
        if !f.is_valid() {
            return Err(invalid_filter_error(f));
        }
        let records = parse_records(records, LsyncStatus::FilterRecordsInvalid, "")?;
        let results: Vec<Evaluated> = records
            .iter()
            .map(|record| match engine {
                Some(engine) => f.evaluate_with(record, engine),
                None => f.evaluate(record),
            })
            .map(Evaluated)
            .collect();
        out_text.json(&results)
    })
}

/// One evaluation as `lsync_filter_evaluate` writes it (`Result`, `Reason`).
struct Evaluated(crate::opath::Evaluation);

impl serde::Serialize for Evaluated {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use crate::opath::Evaluation;
        use serde::ser::SerializeMap;
        let (result, reason) = match &self.0 {
            Evaluation::Match => ("Match", None),
            Evaluation::NoMatch => ("NoMatch", None),
            Evaluation::NotEvaluable(reason) => ("NotEvaluable", Some(reason)),
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("Result", result)?;
        if let Some(reason) = reason {
            map.serialize_entry("Reason", reason)?;
        }
        map.end()
    }
}

/// Builds a filter from structured conditions — the safe way for scripts to
/// make filters: every value is single-quoted with `'` doubled.
///
/// `conditions` (UTF-8 JSON, `len` bytes) is an array of
/// `{"Property":"Department","Values":["Sales","Ops"]}` (member names in any
/// letter case); several values of one property are joined with `-or`,
/// conditions with `-and`; a value starting or ending with `*` is matched with
/// `-like`, others with `-eq`. The result is compiled for `environment` (an
/// `LsyncEnvironment`) and written to `*out_text` (owned; free with
/// `lsync_text_free`) as the filter text.
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
        let conditions = arg_str!(conditions, len);
        let out_text = arg_out!(out_text);
        let environment = codes::environment(environment)?;
        let conditions = parse_conditions(conditions)?;
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
        out_text.text(text)
    })
}

/// Parses the conditions of `lsync_filter_build`; member names in any case.
fn parse_conditions(text: &str) -> Result<Vec<Condition>, LsyncError> {
    let invalid = |e: serde_json::Error| {
        LsyncError::new(
            LsyncStatus::FilterConditionsInvalid,
            format!(
                "the conditions are not valid JSON (line {}, column {}): {e}; pass an array of {{\"Property\": \"Department\", \"Values\": [\"Sales\"]}}",
                e.line(),
                e.column()
            ),
        )
    };
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(invalid)?;
    if let serde_json::Value::Array(items) = &mut value {
        for item in items {
            if let serde_json::Value::Object(members) = item {
                let lowered = std::mem::take(members)
                    .into_iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), v))
                    .collect();
                *members = lowered;
            }
        }
    }
    serde_json::from_value(value).map_err(invalid)
}

/// One catalog entry as JSON.
#[derive(serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct CatalogEntry {
    name: &'static str,
    #[serde(rename = "Type")]
    kind: &'static str,
    #[serde(rename = "DotNetType")]
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

/// The wildcard support of a catalog entry, by name.
fn wildcards(wildcard: Wildcard) -> &'static str {
    match wildcard {
        Wildcard::Yes => "Yes",
        Wildcard::DynamicGroupsOnly => "DynamicGroupsOnly",
        Wildcard::NoTextOnly => "NoTextOnly",
        Wildcard::No => "No",
    }
}

/// Writes the catalog of filterable recipient properties as a JSON array to
/// `*out_text` (owned; free with `lsync_text_free`), sorted by name. Each
/// element has `Name`, `Type`, `DotNetType`, `LdapAttribute` (null when
/// calculated), `MultiValued`, `Wildcards` (`Yes`, `DynamicGroupsOnly`,
/// `NoTextOnly`, `No`), `Calculated`, `FilterOnly`, `ExchangeServerOnly`,
/// `Documented` (in Microsoft's list), `Values` (enum member names, else
/// empty), `Flags` (enum members combine) and `Notes`.
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
        let out_text = arg_out!(out_text);
        let entries: Vec<CatalogEntry> = catalog::all()
            .iter()
            .map(|p| CatalogEntry {
                name: p.name,
                kind: p.kind.name(),
                dotnet_type: p.dotnet_type(),
                ldap_attribute: p.ldap,
                multi_valued: p.multivalued,
                wildcards: wildcards(p.wildcard),
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
        out_text.json(&entries)
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
        assert_eq!(v["IsValid"], true);
        assert_eq!(v["Environment"], "OnPremises");
        assert_eq!(v["Normalized"], "Department -ne 'Sales'");
        assert_eq!(v["Properties"][0], "Department");
        assert_eq!(v["Diagnostics"][0]["Code"], "NotEqualMatchesEmpty");
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
        assert_eq!(v[0]["Result"], "Match");
        assert_eq!(v[1]["Result"], "NoMatch");
        assert_eq!(v[2]["Result"], "NotEvaluable");
        assert!(v[2]["Reason"].as_str().unwrap().contains("MemberOfGroup"));
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
            .find(|p| p["Name"] == "RecipientTypeDetails")
            .unwrap();
        assert_eq!(rtd["Type"], "Enum");
        assert!(
            rtd["Values"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n == "SharedMailbox")
        );
        assert_eq!(rtd["Flags"], true);
        assert!(v.as_array().unwrap().len() >= 273);
        assert_eq!(
            unsafe { lsync_filter_catalog(std::ptr::null_mut(), std::ptr::null_mut()) },
            LsyncStatus::NullArgument
        );
    }
}

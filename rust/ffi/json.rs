//! JSON in and out of the C ABI: the recipient records some exports take and
//! the serialization of every JSON result.

use super::error::LsyncError;
use super::status::LsyncStatus;
use crate::opath::Record;

/// What every records argument must be, for messages.
const RECORDS_SHAPE: &str = "an array of objects property -> string | string[] | null";

/// Serializes a result. Serializing the library's own types cannot fail; if
/// it did, that is a bug reported like a panic.
pub(crate) fn to_text<V: serde::Serialize + ?Sized>(value: &V) -> Result<String, LsyncError> {
    serde_json::to_string(value).map_err(|e| {
        LsyncError::new(
            LsyncStatus::Panic,
            format!("could not serialize a result: {e}"),
        )
    })
}

/// Parses recipient records: a JSON array of objects mapping a property
/// name (any case) to a string, an array of strings or null. A failure has
/// `status` and names the JSON line and column or the record (0-based);
/// `scope` follows the record number in that message (" of the batch").
pub(crate) fn parse_records(
    text: &str,
    status: LsyncStatus,
    scope: &str,
) -> Result<Vec<Record>, LsyncError> {
    let parsed: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        LsyncError::new(
            status,
            format!(
                "the records are not valid JSON (line {}, column {}): {e}; pass {RECORDS_SHAPE}",
                e.line(),
                e.column()
            ),
        )
    })?;
    let serde_json::Value::Array(items) = parsed else {
        return Err(LsyncError::new(
            status,
            format!("the records must be a JSON {}", &RECORDS_SHAPE[3..]),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            Record::from_json(item).map_err(|reason| {
                LsyncError::new(
                    status,
                    format!("record {index} (0-based){scope} is not valid: {reason}"),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_errors_name_line_column_or_record() {
        let status = LsyncStatus::FilterRecordsInvalid;
        assert_eq!(
            parse_records(r#"[{"A":"x"},{}]"#, status, "")
                .unwrap()
                .len(),
            2
        );
        let e = parse_records("{", status, "").unwrap_err();
        assert!(e.message().contains("line 1"), "{}", e.message());
        let e = parse_records("{}", status, "").unwrap_err();
        assert!(
            e.message()
                .starts_with("the records must be a JSON array of objects"),
            "{}",
            e.message()
        );
        let e = parse_records(r#"[{},{"A":{}}]"#, status, " of the batch").unwrap_err();
        assert!(
            e.message().contains("record 1 (0-based) of the batch"),
            "{}",
            e.message()
        );
        assert_eq!(e.status(), status);
    }
}

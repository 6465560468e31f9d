//! `LsyncRecipientImport`: reads a CLIXML export batch by batch and hands out
//! its top-level objects as JSON (the engine of `Import-LightningSyncRecipient`).

use std::sync::Mutex;

use super::error::LsyncError;
use super::export_file::{export_error, open_file};
use super::status::LsyncStatus;
use super::text::LsyncText;
use crate::recipient::{ImportReader, PrefetchedImport};

/// Largest JSON text one `lsync_recipient_import_next` call builds (it stops
/// after the record that crosses this size).
const MAX_BATCH_BYTES: usize = 8 << 20;

/// An export being read by `lsync_recipient_import_next`. Created by
/// `lsync_recipient_import_open`, freed with `lsync_recipient_import_free`.
pub struct LsyncRecipientImport {
    path: String,
    size: u64,
    reader: Mutex<ImportState>,
}

struct ImportState {
    /// Parses on a thread of its own, ahead of the calls.
    reader: PrefetchedImport,
    failed: bool,
}

/// Opens the export at `path` (UTF-8, `len` bytes): an `Export-Clixml` or an
/// `Export-Csv` file (told apart by its first characters; UTF-8 with or
/// without BOM or UTF-16 with BOM inside) and writes a reader to
/// `*out_import` (owned; free with `lsync_recipient_import_free`). The reader
/// parses on a thread of its own, a few dozen records ahead of
/// `lsync_recipient_import_next`, so the caller's work on one batch overlaps
/// the parsing of the next.
///
/// Fails with `LSYNC_STATUS_EXPORT_UNREADABLE` (message naming the file) when
/// the file cannot be opened or no thread can be started, `LSYNC_STATUS_EXPORT_INVALID` when a CSV file's
/// header row cannot be read or the file is empty (only a byte-order mark and
/// white space) or binary, `LSYNC_STATUS_EXPORT_ENCODING_UNSUPPORTED` for
/// UTF-16 without a byte-order mark, `LSYNC_STATUS_INVALID_ARGUMENT` for an empty
/// path, `LSYNC_STATUS_INVALID_UTF8` for a path that is not UTF-8. Messages name
/// the file, the byte offset and the likely cause.
///
/// # Safety
/// `path` must be NULL with `len` 0 or valid for reads of `len` bytes;
/// `out_import` must be valid for one pointer write; `out_error` must be NULL
/// or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_recipient_import_open(
    path: *const u8,
    len: usize,
    out_import: *mut *mut LsyncRecipientImport,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let path = arg_str!(path, len);
        let out_import = arg_out!(out_import);
        let (file, size) = open_file(path)?;
        let reader = ImportReader::open(file).map_err(|e| export_error(path, &e))?;
        let reader = PrefetchedImport::start(reader).map_err(|e| {
            LsyncError::new(
                LsyncStatus::ExportUnreadable,
                format!("cannot start reading '{path}': no thread for the reader ({e})"),
            )
        })?;
        let import = LsyncRecipientImport {
            path: path.to_owned(),
            size,
            reader: Mutex::new(ImportState {
                reader,
                failed: false,
            }),
        };
        out_import.boxed(import)
    })
}

/// Reads the next records and writes them to `*out_text` (owned; free with
/// `lsync_text_free`) as one JSON array of at most `max_records` values (at
/// least one; fewer when the text passes 8 MiB), or `[]` at the end of the
/// file. Each value is a top-level object of the file in the JSON form
/// described in `recipient::import` (`{"Type":"Obj","TypeNames":[…],
/// "ToString":…,"Props":[[name,value],…]}`, strings, numbers, booleans,
/// null, arrays, `{"Type":"<CLIXML tag>","Value":"<text>"}` for other primitives,
/// `{"Type":"DCT","Value":[[key,value],…]}` for dictionaries); a CSV row is
/// `{"Type":"Csv","TypeNames":[…],"ToString":null,"Props":[[column,text or
/// null],…]}`.
///
/// A malformed file fails with `LSYNC_STATUS_EXPORT_INVALID` (message naming
/// the file, the byte offset and what was expected; position = offset + 1),
/// `LSYNC_STATUS_EXPORT_ENCODING_UNSUPPORTED` or
/// `LSYNC_STATUS_EXPORT_UNREADABLE`; so does an input that never ends
/// (`/dev/zero`, a pipe, a file still growing): a record longer than 64 MiB
/// or a file longer than 16 GiB fails with `LSYNC_STATUS_EXPORT_UNREADABLE`
/// and a message naming the limit. Records read before the problem are
/// returned first (the call after them fails); every later call fails too.
///
/// # Safety
/// `import` must be NULL or a live reader; `out_text` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_recipient_import_next(
    import: *const LsyncRecipientImport,
    max_records: usize,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let import = arg_ref!(import);
        let out_text = arg_out!(out_text);
        if max_records == 0 {
            return Err(LsyncError::new(
                LsyncStatus::InvalidArgument,
                "max_records is 0; pass the number of records wanted per call (for example 500)",
            ));
        }
        let mut state = import.reader.lock().unwrap_or_else(|p| p.into_inner());
        if state.failed {
            return Err(LsyncError::new(
                LsyncStatus::ExportInvalid,
                format!(
                    "'{}' could not be read to the end; an earlier call reported why",
                    import.path
                ),
            ));
        }
        let json = state
            .reader
            .next_batch(max_records, MAX_BATCH_BYTES)
            .map_err(|e| {
                state.failed = true;
                export_error(&import.path, &e)
            })?;
        out_text.text(json)
    })
}

/// Writes the bytes of the file read so far and the file's size to
/// `*out_bytes_read` and `*out_bytes_total` (for a progress bar).
///
/// # Safety
/// `import` must be NULL or a live reader; both out-pointers must be valid
/// for one write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_recipient_import_progress(
    import: *const LsyncRecipientImport,
    out_bytes_read: *mut u64,
    out_bytes_total: *mut u64,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let import = arg_ref!(import);
        let out_bytes_read = arg_out!(out_bytes_read);
        let out_bytes_total = arg_out!(out_bytes_total);
        let read = import
            .reader
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .reader
            .bytes_read();
        out_bytes_read.put(read.min(import.size));
        out_bytes_total.put(import.size);
        Ok(())
    })
}

/// Frees a reader from `lsync_recipient_import_open`, stops its thread
/// (waiting for the record it is parsing) and closes its file. NULL is
/// ignored. Call at most once per reader.
///
/// # Safety
/// `import` must be NULL or a reader from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_recipient_import_free(import: *mut LsyncRecipientImport) {
    ffi_free!(import)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::take_text as take;
    use super::*;
    use std::io::Write;

    fn open(path: &str) -> Result<*mut LsyncRecipientImport, LsyncError> {
        let mut import = std::ptr::null_mut();
        let mut error = std::ptr::null_mut();
        let status = unsafe {
            lsync_recipient_import_open(path.as_ptr(), path.len(), &mut import, &mut error)
        };
        if status == LsyncStatus::Ok {
            Ok(import)
        } else {
            Err(*unsafe { Box::from_raw(error) })
        }
    }

    fn next(import: *const LsyncRecipientImport) -> Result<String, LsyncError> {
        let mut text = std::ptr::null_mut();
        let mut error = std::ptr::null_mut();
        let status = unsafe { lsync_recipient_import_next(import, 2, &mut text, &mut error) };
        if status == LsyncStatus::Ok {
            Ok(take(text))
        } else {
            assert!(text.is_null());
            Err(*unsafe { Box::from_raw(error) })
        }
    }

    #[test]
    fn reads_batches_then_reports_a_bad_record_with_file_and_offset() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        let head = r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S>a</S><S>b</S><S>c</S>"#;
        write!(file, "{head}<I32>x</I32></Objs>").unwrap();
        let path = file.path().to_str().unwrap().to_owned();
        let import = open(&path).unwrap();
        assert_eq!(next(import).unwrap(), r#"["a","b"]"#);
        assert_eq!(
            next(import).unwrap(),
            r#"["c"]"#,
            "records before the error come first"
        );
        let e = next(import).unwrap_err();
        assert_eq!(e.status(), LsyncStatus::ExportInvalid);
        assert!(e.message().contains(&path), "{}", e.message());
        assert!(e.message().contains("expected `<I32>`"), "{}", e.message());
        assert_eq!(e.position(), head.len() as u64 + 1);
        assert_eq!(
            next(import).unwrap_err().status(),
            LsyncStatus::ExportInvalid
        );
        let (mut read, mut total) = (0u64, 0u64);
        assert_eq!(
            unsafe {
                lsync_recipient_import_progress(import, &mut read, &mut total, std::ptr::null_mut())
            },
            LsyncStatus::Ok
        );
        assert_eq!(total, head.len() as u64 + 19);
        assert!(read > 0 && read <= total);
        unsafe { lsync_recipient_import_free(import) };

        let e = open("/nonexistent/users.xml").unwrap_err();
        assert_eq!(e.status(), LsyncStatus::ExportUnreadable);
        assert!(e.message().contains("/nonexistent/users.xml"));
        assert_eq!(open("").unwrap_err().status(), LsyncStatus::InvalidArgument);
    }
}

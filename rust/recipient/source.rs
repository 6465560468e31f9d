//! Reads recipients from an export file: CLIXML (`Export-Clixml`) or CSV
//! (`Export-Csv`, with or without the `#TYPE` line), detected from the first
//! characters, in any encoding the CLIXML reader accepts.

use super::bounded::{Bounded, Bounds};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use crate::clixml::{
    Body, ClixmlError, ClixmlErrorKind, Reader, ReaderOptions, SourceEncoding, Utf8Stream, Value,
};

use super::record::{Recipient, RecipientKind};

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ExportFormat {
    /// `Export-Clixml`.
    Clixml,
    /// `Export-Csv`.
    Csv,
}

/// Streams [`Recipient`]s out of one export.
pub struct RecipientReader<R: Read> {
    inner: Inner<R>,
    bounds: Arc<Bounds>,
    wanted: Option<Vec<String>>,
    pending: VecDeque<Recipient>,
    /// Top-level values that were not objects (and list items that were not).
    pub skipped_values: u64,
}

enum Inner<R: Read> {
    Clixml(Box<Reader<BufReader<Bounded<R>>>>),
    Csv(Box<CsvSource<Bounded<R>>>),
}

/// The rows of an `Export-Csv` file.
pub(crate) struct CsvSource<R: Read> {
    rows: csv::StringRecordsIntoIter<Box<dyn Read + Send>>,
    headers: Vec<String>,
    /// The type name of the `#TYPE` line, if any.
    type_name: Option<String>,
    kind: RecipientKind,
    progress: std::sync::Arc<std::sync::atomic::AtomicU64>,
    encoding: Option<SourceEncoding>,
    _source: std::marker::PhantomData<R>,
}

/// Counts bytes pulled from the source (for progress on CSV input).
struct Counting<R> {
    inner: R,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Read + Send + 'static> RecipientReader<R> {
    /// Opens an export. `wanted` limits the properties materialised
    /// (case-insensitive names); `None` keeps all.
    ///
    /// A record longer than [`super::MAX_RECORD_BYTES`] or a file longer
    /// than [`super::MAX_FILE_BYTES`] is an error.
    pub fn new(source: R, wanted: Option<Vec<String>>) -> Result<Self, ClixmlError> {
        let source = Bounded::new(source);
        let bounds = source.bounds();
        let mut buffered = BufReader::with_capacity(256 * 1024, source);
        let format = sniff(&mut buffered)?;
        let inner = match format {
            ExportFormat::Clixml => {
                let options = ReaderOptions {
                    projection: wanted.clone(),
                    ..ReaderOptions::default()
                };
                Inner::Clixml(Box::new(Reader::with_options(buffered, options)))
            }
            ExportFormat::Csv => Inner::Csv(Box::new(CsvSource::open(buffered)?)),
        };
        bounds.record_done();
        Ok(RecipientReader {
            inner,
            bounds,
            wanted,
            pending: VecDeque::new(),
            skipped_values: 0,
        })
    }

    /// The handle that cancels the reading from another thread.
    pub fn bounds(&self) -> Arc<Bounds> {
        Arc::clone(&self.bounds)
    }

    /// The detected format.
    pub fn format(&self) -> ExportFormat {
        match self.inner {
            Inner::Clixml(_) => ExportFormat::Clixml,
            Inner::Csv(_) => ExportFormat::Csv,
        }
    }

    /// Bytes of the file read so far.
    pub fn bytes_read(&self) -> u64 {
        match &self.inner {
            Inner::Clixml(r) => r.bytes_read(),
            Inner::Csv(c) => c.bytes_read(),
        }
    }

    /// The file's encoding, once known.
    pub fn encoding(&self) -> Option<SourceEncoding> {
        match &self.inner {
            Inner::Clixml(r) => r.encoding(),
            Inner::Csv(c) => c.encoding(),
        }
    }

    fn take_value(&mut self, value: Value) {
        self.skipped_values += push_recipients(&value, self.wanted.as_deref(), &mut self.pending);
    }
}

/// Appends the recipients a top-level value holds to `out`: the object
/// itself, or the items of an object that only wraps a list (as
/// `Export-Clixml -InputObject $array` writes). `wanted` limits the
/// properties copied. Returns how many values were not objects.
pub fn push_recipients(
    value: &Value,
    wanted: Option<&[String]>,
    out: &mut impl Extend<Recipient>,
) -> u64 {
    let Some(obj) = value.as_object() else {
        return 1;
    };
    if let (Some(Body::List(_, items)), None, None) = (&obj.body, &obj.props, &obj.members) {
        let mut skipped = 0;
        for item in items {
            match item.as_object() {
                Some(o) => out.extend([Recipient::from_object(&o, wanted)]),
                None => skipped += 1,
            }
        }
        return skipped;
    }
    out.extend([Recipient::from_object(&obj, wanted)]);
    0
}

impl<R: Read + Send + 'static> Iterator for RecipientReader<R> {
    type Item = Result<Recipient, ClixmlError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.pending.pop_front() {
                self.bounds.record_done();
                return Some(Ok(r));
            }
            match &mut self.inner {
                Inner::Clixml(reader) => match reader.next()? {
                    Ok(v) => self.take_value(v),
                    Err(e) => return Some(Err(e)),
                },
                Inner::Csv(csv) => {
                    let row = csv.next_recipient(self.wanted.as_deref());
                    self.bounds.record_done();
                    return row;
                }
            }
        }
    }
}

/// Looks at the first characters (after a BOM and whitespace): `<` or `#<`
/// is CLIXML, anything else CSV. A file that is neither refuses here, with
/// the likely cause: empty (or only white space), binary, or UTF-16 without
/// a byte-order mark.
pub(crate) fn sniff<R: Read>(r: &mut BufReader<R>) -> Result<ExportFormat, ClixmlError> {
    let head = r.fill_buf().map_err(|e| io_error(&e))?;
    let (step, skip) = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        (1, 3)
    } else if head.starts_with(&[0xFF, 0xFE]) {
        (2, 2)
    } else if head.starts_with(&[0xFE, 0xFF]) {
        (2, 3)
    } else {
        (1, 0)
    };
    if step == 1 {
        refuse_non_text(head, skip)?;
    }
    let chars: Vec<u8> = head
        .iter()
        .skip(skip)
        .step_by(step)
        .copied()
        .take(64)
        .collect();
    let first = chars
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0);
    Ok(match first.map(|i| &chars[i..]) {
        Some([b'<', ..]) | Some([b'#', b'<', ..]) => ExportFormat::Clixml,
        Some(_) => ExportFormat::Csv,
        None if head.len() > skip + 64 * step => ExportFormat::Clixml,
        None => {
            let what = if head.is_empty() {
                "0 bytes".to_owned()
            } else {
                format!(
                    "{} byte(s) of white space and byte-order mark only",
                    head.len()
                )
            };
            return Err(ClixmlError::new(
                ClixmlErrorKind::Empty,
                0,
                "an Export-Clixml or Export-Csv file",
                what,
            ));
        }
    })
}

/// Refuses a file without a UTF-16 byte-order mark whose start is not text:
/// UTF-16 without the mark (every second byte 0), or binary data (a control
/// character other than tab, line feed, form feed and carriage return).
fn refuse_non_text(head: &[u8], skip: usize) -> Result<(), ClixmlError> {
    let sample = &head[skip..head.len().min(skip + 512)];
    if sample.len() >= 4 {
        let zeros = |parity: usize| {
            sample
                .iter()
                .enumerate()
                .filter(|(i, b)| i % 2 == parity && **b == 0)
                .count()
        };
        let pairs = sample.len() / 2;
        let (even, odd) = (zeros(0), zeros(1));
        let order = if odd * 10 >= pairs * 8 && even * 10 <= pairs {
            Some("little-endian")
        } else if even * 10 >= pairs * 8 && odd * 10 <= pairs {
            Some("big-endian")
        } else {
            None
        };
        if let Some(order) = order {
            return Err(ClixmlError::new(
                ClixmlErrorKind::Encoding,
                skip as u64,
                "a byte-order mark before UTF-16 text",
                format!("UTF-16 {order} text without one (every second byte is 0)"),
            ));
        }
    }
    let binary = sample
        .iter()
        .position(|b| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C));
    if let Some(at) = binary {
        return Err(ClixmlError::new(
            ClixmlErrorKind::NotText,
            (skip + at) as u64,
            "text (an Export-Clixml or Export-Csv file)",
            format!(
                "the control byte 0x{:02X}, which text exports never hold",
                sample[at]
            ),
        ));
    }
    Ok(())
}

pub(crate) fn io_error(e: &std::io::Error) -> ClixmlError {
    ClixmlError {
        kind: ClixmlErrorKind::Io,
        offset: 0,
        expected: "a readable export".into(),
        found: e.to_string(),
    }
}

impl<R: Read + Send + 'static> CsvSource<R> {
    /// Reads the `#TYPE` line, if any, and the header row.
    pub(crate) fn open(source: BufReader<R>) -> Result<Self, ClixmlError> {
        let progress = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let counting = Counting {
            inner: source,
            count: progress.clone(),
        };
        let mut text = BufReader::new(Utf8Stream::new(counting));
        let mut first = String::new();
        text.read_line(&mut first).map_err(|e| read_error(&e, 0))?;
        let encoding = text.get_ref().encoding();
        let (type_name, lead) = match first.strip_prefix("#TYPE") {
            Some(t) => (Some(t.trim().to_owned()), String::new()),
            None => (None, first),
        };
        let kind = type_name
            .as_deref()
            .map_or(RecipientKind::Other, RecipientKind::from_type_name);
        let stream: Box<dyn Read + Send> =
            Box::new(std::io::Cursor::new(lead.into_bytes()).chain(text));
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(stream);
        let headers = reader
            .headers()
            .map_err(|e| csv_error(&e))?
            .iter()
            .map(str::to_owned)
            .collect();
        Ok(CsvSource {
            rows: reader.into_records(),
            headers,
            type_name,
            kind,
            progress,
            encoding,
            _source: std::marker::PhantomData,
        })
    }

    /// The column names.
    pub(crate) fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The type name of the `#TYPE` line, if the file has one.
    pub(crate) fn type_name(&self) -> Option<&str> {
        self.type_name.as_deref()
    }

    /// Bytes of the file read so far.
    pub(crate) fn bytes_read(&self) -> u64 {
        self.progress.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The file's encoding, once known.
    pub(crate) fn encoding(&self) -> Option<SourceEncoding> {
        self.encoding
    }

    /// The next row.
    pub(crate) fn next_row(&mut self) -> Option<Result<csv::StringRecord, ClixmlError>> {
        Some(self.rows.next()?.map_err(|e| csv_error(&e)))
    }

    fn next_recipient(
        &mut self,
        wanted: Option<&[String]>,
    ) -> Option<Result<Recipient, ClixmlError>> {
        let row = match self.next_row()? {
            Ok(row) => row,
            Err(e) => return Some(Err(e)),
        };
        let mut record = crate::opath::Record::with_capacity(self.headers.len());
        for (name, value) in self.headers.iter().zip(row.iter()) {
            if let Some(w) = wanted
                && !w.iter().any(|n| n.eq_ignore_ascii_case(name))
            {
                continue;
            }
            if looks_like_collection_type(value) {
                continue; // Export-Csv wrote a list's type name, not its items.
            }
            record.set(name, value);
        }
        Some(Ok(Recipient {
            record,
            kind: self.kind,
        }))
    }
}

/// Export-Csv writes `ToString()` of a list, i.e. its type name.
fn looks_like_collection_type(value: &str) -> bool {
    value.starts_with("Microsoft.Exchange.Data.")
        && (value.contains("Collection") || value.contains("MultiValuedProperty"))
        || value == "System.Object[]"
        || value.starts_with("System.Collections.")
}

/// The error for a failed read of CSV text: bytes that are not UTF-8 are an
/// encoding error (a file saved in a legacy code page), anything else I/O.
fn read_error(e: &std::io::Error, offset: u64) -> ClixmlError {
    if e.kind() != std::io::ErrorKind::InvalidData {
        return io_error(e);
    }
    ClixmlError::new(
        ClixmlErrorKind::Encoding,
        offset,
        "UTF-8 or UTF-16 text",
        "bytes that are not UTF-8 (a file saved in a legacy code page such as Windows-1252)",
    )
}

fn csv_error(e: &csv::Error) -> ClixmlError {
    let offset = e.position().map_or(0, csv::Position::byte);
    if let csv::ErrorKind::Io(io) = e.kind() {
        return read_error(io, offset);
    }
    if let csv::ErrorKind::Utf8 { pos, .. } = e.kind() {
        let offset = pos.as_ref().map_or(offset, csv::Position::byte);
        return read_error(
            &std::io::Error::from(std::io::ErrorKind::InvalidData),
            offset,
        );
    }
    ClixmlError {
        kind: ClixmlErrorKind::Structure,
        offset,
        expected: "a CSV row (Export-Csv format)".into(),
        found: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &'static [u8], wanted: Option<Vec<String>>) -> (ExportFormat, Vec<Recipient>) {
        let r = RecipientReader::new(bytes, wanted).unwrap();
        let f = r.format();
        (f, r.collect::<Result<_, _>>().unwrap())
    }

    #[test]
    fn reads_csv_with_and_without_type_line() {
        let (f, v) = all(
            b"#TYPE Deserialized.Microsoft.Exchange.Data.Directory.Management.User\r\n\"Name\",\"Department\",\"EmailAddresses\"\r\n\"Ann\",\"Sales\",\"Microsoft.Exchange.Data.ProxyAddressCollection\"\r\n\"Bob\",\"\",\"x\"\r\n",
            None,
        );
        assert_eq!(f, ExportFormat::Csv);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].kind, RecipientKind::User);
        assert_eq!(v[0].first("department"), Some("Sales"));
        assert_eq!(v[0].record.values("EmailAddresses"), None);
        assert_eq!(v[1].first("Department"), Some(""));

        let (_, v) = all(
            b"Name,Department\nAnn,Sales\n",
            Some(vec!["department".into()]),
        );
        assert_eq!(v[0].kind, RecipientKind::Other);
        assert_eq!(v[0].record.len(), 1);
    }

    #[test]
    fn refuses_empty_binary_and_unmarked_utf16_files_with_the_likely_cause() {
        let fail = |bytes: &'static [u8]| match RecipientReader::new(bytes, None) {
            Ok(_) => panic!("{bytes:?} was accepted"),
            Err(e) => e,
        };
        for empty in [&b""[..], b"\xEF\xBB\xBF", b"  \r\n", b"\xFF\xFE"] {
            let e = fail(empty);
            assert_eq!(e.kind, ClixmlErrorKind::Empty, "{e}");
            assert!(e.to_string().contains("Likely cause"), "{e}");
        }
        let e = fail(b"PK\x03\x04\x14\x00\x00\x00\x08\x00junk");
        assert_eq!(e.kind, ClixmlErrorKind::NotText, "{e}");
        assert_eq!(e.offset, 2, "{e}");
        assert!(e.to_string().contains("0x03"), "{e}");
        let utf16: Vec<u8> = "<Objs Version=\"1.1.0.1\"></Objs>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = fail(Box::leak(utf16.into_boxed_slice()));
        assert_eq!(e.kind, ClixmlErrorKind::Encoding, "{e}");
        assert!(e.to_string().contains("UTF-16 little-endian"), "{e}");
        assert!(e.to_string().contains("byte-order mark"), "{e}");
    }

    #[test]
    fn a_csv_in_a_legacy_code_page_is_an_encoding_error() {
        let mut r = RecipientReader::new(&b"Name,Office\nAnn,Caf\xE9\n"[..], None).unwrap();
        let e = r.next().unwrap().unwrap_err();
        assert_eq!(e.kind, ClixmlErrorKind::Encoding, "{e}");
        assert!(e.to_string().contains("Windows-1252"), "{e}");
        assert!(e.to_string().contains("Likely cause"), "{e}");
    }

    #[test]
    fn flattens_a_single_top_level_list() {
        let (f, v) = all(
            br#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0"><LST><Obj RefId="1"><MS><S N="Name">a</S></MS></Obj><S>x</S><Obj RefId="2"><MS><S N="Name">b</S></MS></Obj></LST></Obj></Objs>"#,
            None,
        );
        assert_eq!(f, ExportFormat::Clixml);
        assert_eq!(
            v.iter()
                .map(|r| r.first("Name").unwrap())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
    }
}

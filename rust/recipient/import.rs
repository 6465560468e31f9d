//! Whole objects out of an export, as JSON, for
//! `Import-LightningSyncRecipient`: a memory-flat `Import-Clixml` (and
//! `Import-Csv` for `Export-Csv` files: each row `{"Type":"Csv",…}` with the
//! object's members, strings, a column the row lacks `null`, and with a
//! `#TYPE` line the type names `<type>`, `CSV:<type>` as PowerShell 7's
//! `Import-Csv` sets them).
//!
//! Each top-level value becomes one JSON value (a top-level object that only
//! wraps a list, as `Export-Clixml -InputObject $array` writes, yields its
//! items instead). Values keep their .NET type:
//!
//! * `<Nil/>` → `null`, `<S>` → a string, `<B>` → `true`/`false`, `<I32>` →
//!   a number;
//! * every other primitive → `{"Type":"<tag>","Value":"<text>"}` with the CLIXML tag
//!   (`I64`, `DT`, `G`, `Db` …) and its invariant text (`Db`/`Sg` use `INF`,
//!   `-INF`, `NaN` like XmlConvert; `C` is the UTF-16 code unit);
//! * a skipped blob (`<BA>`, `<SS>`, `<PR>`) → `{"Type":"Skipped","Value":"<tag>"}`;
//! * a list object (`LST`/`IE`/`STK`/`QUE`) → an array of its items;
//! * a dictionary → `{"Type":"DCT","Value":[[key,value],…]}`;
//! * an enum (type names include `System.Enum`) → the member name (its
//!   `<ToString>`); another object wrapping a primitive → the primitive;
//! * any other object → `{"Type":"Obj","TypeNames":[…],"ToString":…,
//!   "Props":[[name,value],…]}` with `<MS>` members then `<Props>` members
//!   (Import-Clixml's order; an `<MS>` member hides a `<Props>` one of the
//!   same name).
//!
//! A `<Ref>` is written out again where it is used (a copy of the shared
//! object); a reference to an enclosing object (a cycle) and anything deeper
//! than [`MAX_DEPTH`] become the object's `<ToString>` text (or `null`); a
//! record stops expanding references after [`MAX_NODES`] values.

use super::bounded::{Bounded, Bounds};
use std::collections::VecDeque;
use std::io::{BufReader, Read};
use std::sync::Arc;

use serde_json::{Map, Value as Json};

use crate::clixml::{Body, ClixmlError, Object, Reader, SourceEncoding, Value};

use super::source::{CsvSource, ExportFormat, sniff};

/// Deepest nesting written out (PowerShell reads at most 50 levels).
pub const MAX_DEPTH: usize = 50;
/// Most values written for one top-level record (bounds hostile reference
/// fan-out).
pub const MAX_NODES: usize = 1_000_000;

/// Streams the top-level values of an export as JSON.
pub struct ImportReader<R: Read> {
    source: Source<R>,
    bounds: Arc<Bounds>,
    pending: VecDeque<Json>,
    deferred: Option<ClixmlError>,
}

enum Source<R: Read> {
    Clixml(Box<Reader<BufReader<Bounded<R>>>>),
    Csv(Box<CsvSource<Bounded<R>>>),
}

impl<R: Read + Send + 'static> ImportReader<R> {
    /// Opens an export (CLIXML in UTF-8 or UTF-16 with BOM, or CSV, told
    /// apart by the first characters). A record longer than
    /// [`super::MAX_RECORD_BYTES`] or a file longer than
    /// [`super::MAX_FILE_BYTES`] is an error.
    pub fn open(source: R) -> Result<Self, ClixmlError> {
        let source = Bounded::new(source);
        let bounds = source.bounds();
        let mut buffered = BufReader::with_capacity(256 * 1024, source);
        let source = match sniff(&mut buffered)? {
            ExportFormat::Clixml => Source::Clixml(Box::new(Reader::new(buffered))),
            ExportFormat::Csv => Source::Csv(Box::new(CsvSource::open(buffered)?)),
        };
        bounds.record_done();
        Ok(ImportReader {
            source,
            bounds,
            pending: VecDeque::new(),
            deferred: None,
        })
    }

    /// The handle that cancels the reading from another thread.
    pub fn bounds(&self) -> Arc<Bounds> {
        Arc::clone(&self.bounds)
    }

    /// Bytes of the file read so far.
    pub fn bytes_read(&self) -> u64 {
        match &self.source {
            Source::Clixml(r) => r.bytes_read(),
            Source::Csv(c) => c.bytes_read(),
        }
    }

    /// The file's encoding, once known.
    pub fn encoding(&self) -> Option<SourceEncoding> {
        match &self.source {
            Source::Clixml(r) => r.encoding(),
            Source::Csv(c) => c.encoding(),
        }
    }

    fn take(&mut self, value: Value) {
        if let Some(obj) = value.as_object()
            && let (Some(Body::List(_, items)), None, None) = (&obj.body, &obj.props, &obj.members)
        {
            for item in items {
                self.pending.push_back(value_json(item));
            }
            return;
        }
        self.pending.push_back(value_json(&value));
    }

    /// Up to `max_records` records (at least one) as one JSON array text,
    /// stopping early once the text exceeds `max_bytes`; `[]` at the end of
    /// the file. A read error after some records of the batch returns those
    /// records first and the error on the next call.
    pub fn next_batch(
        &mut self,
        max_records: usize,
        max_bytes: usize,
    ) -> Result<String, ClixmlError> {
        let mut deferred = self.deferred.take();
        let batch = join_batch(&mut deferred, max_records, max_bytes, || {
            self.next().map(|item| item.map(|json| json.to_string()))
        });
        self.deferred = deferred;
        batch
    }
}

/// Joins records from `next` (each one JSON text; `None` at the end) into one
/// JSON array of at most `max_records` (at least one), stopping early once
/// the text exceeds `max_bytes`. An error after some records is kept in
/// `deferred` and returned by the next call instead of a batch.
pub(super) fn join_batch(
    deferred: &mut Option<ClixmlError>,
    max_records: usize,
    max_bytes: usize,
    mut next: impl FnMut() -> Option<Result<String, ClixmlError>>,
) -> Result<String, ClixmlError> {
    if let Some(e) = deferred.take() {
        return Err(e);
    }
    let mut out = String::from("[");
    let mut n = 0;
    while n == 0 || (n < max_records && out.len() < max_bytes) {
        let record = match next() {
            None => break,
            Some(Ok(record)) => record,
            Some(Err(e)) if n > 0 => {
                *deferred = Some(e);
                break;
            }
            Some(Err(e)) => return Err(e),
        };
        if n > 0 {
            out.push(',');
        }
        out.push_str(&record);
        n += 1;
    }
    out.push(']');
    Ok(out)
}

impl<R: Read + Send + 'static> Iterator for ImportReader<R> {
    type Item = Result<Json, ClixmlError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(j) = self.pending.pop_front() {
                self.bounds.record_done();
                return Some(Ok(j));
            }
            let value = match &mut self.source {
                Source::Clixml(reader) => reader.next()?,
                Source::Csv(csv) => {
                    let row = csv.next_row()?;
                    self.bounds.record_done();
                    return Some(row.map(|row| csv_row_json(csv, &row)));
                }
            };
            match value {
                Ok(v) => self.take(v),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// One CSV row as the object `Import-Csv` makes of it.
fn csv_row_json<R: Read + Send + 'static>(csv: &CsvSource<R>, row: &csv::StringRecord) -> Json {
    let props: Vec<Json> = csv
        .headers()
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let value = row
                .get(i)
                .map_or(Json::Null, |v| Json::String(v.to_owned()));
            Json::Array(vec![Json::String(name.clone()), value])
        })
        .collect();
    let type_names: Vec<Json> = csv
        .type_name()
        .map(|t| vec![Json::String(t.to_owned()), Json::String(format!("CSV:{t}"))])
        .unwrap_or_default();
    let mut m = Map::with_capacity(4);
    m.insert("Type".into(), Json::String("Csv".into()));
    m.insert("TypeNames".into(), Json::Array(type_names));
    m.insert("ToString".into(), Json::Null);
    m.insert("Props".into(), Json::Array(props));
    Json::Object(m)
}

/// The JSON form of one value (see the module documentation).
pub fn value_json(value: &Value) -> Json {
    let mut budget = MAX_NODES;
    encode(value, 0, &mut budget)
}

fn tagged(tag: &str, text: String) -> Json {
    let mut m = Map::with_capacity(2);
    m.insert("Type".into(), Json::String(tag.into()));
    m.insert("Value".into(), Json::String(text));
    Json::Object(m)
}

fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "INF".into() } else { "-INF".into() }
    } else {
        format!("{f:?}")
    }
}

fn encode(value: &Value, depth: usize, budget: &mut usize) -> Json {
    if *budget == 0 {
        return Json::Null;
    }
    *budget -= 1;
    match value {
        Value::Null => Json::Null,
        Value::String(s) => Json::String(s.to_string()),
        Value::Bool(b) => Json::Bool(*b),
        Value::I32(i) => Json::from(*i),
        Value::Char(c) => tagged("C", c.to_string()),
        Value::Single(f) => tagged("Sg", float_text(f64::from(*f))),
        Value::Double(f) => tagged("Db", float_text(*f)),
        Value::Guid(g) => tagged("G", g.to_string()),
        Value::Skipped(_) => tagged("Skipped", value.tag().to_owned()),
        Value::Object(o) => {
            let Some(obj) = o.get() else {
                return Json::Null;
            };
            if o.is_back_reference() || depth >= MAX_DEPTH {
                return obj
                    .to_string
                    .as_deref()
                    .map_or(Json::Null, |s| Json::String(s.to_owned()));
            }
            encode_object(&obj, depth + 1, budget)
        }
        other => match other.as_str() {
            Some(s) => tagged(other.tag(), s.to_owned()),
            None => tagged(
                other.tag(),
                other.as_i128().map(|i| i.to_string()).unwrap_or_default(),
            ),
        },
    }
}

fn encode_object(obj: &Object, depth: usize, budget: &mut usize) -> Json {
    match &obj.body {
        Some(Body::List(_, items)) => {
            Json::Array(items.iter().map(|i| encode(i, depth, budget)).collect())
        }
        Some(Body::Dictionary(entries)) => {
            let pairs = entries
                .iter()
                .map(|(k, v)| Json::Array(vec![encode(k, depth, budget), encode(v, depth, budget)]))
                .collect();
            let mut m = Map::with_capacity(2);
            m.insert("Type".into(), Json::String("DCT".into()));
            m.insert("Value".into(), Json::Array(pairs));
            Json::Object(m)
        }
        Some(Body::Primitive(p)) => match &obj.to_string {
            Some(s) if obj.is_type("System.Enum") => Json::String(s.to_string()),
            _ => encode(p, depth, budget),
        },
        Some(Body::Object(inner)) => encode(&Value::Object(inner.clone()), depth, budget),
        None => {
            let mut m = Map::with_capacity(4);
            m.insert("Type".into(), Json::String("Obj".into()));
            let names = obj
                .type_names
                .iter()
                .flat_map(|t| t.iter())
                .map(|t| Json::String(t.to_string()))
                .collect();
            m.insert("TypeNames".into(), Json::Array(names));
            m.insert(
                "ToString".into(),
                obj.to_string
                    .as_deref()
                    .map_or(Json::Null, |s| Json::String(s.to_owned())),
            );
            let props = obj
                .properties()
                .map(|p| {
                    Json::Array(vec![
                        Json::String(p.name.to_string()),
                        encode(&p.value, depth, budget),
                    ])
                })
                .collect();
            m.insert("Props".into(), Json::Array(props));
            Json::Object(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str =
        r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">"#;

    fn import(body: &str) -> Vec<Json> {
        ImportReader::open(std::io::Cursor::new(
            format!("{NS}{body}</Objs>").into_bytes(),
        ))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    #[test]
    fn objects_keep_types_order_and_nesting() {
        let v = import(
            r#"<Obj RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS>
                 <S N="Text">a_x000A_😀</S><I32 N="I">-5</I32><I64 N="L">9000000000</I64><B N="F">true</B><Nil N="N" />
                 <DT N="When">2023-05-04T09:12:33Z</DT><Db N="D">INF</Db>
                 <Obj N="List" RefId="1"><TN RefId="1"><T>System.Object[]</T></TN><LST><S>x</S><Obj RefId="2"><DCT><En><S N="Key">k</S><I32 N="Value">1</I32></En></DCT></Obj></LST></Obj>
                 <Obj N="Day" RefId="3"><TN RefId="2"><T>System.DayOfWeek</T><T>System.Enum</T></TN><ToString>Monday</ToString><I32>1</I32></Obj>
                 <Ref N="Again" RefId="1" /><Ref N="Me" RefId="0" /><BA N="Blob">AA==</BA>
               </MS></Obj>"#,
        );
        assert_eq!(v.len(), 1);
        let o = &v[0];
        assert_eq!(o["Type"], "Obj");
        assert_eq!(
            o["TypeNames"][0],
            "System.Management.Automation.PSCustomObject"
        );
        let props = o["Props"].as_array().unwrap();
        let names: Vec<&str> = props.iter().map(|p| p[0].as_str().unwrap()).collect();
        assert_eq!(
            names,
            [
                "Text", "I", "L", "F", "N", "When", "D", "List", "Day", "Again", "Me", "Blob"
            ]
        );
        let get = |n: &str| &props.iter().find(|p| p[0] == n).unwrap()[1];
        assert_eq!(get("Text"), "a\n😀");
        assert_eq!(get("I"), -5);
        assert_eq!(get("L")["Type"], "I64");
        assert_eq!(get("L")["Value"], "9000000000");
        assert_eq!(get("F"), true);
        assert!(get("N").is_null());
        assert_eq!(get("When")["Value"], "2023-05-04T09:12:33Z");
        assert_eq!(get("D")["Value"], "INF");
        assert_eq!(get("List")[0], "x");
        assert_eq!(get("List")[1]["Type"], "DCT");
        assert_eq!(get("List")[1]["Value"][0][0], "k");
        assert_eq!(get("Again"), get("List"));
        assert_eq!(get("Day"), "Monday");
        assert!(get("Me").is_null(), "a cycle without ToString is null");
        assert_eq!(get("Blob")["Value"], "BA");
    }

    #[test]
    fn a_top_level_list_is_flattened_and_batches_are_bounded() {
        let data =
            format!(r#"{NS}<Obj RefId="0"><LST><S>a</S><S>b</S><S>c</S></LST></Obj></Objs>"#);
        let mut r = ImportReader::open(std::io::Cursor::new(data.into_bytes())).unwrap();
        assert_eq!(r.next_batch(2, 1 << 20).unwrap(), r#"["a","b"]"#);
        assert_eq!(r.next_batch(2, 1).unwrap(), r#"["c"]"#);
        assert_eq!(r.next_batch(2, 1 << 20).unwrap(), "[]");

        let data = format!(r#"{NS}<S>a</S><S>b</S><I32>x</I32></Objs>"#);
        let mut r = ImportReader::open(std::io::Cursor::new(data.into_bytes())).unwrap();
        assert_eq!(r.next_batch(10, 1 << 20).unwrap(), r#"["a","b"]"#);
        assert!(r.next_batch(10, 1 << 20).is_err());
    }

    #[test]
    fn csv_rows_become_objects_of_strings_as_import_csv_makes_them() {
        let data = "#TYPE Deserialized.Microsoft.Exchange.Data.Directory.Management.User\r\n\"Name\",\"Department\",\"Notes\"\r\n\"Ann\",\"Sales & Co\",\"a \"\"b\"\"\r\nc\"\r\n\"Bob\",\"\"\r\n";
        let v: Vec<Json> = ImportReader::open(std::io::Cursor::new(data.as_bytes().to_vec()))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(
            v[0]["TypeNames"],
            serde_json::json!([
                "Deserialized.Microsoft.Exchange.Data.Directory.Management.User",
                "CSV:Deserialized.Microsoft.Exchange.Data.Directory.Management.User"
            ])
        );
        assert_eq!(
            v[0]["Props"],
            serde_json::json!([
                ["Name", "Ann"],
                ["Department", "Sales & Co"],
                ["Notes", "a \"b\"\r\nc"]
            ])
        );
        assert_eq!(
            v[1]["Props"],
            serde_json::json!([["Name", "Bob"], ["Department", ""], ["Notes", null]])
        );

        let mut r = ImportReader::open(std::io::Cursor::new(b"Name\nAnn\n".to_vec())).unwrap();
        let batch: Json = serde_json::from_str(&r.next_batch(10, 1 << 20).unwrap()).unwrap();
        assert_eq!(
            batch,
            serde_json::json!([{"Type":"Csv","TypeNames":[],"ToString":null,"Props":[["Name","Ann"]]}])
        );
    }

    #[test]
    fn ms_then_props_with_ms_hiding_props() {
        let v = import(
            r#"<Obj RefId="0"><ToString>t</ToString><Props><S N="A">p</S><S N="B">p</S></Props><MS><S N="b">m</S></MS></Obj>"#,
        );
        assert_eq!(v[0]["ToString"], "t");
        assert_eq!(v[0]["Props"], serde_json::json!([["b", "m"], ["A", "p"]]));
    }
}

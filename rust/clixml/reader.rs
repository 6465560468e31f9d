//! The streaming CLIXML reader: an iterator over the top-level values of an
//! `Export-Clixml` file, read from any `Read` with memory bounded by the
//! largest top-level record (plus a retention budget for `<Ref>` targets).
//!
//! The parser is an explicit stack machine over quick-xml events (no
//! recursion, nesting capped), so hostile input ends in a [`ClixmlError`]
//! carrying the byte offset and the expectation, never in a panic.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};

use super::error::{ClixmlError, ClixmlErrorKind as K};
use super::escape::decode_escapes;
use super::refs::{RefKey, RefTable, TypeNameTable};
use super::transcode::{SourceEncoding, Utf8Stream};
use super::value::{Name, TypeNames, Value};

mod end;
mod frame;
mod start;

use frame::{Attrs, Frame, Step};

/// Tuning and limits of a [`Reader`].
#[derive(Debug, Clone)]
pub struct ReaderOptions {
    /// Maximum element nesting (default 128; PowerShell itself stops at 50
    /// object levels, about 100 elements).
    pub max_depth: usize,
    /// Approximate bytes of earlier records kept so later `<Ref>`s can
    /// resolve (default 16 MiB).
    pub retained_bytes: usize,
    /// Maximum distinct `<TN>` definitions per file (default 65 536).
    pub max_type_lists: usize,
    /// When set, only these properties (case-insensitive) of each top-level
    /// object are materialised; the others are skipped without decoding.
    pub projection: Option<Vec<String>>,
    /// When set, the source is a fragment of a file in this encoding (no
    /// BOM, no `#< CLIXML` line); offsets count from its first byte.
    pub encoding: Option<SourceEncoding>,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            max_depth: 128,
            retained_bytes: 16 << 20,
            max_type_lists: 65_536,
            projection: None,
            encoding: None,
        }
    }
}

/// Interned property names are capped so hostile files cannot grow the table.
const MAX_INTERNED_NAMES: usize = 16_384;

/// Streaming reader over the top-level values of a CLIXML document.
///
/// ```
/// use lightningsync::clixml::{Reader, Value};
/// let xml = r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
///   <S>first</S><I32>2</I32></Objs>"#;
/// let values: Vec<Value> = Reader::new(xml.as_bytes()).collect::<Result<_, _>>().unwrap();
/// assert_eq!(values, vec![Value::String("first".into()), Value::I32(2)]);
/// ```
pub struct Reader<R: Read> {
    xml: quick_xml::Reader<Utf8Stream<R>>,
    buf: Vec<u8>,
    skip_buf: Vec<u8>,
    text: String,
    stack: Vec<Frame>,
    refs: RefTable,
    type_names: TypeNameTable,
    names: HashMap<Box<str>, Name>,
    options: ReaderOptions,
    projection: Option<Vec<String>>,
    record_cost: usize,
    lone_surrogates: u32,
    done: bool,
}

impl<R: Read> Reader<R> {
    /// A reader with default options over any byte source (a file, a slice…).
    pub fn new(source: R) -> Self {
        Self::with_options(source, ReaderOptions::default())
    }

    /// A reader with explicit options.
    pub fn with_options(source: R, options: ReaderOptions) -> Self {
        let stream = match options.encoding {
            Some(enc) => Utf8Stream::with_encoding(source, enc),
            None => Utf8Stream::new(source),
        };
        let mut xml = quick_xml::Reader::from_reader(stream);
        let cfg = xml.config_mut();
        cfg.trim_text(false);
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        let projection = options
            .projection
            .as_ref()
            .map(|p| p.iter().map(|n| n.to_ascii_lowercase()).collect());
        Reader {
            xml,
            buf: Vec::with_capacity(4096),
            skip_buf: Vec::new(),
            text: String::new(),
            stack: Vec::with_capacity(32),
            refs: RefTable::new(options.retained_bytes),
            type_names: TypeNameTable::new(options.max_type_lists),
            names: HashMap::new(),
            projection,
            options,
            record_cost: 0,
            lone_surrogates: 0,
            done: false,
        }
    }

    /// Defines type-name lists as if `<TN RefId="…">` elements with these
    /// `<T>` texts (already decoded) had been read, so a fragment of a file
    /// can resolve `<TNRef>`s to lists defined before it.
    pub fn preload_type_names(&mut self, definitions: &[(String, Vec<String>)]) {
        for (ref_id, names) in definitions {
            let list: TypeNames = names.iter().map(|n| Box::<str>::from(n.as_str())).collect();
            self.type_names
                .insert(RefKey::from_raw(ref_id.as_bytes()), list);
        }
    }

    /// Bytes of the underlying source consumed so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.xml.get_ref().bytes_read()
    }

    /// The file's encoding, once the first bytes were read.
    pub fn encoding(&self) -> Option<SourceEncoding> {
        self.xml.get_ref().encoding()
    }

    /// Unpaired surrogate escapes replaced with U+FFFD so far.
    pub fn lone_surrogates(&self) -> u32 {
        self.lone_surrogates
    }

    fn offset(&self, utf8_pos: u64) -> u64 {
        self.xml.get_ref().file_offset(utf8_pos)
    }

    fn error(
        &self,
        kind: K,
        pos: u64,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> ClixmlError {
        ClixmlError::new(kind, self.offset(pos), expected, found)
    }

    fn xml_error(&self, e: quick_xml::Error) -> ClixmlError {
        let pos = self.xml.error_position();
        match e {
            quick_xml::Error::Io(io) => {
                let kind = if io.kind() == std::io::ErrorKind::InvalidData {
                    K::Encoding
                } else {
                    K::Io
                };
                self.error(kind, pos, "readable input", io.to_string())
            }
            quick_xml::Error::Syntax(s) => {
                let kind = if self.stack.is_empty() {
                    K::Syntax
                } else {
                    K::Truncated
                };
                let kind = match s {
                    quick_xml::errors::SyntaxError::InvalidBangMarkup => K::Syntax,
                    _ => kind,
                };
                self.error(kind, pos, "well-formed XML", s.to_string())
            }
            quick_xml::Error::IllFormed(i) => self.ill_formed(i, pos),
            quick_xml::Error::Encoding(enc) => self.error(
                K::Encoding,
                pos,
                "UTF-8 text (re-export with -Encoding UTF8 or -Encoding Unicode)",
                enc.to_string(),
            ),
            other => self.error(K::Syntax, pos, "well-formed XML", other.to_string()),
        }
    }

    /// The error for XML that is not well-formed, worded as one expectation
    /// and one finding (quick-xml's own text already says both).
    fn ill_formed(&self, i: quick_xml::errors::IllFormedError, pos: u64) -> ClixmlError {
        use quick_xml::errors::IllFormedError as I;
        let open = || match self.open_tag() {
            Some(tag) => format!("`</{tag}>`"),
            None => "well-formed XML".to_string(),
        };
        match i {
            I::MismatchedEndTag { expected, found } => self.error(
                K::Syntax,
                pos,
                format!("`</{expected}>`"),
                format!("`</{found}>`"),
            ),
            I::MissingEndTag(tag) => {
                self.error(K::Truncated, pos, format!("`</{tag}>`"), "end of file")
            }
            I::UnmatchedEndTag(tag) => self.error(
                K::Syntax,
                pos,
                open(),
                format!("`</{tag}>`, which closes no open element"),
            ),
            other => self.error(K::Syntax, pos, open(), other.to_string()),
        }
    }

    /// The innermost element of the file still open (skipped elements are
    /// named by the element that holds them).
    fn open_tag(&self) -> Option<&'static str> {
        self.stack
            .iter()
            .rev()
            .find(|f| !matches!(f, Frame::Skip(_)))
            .map(Frame::tag)
    }

    /// Reads events until the next top-level value is complete.
    fn next_value(&mut self) -> Result<Option<Value>, ClixmlError> {
        loop {
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            let pos = self.xml.buffer_position();
            let event = match self.xml.read_event_into(&mut buf) {
                Ok(ev) => ev,
                Err(e) => return Err(self.xml_error(e)),
            };
            let outcome = self.on_event(event, pos);
            self.buf = buf;
            match outcome? {
                Step::Value(v) => return Ok(Some(v)),
                Step::Eof => return Ok(None),
                Step::More => {}
            }
        }
    }

    fn on_event(&mut self, event: Event<'_>, pos: u64) -> Result<Step, ClixmlError> {
        match event {
            Event::Start(e) => self.on_start(&e, pos, false),
            Event::Empty(e) => self.on_start(&e, pos, true),
            Event::End(e) => self.on_end(e.local_name().as_ref(), pos),
            Event::Text(t) => self.on_text(&t, pos),
            Event::CData(c) => self.on_text(&c, pos),
            Event::GeneralRef(r) => self.on_entity(&r, pos),
            Event::Comment(_) | Event::PI(_) | Event::Decl(_) => Ok(Step::More),
            Event::DocType(_) => Err(self.error(
                K::Dtd,
                pos,
                "CLIXML content (DTDs and entity declarations are refused)",
                "`<!DOCTYPE`",
            )),
            Event::Eof => match self.open_tag() {
                None if self.stack.is_empty() => Ok(Step::Eof),
                tag => {
                    let tag = tag.unwrap_or("Objs");
                    Err(self.error(K::Truncated, pos, format!("`</{tag}>`"), "end of file"))
                }
            },
        }
    }

    fn on_text(&mut self, raw: &str, pos: u64) -> Result<Step, ClixmlError> {
        match self.stack.last() {
            Some(Frame::Text { .. }) => {
                self.text.push_str(raw);
                Ok(Step::More)
            }
            Some(Frame::Skip(_)) => Ok(Step::More),
            other => {
                if raw.bytes().all(|b| b.is_ascii_whitespace()) {
                    return Ok(Step::More);
                }
                let at = other.map(|f| f.tag());
                let expected = match at {
                    Some(t) => format!("an element inside `<{t}>`"),
                    None => "`<Objs>`".to_string(),
                };
                let snippet: String = raw.trim().chars().take(24).collect();
                Err(self.error(K::Structure, pos, expected, format!("text {snippet:?}")))
            }
        }
    }

    fn on_entity(
        &mut self,
        r: &quick_xml::events::BytesRef<'_>,
        pos: u64,
    ) -> Result<Step, ClixmlError> {
        let name: &str = r;
        let resolved = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if name.starts_with('#') => r.resolve_char_ref().ok().flatten(),
            _ => None,
        };
        let Some(c) = resolved else {
            let shown = name.to_string();
            return Err(self.error(
                K::Dtd,
                pos,
                "one of the predefined entities (&lt; &gt; &amp; &quot; &apos;) or a character reference",
                format!("`&{shown};`"),
            ));
        };
        match self.stack.last() {
            Some(Frame::Text { .. }) => {
                self.text.push(c);
                Ok(Step::More)
            }
            Some(Frame::Skip(_)) => Ok(Step::More),
            other => {
                let at = other.map(|f| f.tag()).unwrap_or("Objs");
                Err(self.error(
                    K::Structure,
                    pos,
                    format!("an element inside `<{at}>`"),
                    "text",
                ))
            }
        }
    }

    fn intern(&mut self, raw: &str, pos: u64) -> Result<Name, ClixmlError> {
        if let Some(n) = self.names.get(raw) {
            return Ok(n.clone());
        }
        let unescaped = quick_xml::escape::unescape(raw).map_err(|e| {
            self.error(
                K::Dtd,
                pos,
                "an attribute with predefined entities only",
                e.to_string(),
            )
        })?;
        let name: Name = Arc::from(decode_escapes(&unescaped, &mut self.lone_surrogates).as_ref());
        if self.names.len() < MAX_INTERNED_NAMES {
            self.names.insert(raw.into(), name.clone());
        }
        Ok(name)
    }

    fn attrs(&mut self, e: &BytesStart<'_>, pos: u64) -> Result<Attrs, ClixmlError> {
        let mut out = Attrs {
            name: None,
            ref_id: None,
            version: None,
        };
        let mut it = e.attributes();
        it.with_checks(false);
        for a in it {
            let a = a.map_err(|err| {
                self.error(K::Syntax, pos, "well-formed attributes", err.to_string())
            })?;
            match a.key.local_name().as_ref() {
                "N" => out.name = Some(self.intern(&a.value, pos)?),
                "RefId" => {
                    out.ref_id = Some(RefKey::from_raw(a.value.trim().as_bytes()));
                }
                "Version" => out.version = Some(a.value.as_ref().into()),
                _ => {}
            }
        }
        Ok(out)
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Result<Value, ClixmlError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_value() {
            Ok(Some(v)) => Some(Ok(v)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::value::{Body, ListKind, SkippedKind};
    use super::*;

    const NS: &str =
        r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">"#;

    fn read(body: &str) -> Result<Vec<Value>, ClixmlError> {
        Reader::new(format!("{NS}{body}</Objs>").as_bytes()).collect()
    }

    fn one(body: &str) -> Value {
        let mut v = read(body).unwrap();
        assert_eq!(v.len(), 1, "{v:?}");
        v.pop().unwrap()
    }

    fn err(body: &str) -> ClixmlError {
        read(body).unwrap_err()
    }

    #[test]
    fn reads_primitives_and_keeps_null_empty_missing_apart() {
        let v = one(
            r#"<Obj RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN>
               <MS><S N="Empty"></S><S N="SelfClosed" /><Nil N="Null" /><S N="Text">a &amp; b_x000A_</S>
               <I32 N="I">-5</I32><B N="Flag">true</B><G N="Id">6d0b5a4e-1f2a-4c3b-9d8e-7f6a5b4c3d2e</G>
               <DT N="When">2023-05-04T09:12:33-07:00</DT><Db N="D">INF</Db><C N="Ch">97</C></MS></Obj>"#,
        );
        let o = v.as_object().unwrap();
        assert_eq!(o.get("empty"), Some(&Value::String("".into())));
        assert_eq!(o.get("SelfClosed"), Some(&Value::String("".into())));
        assert_eq!(o.get("Null"), Some(&Value::Null));
        assert_eq!(o.get("Missing"), None);
        assert_eq!(o.get("Text"), Some(&Value::String("a & b\n".into())));
        assert_eq!(o.get("I"), Some(&Value::I32(-5)));
        assert_eq!(o.get("Flag"), Some(&Value::Bool(true)));
        assert_eq!(o.get("Id").unwrap().tag(), "G");
        assert_eq!(
            o.get("When"),
            Some(&Value::DateTime("2023-05-04T09:12:33-07:00".into()))
        );
        assert_eq!(o.get("D"), Some(&Value::Double(f64::INFINITY)));
        assert_eq!(o.get("Ch"), Some(&Value::Char(97)));
        assert!(o.is_type("System.Management.Automation.PSCustomObject"));
        assert_eq!(o.props, None);
    }

    #[test]
    fn type_name_table_spans_records_and_names_are_decoded() {
        let v = read(
            r#"<Obj RefId="0"><TN RefId="0"><T>A_x0060_1</T><T>System.Object</T></TN><ToString>x_x0009_y</ToString><Props><S N="a_x005F_x">1</S></Props></Obj>
               <Obj RefId="1"><TNRef RefId="0" /><Props /></Obj>"#,
        )
        .unwrap();
        let a = v[0].as_object().unwrap();
        let b = v[1].as_object().unwrap();
        assert_eq!(&*a.type_names.as_ref().unwrap()[0], "A`1");
        assert!(Arc::ptr_eq(
            a.type_names.as_ref().unwrap(),
            b.type_names.as_ref().unwrap()
        ));
        assert_eq!(a.to_string.as_deref(), Some("x\ty"));
        assert_eq!(a.get("a_x"), Some(&Value::String("1".into())));
        assert_eq!(b.props.as_deref(), Some(&[][..]));
    }

    #[test]
    fn refs_share_earlier_objects_and_ancestors_without_copies() {
        let v = read(
            r#"<Obj RefId="0"><Props><Obj N="Identity" RefId="1"><ToString>contoso.com/Users/Jane</ToString></Obj>
                 <Ref N="Id" RefId="1" /><Ref N="Self" RefId="0" /></Props></Obj>
               <Obj RefId="2"><Props><Ref N="Prev" RefId="1" /></Props></Obj>"#,
        )
        .unwrap();
        let first = v[0].as_object().unwrap();
        let (Some(Value::Object(identity)), Some(Value::Object(id))) =
            (first.get("Identity"), first.get("Id"))
        else {
            panic!("objects expected")
        };
        assert!(identity.same_object(id));
        let Some(Value::Object(me)) = first.get("Self") else {
            panic!()
        };
        assert!(me.is_back_reference());
        assert_eq!(me.get().unwrap().get("Id").unwrap().tag(), "Obj");
        let Some(Value::Object(prev)) = v[1].as_object().unwrap().get("Prev").cloned() else {
            panic!()
        };
        assert!(prev.same_object(identity));
        assert_eq!(
            prev.get().unwrap().to_string.as_deref(),
            Some("contoso.com/Users/Jane")
        );
    }

    #[test]
    fn containers_and_dictionaries() {
        let v = one(
            r#"<Obj RefId="0"><TN RefId="0"><T>System.Collections.Hashtable</T></TN><DCT>
                 <En><S N="Key">a</S><I32 N="Value">1</I32></En>
                 <En><S N="Key">b</S><Obj N="Value" RefId="1"><LST><S>x</S><Nil /><Obj RefId="2"><STK><I32>1</I32></STK></Obj></LST></Obj></En>
               </DCT></Obj>"#,
        );
        let o = v.as_object().unwrap();
        let Some(Body::Dictionary(entries)) = &o.body else {
            panic!("{:?}", &*o)
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0], (Value::String("a".into()), Value::I32(1)));
        let inner = entries[1].1.as_object().unwrap();
        let Some(Body::List(ListKind::List, items)) = &inner.body else {
            panic!()
        };
        assert_eq!(items[0], Value::String("x".into()));
        assert_eq!(items[1], Value::Null);
        let Some(Body::List(ListKind::Stack, _)) = &items[2].as_object().unwrap().body else {
            panic!()
        };
    }

    #[test]
    fn blobs_are_skipped_and_enum_objects_keep_both_forms() {
        let v = one(
            r#"<Obj RefId="0"><Props><Obj N="RecipientTypeDetails" RefId="1"><TN RefId="0"><T>Microsoft.Exchange.Data.Directory.Recipient.RecipientTypeDetails</T><T>System.Enum</T></TN><ToString>UserMailbox</ToString><I64>1</I64></Obj></Props>
               <MS><BA N="SerializationData">AAEAAAD/////AQAAAAAAAAAM</BA><MS N="Set"><S N="Inner">i</S></MS></MS></Obj>"#,
        );
        let o = v.as_object().unwrap();
        let rtd = o.get("RecipientTypeDetails").unwrap().as_object().unwrap();
        assert_eq!(rtd.to_string.as_deref(), Some("UserMailbox"));
        assert_eq!(rtd.body, Some(Body::Primitive(Value::I64(1))));
        let Some(Value::Skipped(s)) = o.get("SerializationData") else {
            panic!()
        };
        assert_eq!(s.kind, SkippedKind::ByteArray);
        assert_eq!(s.encoded_len, 24);
        assert_eq!(o.member_sets[0].name.as_ref(), "Set");
        assert_eq!(o.member_sets[0].members[0].value, Value::String("i".into()));
    }

    #[test]
    fn clixml_marker_bare_values_and_concatenated_documents() {
        let text = format!("#< CLIXML\r\n{NS}<S S=\"Output\">a</S></Objs>{NS}<S>b</S></Objs>");
        let v: Vec<_> = Reader::new(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            v,
            vec![Value::String("a".into()), Value::String("b".into())]
        );
        let v: Vec<_> = Reader::new(&b"<Obj><ToString>bare</ToString></Obj>"[..])
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(v[0].as_object().unwrap().to_string.as_deref(), Some("bare"));
        let empty: Vec<_> = Reader::new(NS.to_string().replace('>', "/>").as_bytes()).collect();
        assert!(empty.is_empty());
    }

    #[test]
    fn utf16_input_reads_the_same() {
        let xml = format!("{NS}<S>é😀_xD83D__xDE00_</S></Objs>");
        let mut le = vec![0xFF, 0xFE];
        xml.encode_utf16()
            .for_each(|u| le.extend_from_slice(&u.to_le_bytes()));
        let v: Vec<_> = Reader::new(&le[..]).collect::<Result<_, _>>().unwrap();
        assert_eq!(v, vec![Value::String("é😀😀".into())]);
    }

    #[test]
    fn malformed_input_gives_errors_with_offsets() {
        let e = Reader::new(format!("{NS}<Obj RefId=\"0\"><Props><S N=\"a\">x</S>").as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .unwrap_err();
        assert_eq!(e.kind, K::Truncated, "{e}");
        assert!(e.expected.contains("</Props>"), "{e}");

        let e = err(r#"<Ref RefId="7" />"#);
        assert_eq!(e.kind, K::BadReference);
        assert_eq!(e.offset, NS.len() as u64);

        assert_eq!(
            err(r#"<Obj><TNRef RefId="3" /></Obj>"#).kind,
            K::BadReference
        );
        assert_eq!(
            err(r#"<Obj RefId="0"><Ref RefId="0" /></Obj>"#).kind,
            K::BadReference
        );
        assert_eq!(err(r#"<Foo />"#).kind, K::Structure);
        assert_eq!(err(r#"<I32>12x</I32>"#).kind, K::BadValue);
        assert_eq!(err(r#"<S>&ent;</S>"#).kind, K::Dtd);
        assert_eq!(err(r#"stray"#).kind, K::Structure);
        assert_eq!(
            err(r#"<Obj><Props><S>no name</S></Props></Obj>"#).kind,
            K::Structure
        );
        let dtd = format!("<!DOCTYPE x [<!ENTITY a \"aaaa\">]>{NS}<S>&a;</S></Objs>");
        assert_eq!(
            Reader::new(dtd.as_bytes())
                .next()
                .unwrap()
                .unwrap_err()
                .kind,
            K::Dtd
        );
        let deep = format!("{}{}", "<Obj><LST>".repeat(100), "</LST></Obj>".repeat(100));
        assert_eq!(err(&deep).kind, K::TooDeep);
        let e = Reader::new(&b"<Objs><S>\xFF</S></Objs>"[..])
            .next()
            .unwrap()
            .unwrap_err();
        assert_eq!(e.kind, K::Encoding, "{e}");
    }

    #[test]
    fn errors_are_final() {
        let data = format!("{NS}<S>a</S><Bad/><S>b</S></Objs>");
        let mut r = Reader::new(data.as_bytes());
        assert!(r.next().unwrap().is_ok());
        assert!(r.next().unwrap().is_err());
        assert!(r.next().is_none());
    }

    #[test]
    fn projection_materialises_only_wanted_members() {
        let text = format!(
            r#"{NS}<Obj RefId="0"><TN RefId="0"><T>X</T></TN><ToString>n</ToString><Props><S N="Name">n</S><S N="Department">Sales</S>
                 <Obj N="Other" RefId="1"><TN RefId="1"><T>Y</T></TN><LST><S>a</S></LST></Obj></Props></Obj>
               <Obj RefId="2"><TNRef RefId="0" /><Props><Obj N="department" RefId="3"><TNRef RefId="1" /><LST /></Obj><Ref N="Other" RefId="1" /></Props></Obj></Objs>"#
        );
        let options = ReaderOptions {
            projection: Some(vec!["Department".into()]),
            ..ReaderOptions::default()
        };
        let v: Vec<_> = Reader::with_options(text.as_bytes(), options)
            .collect::<Result<_, _>>()
            .unwrap();
        let a = v[0].as_object().unwrap();
        assert_eq!(a.get("Department"), Some(&Value::String("Sales".into())));
        assert_eq!(a.get("Name"), None);
        assert_eq!(a.get("Other"), None);
        assert_eq!(a.to_string.as_deref(), Some("n"));
        let b = v[1].as_object().unwrap();
        let dep = b.get("Department").unwrap().as_object().unwrap();
        assert_eq!(&*dep.type_names.as_ref().unwrap()[0], "Y");

        let text = text.replace(r#"<Ref N="Other""#, r#"<Ref N="Department2""#);
        let options = ReaderOptions {
            projection: Some(vec!["Department2".into()]),
            ..ReaderOptions::default()
        };
        let e = Reader::with_options(text.as_bytes(), options)
            .collect::<Result<Vec<_>, _>>()
            .unwrap_err();
        assert_eq!(e.kind, K::SkippedByProjection);
    }

    #[test]
    fn retention_budget_releases_old_records() {
        let mut body = String::new();
        for i in 0..200 {
            body.push_str(&format!(
                r#"<Obj RefId="{i}"><MS><S N="v">{}</S></MS></Obj>"#,
                "x".repeat(100)
            ));
        }
        body.push_str(r#"<Ref RefId="0" />"#);
        let options = ReaderOptions {
            retained_bytes: 4096,
            ..ReaderOptions::default()
        };
        let e = Reader::with_options(format!("{NS}{body}</Objs>").as_bytes(), options)
            .collect::<Result<Vec<_>, _>>()
            .unwrap_err();
        assert_eq!(e.kind, K::BadReference);
        assert!(e.found.contains("released"), "{e}");
        assert_eq!(read(&body).unwrap().len(), 201);
    }
}

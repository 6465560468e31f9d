//! The streaming CLIXML reader: an iterator over the top-level values of an
//! `Export-Clixml` file, read from any `Read` with memory bounded by the
//! largest top-level record (plus a retention budget for `<Ref>` targets).
//!
//! The parser is an explicit stack machine over quick-xml events (no
//! recursion, nesting capped), so hostile input ends in a [`ClixmlError`]
//! carrying the byte offset and the expectation, never in a panic.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, OnceLock};

use quick_xml::events::{BytesStart, Event};

use super::error::{ClixmlError, ClixmlErrorKind as K};
use super::escape::decode_escapes;
use super::primitive::PrimTag;
use super::refs::{RefEntry, RefKey, RefTable, TypeNameTable, Unresolved};
use super::transcode::{SourceEncoding, Utf8Stream};
use super::value::{
    Body, ListKind, Member, MemberSet, Name, ObjRef, Object, Skipped, SkippedKind, Slot, TypeNames,
    Value,
};

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

/// One open element.
enum Frame {
    /// `<Objs>`.
    Objs,
    /// `<Obj>` being built.
    Obj(Box<ObjFrame>),
    /// `<Props>` or `<MS>` (with a name when nested in another `<MS>`).
    Members {
        adapted: bool,
        set_name: Option<Name>,
        members: Vec<Member>,
        sets: Vec<MemberSet>,
    },
    /// `<LST>`/`<IE>`/`<STK>`/`<QUE>`.
    List(ListKind, Vec<Value>),
    /// `<DCT>`.
    Dict(Vec<(Value, Value)>),
    /// `<En>` inside `<DCT>`.
    Entry {
        key: Option<Value>,
        value: Option<Value>,
    },
    /// `<TN>` collecting `<T>`s.
    TypeNames {
        key: Option<RefKey>,
        names: Vec<Box<str>>,
    },
    /// An element whose text is being collected into `Reader::text`.
    Text {
        kind: TextKind,
        name: Option<Name>,
        /// Stream position of the start tag (errors point there).
        start: u64,
    },
    /// An element whose value is already known (`<Nil>`, `<Ref>`, `<TNRef>`
    /// written with an end tag); only whitespace may follow.
    Known {
        tag: &'static str,
        name: Option<Name>,
        value: Option<Value>,
    },
    /// A subtree skipped by projection; counts open elements.
    Skip(usize),
}

#[derive(Clone, Copy)]
enum TextKind {
    Prim(PrimTag),
    ToString,
    T,
}

impl TextKind {
    fn tag(self) -> &'static str {
        match self {
            TextKind::Prim(p) => p.name(),
            TextKind::ToString => "ToString",
            TextKind::T => "T",
        }
    }
}

struct ObjFrame {
    name: Option<Name>,
    slot: Option<Arc<Slot>>,
    obj: Object,
}

impl Frame {
    fn tag(&self) -> &'static str {
        match self {
            Frame::Objs => "Objs",
            Frame::Obj(_) => "Obj",
            Frame::Members { adapted: true, .. } => "Props",
            Frame::Members { adapted: false, .. } => "MS",
            Frame::List(ListKind::List, _) => "LST",
            Frame::List(ListKind::Enumerable, _) => "IE",
            Frame::List(ListKind::Stack, _) => "STK",
            Frame::List(ListKind::Queue, _) => "QUE",
            Frame::Dict(_) => "DCT",
            Frame::Entry { .. } => "En",
            Frame::TypeNames { .. } => "TN",
            Frame::Text { kind, .. } => kind.tag(),
            Frame::Known { tag, .. } => tag,
            Frame::Skip(_) => "skipped element",
        }
    }
}

/// Attributes of a value element that matter.
struct Attrs {
    name: Option<Name>,
    ref_id: Option<RefKey>,
    version: Option<Box<str>>,
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

    fn on_start(&mut self, e: &BytesStart<'_>, pos: u64, empty: bool) -> Result<Step, ClixmlError> {
        let local = e.local_name();
        let tag = local.as_ref();
        if self.stack.len() >= self.options.max_depth {
            return Err(self.error(
                K::TooDeep,
                pos,
                format!("at most {} nested elements", self.options.max_depth),
                "deeper nesting",
            ));
        }
        // Inside a projected-away subtree: only keep what later records may
        // refer to (type names, RefIds).
        if let Some(Frame::Skip(depth)) = self.stack.last_mut() {
            if tag == "TN" {
                return self.start_type_names(e, pos, empty);
            }
            if !empty {
                *depth += 1;
            }
            if tag == "Obj" {
                let a = self.attrs(e, pos)?;
                if let Some(k) = a.ref_id {
                    self.refs.insert(k, RefEntry::Skipped);
                }
            }
            return Ok(Step::More);
        }
        match self.stack.last() {
            Some(Frame::Text { kind, .. }) => {
                let t = kind.tag();
                return Err(self.error(
                    K::Structure,
                    pos,
                    format!("text content or `</{t}>`"),
                    format!("element `<{}>`", tag),
                ));
            }
            Some(Frame::Known { tag: t, .. }) => {
                let t = *t;
                return Err(self.error(
                    K::Structure,
                    pos,
                    format!("`</{t}>`"),
                    format!("element `<{}>`", tag),
                ));
            }
            Some(Frame::TypeNames { .. }) => {
                if tag != "T" {
                    return Err(self.unexpected(tag, pos, "`<T>` or `</TN>`"));
                }
                if empty {
                    return self.finish_type_name(String::new());
                }
                self.text.clear();
                self.stack.push(Frame::Text {
                    kind: TextKind::T,
                    name: None,
                    start: pos,
                });
                return Ok(Step::More);
            }
            Some(Frame::Dict(_)) => {
                if tag != "En" {
                    return Err(self.unexpected(tag, pos, "`<En>` or `</DCT>`"));
                }
                if empty {
                    return Err(self.error(
                        K::Structure,
                        pos,
                        "a dictionary entry with Key and Value",
                        "`<En/>`",
                    ));
                }
                self.stack.push(Frame::Entry {
                    key: None,
                    value: None,
                });
                return Ok(Step::More);
            }
            _ => {}
        }
        // Fast path of projection: a primitive, `<Nil>` or `<Ref>` member of
        // the top-level object whose plain name is not wanted is skipped
        // without interning or decoding anything.
        if self.projection.is_some()
            && (tag == "Nil" || tag == "Ref" || PrimTag::from_name(tag.as_bytes()).is_some())
            && self.at_top_members()
            && let Some(wanted) = self.plain_name_wanted(e)
            && !wanted
        {
            if !empty {
                self.stack.push(Frame::Skip(1));
            }
            return Ok(Step::More);
        }
        let in_obj = matches!(self.stack.last(), Some(Frame::Obj(_)));
        match tag {
            "Objs" => {
                if !self.stack.is_empty() {
                    return Err(self.unexpected(tag, pos, "a value element"));
                }
                let a = self.attrs(e, pos)?;
                if let Some(v) = &a.version
                    && v.split('.').next().map(str::trim) != Some("1")
                {
                    return Err(self.error(
                        K::Structure,
                        pos,
                        "CLIXML version 1.x",
                        format!("Version=\"{v}\""),
                    ));
                }
                if !empty {
                    self.stack.push(Frame::Objs);
                }
                Ok(Step::More)
            }
            "Obj" => {
                let a = self.attrs(e, pos)?;
                if self.projected_away(&a) {
                    if let Some(k) = a.ref_id {
                        self.refs.insert(k, RefEntry::Skipped);
                    }
                    if !empty {
                        self.stack.push(Frame::Skip(1));
                    }
                    return Ok(Step::More);
                }
                let slot = a.ref_id.map(|k| {
                    let slot: Arc<Slot> = Arc::new(OnceLock::new());
                    self.refs.insert(k, RefEntry::Object(slot.clone()));
                    slot
                });
                let frame = ObjFrame {
                    name: a.name,
                    slot,
                    obj: Object::default(),
                };
                if empty {
                    return self.finish_obj(frame, pos);
                }
                self.stack.push(Frame::Obj(Box::new(frame)));
                Ok(Step::More)
            }
            "Ref" => {
                let a = self.attrs(e, pos)?;
                if self.projected_away(&a) {
                    return self.known_or_skip(empty, "Ref", None, None);
                }
                let Some(key) = a.ref_id else {
                    return Err(self.error(
                        K::Structure,
                        pos,
                        "a RefId attribute on `<Ref>`",
                        "none",
                    ));
                };
                let target = match self.refs.get(&key) {
                    Ok(RefEntry::Object(slot)) => {
                        if slot.get().is_some() {
                            ObjRef::strong(slot.clone())
                        } else {
                            ObjRef::back(slot)
                        }
                    }
                    Ok(RefEntry::Skipped) => {
                        return Err(self.error(
                            K::SkippedByProjection,
                            pos,
                            format!("RefId {key} to name an object the projection kept"),
                            "an object inside a skipped property (read without projection)",
                        ));
                    }
                    Err(why) => {
                        let found = match why {
                            Unresolved::Unknown => {
                                format!("RefId {key}, which no earlier `<Obj>` defines")
                            }
                            Unresolved::Released => format!(
                                "RefId {key}, which no earlier `<Obj>` defines or which was released \
                                 (the reader keeps about {} MiB of earlier records)",
                                self.options.retained_bytes >> 20
                            ),
                        };
                        return Err(self.error(
                            K::BadReference,
                            pos,
                            "a RefId defined earlier",
                            found,
                        ));
                    }
                };
                self.known_or_deliver(empty, "Ref", a.name, Value::Object(target), pos)
            }
            "Nil" => {
                let a = self.attrs(e, pos)?;
                if self.projected_away(&a) {
                    return self.known_or_skip(empty, "Nil", None, None);
                }
                self.known_or_deliver(empty, "Nil", a.name, Value::Null, pos)
            }
            "BA" | "SS" | "PR" => {
                let a = self.attrs(e, pos)?;
                let kind = match tag {
                    "BA" => SkippedKind::ByteArray,
                    "SS" => SkippedKind::SecureString,
                    _ => SkippedKind::ProgressRecord,
                };
                let start = self.xml.buffer_position();
                let mut encoded_len = 0;
                if !empty {
                    let end_name = e.name().as_ref().to_string();
                    let mut skip = std::mem::take(&mut self.skip_buf);
                    let r = self
                        .xml
                        .read_to_end_into(quick_xml::name::QName(&end_name), &mut skip);
                    skip.clear();
                    self.skip_buf = skip;
                    let span = r.map_err(|err| self.xml_error(err))?;
                    encoded_len = span.end.saturating_sub(start);
                }
                if self.projected_away(&a) {
                    return Ok(Step::More);
                }
                self.deliver(a.name, Value::Skipped(Skipped { kind, encoded_len }), pos)
            }
            "TN" if in_obj => self.start_type_names(e, pos, empty),
            "TNRef" if in_obj => {
                let a = self.attrs(e, pos)?;
                let Some(key) = a.ref_id else {
                    return Err(self.error(
                        K::Structure,
                        pos,
                        "a RefId attribute on `<TNRef>`",
                        "none",
                    ));
                };
                let Some(names) = self.type_names.get(&key).cloned() else {
                    return Err(self.error(
                        K::BadReference,
                        pos,
                        "a type-name RefId defined by an earlier `<TN>`",
                        format!("TNRef RefId {key}"),
                    ));
                };
                if let Some(Frame::Obj(o)) = self.stack.last_mut() {
                    o.obj.type_names = Some(names);
                }
                self.known_or_skip(empty, "TNRef", None, None)
            }
            "ToString" if in_obj => {
                if empty {
                    if let Some(Frame::Obj(o)) = self.stack.last_mut() {
                        o.obj.to_string = Some("".into());
                    }
                    return Ok(Step::More);
                }
                self.text.clear();
                self.stack.push(Frame::Text {
                    kind: TextKind::ToString,
                    name: None,
                    start: pos,
                });
                Ok(Step::More)
            }
            "Props" | "MS" => {
                let adapted = tag == "Props";
                let nested_set = !adapted
                    && matches!(
                        self.stack.last(),
                        Some(Frame::Members { adapted: false, .. })
                    );
                if !in_obj && !nested_set {
                    return Err(self.unexpected(
                        tag,
                        pos,
                        "`<Props>`/`<MS>` only directly inside `<Obj>`",
                    ));
                }
                let set_name = if nested_set {
                    let a = self.attrs(e, pos)?;
                    Some(a.name.ok_or_else(|| {
                        self.error(
                            K::Structure,
                            pos,
                            "an N attribute on a nested `<MS>`",
                            "none",
                        )
                    })?)
                } else {
                    None
                };
                self.stack.push(Frame::Members {
                    adapted,
                    set_name,
                    members: Vec::new(),
                    sets: Vec::new(),
                });
                if empty {
                    return self.on_end(tag, pos);
                }
                Ok(Step::More)
            }
            "LST" | "IE" | "STK" | "QUE" | "DCT" if in_obj => {
                let frame = match tag {
                    "LST" => Frame::List(ListKind::List, Vec::new()),
                    "IE" => Frame::List(ListKind::Enumerable, Vec::new()),
                    "STK" => Frame::List(ListKind::Stack, Vec::new()),
                    "QUE" => Frame::List(ListKind::Queue, Vec::new()),
                    _ => Frame::Dict(Vec::new()),
                };
                self.stack.push(frame);
                if empty {
                    return self.on_end(tag, pos);
                }
                Ok(Step::More)
            }
            _ => {
                let Some(prim) = PrimTag::from_name(tag.as_bytes()) else {
                    let expected = if in_obj {
                        "one of TN, TNRef, ToString, Props, MS, LST, IE, STK, QUE, DCT or a value element"
                    } else {
                        "a value element (Obj, Ref, Nil, S, I32, …)"
                    };
                    return Err(self.unexpected(tag, pos, expected));
                };
                let a = self.attrs(e, pos)?;
                if self.projected_away(&a) {
                    if !empty {
                        self.stack.push(Frame::Skip(1));
                    }
                    return Ok(Step::More);
                }
                if empty {
                    let v = prim.parse("", &mut self.lone_surrogates).map_err(|exp| {
                        self.error(
                            K::BadValue,
                            pos,
                            format!("`<{}>` holding {exp}", prim.name()),
                            "an empty element",
                        )
                    })?;
                    return self.deliver(a.name, v, pos);
                }
                self.text.clear();
                self.stack.push(Frame::Text {
                    kind: TextKind::Prim(prim),
                    name: a.name,
                    start: pos,
                });
                Ok(Step::More)
            }
        }
    }

    fn unexpected(&self, tag: &str, pos: u64, expected: &str) -> ClixmlError {
        let at = self.stack.last().map(|f| f.tag()).unwrap_or("document");
        self.error(
            K::Structure,
            pos,
            format!("{expected} (inside `<{at}>`)"),
            format!("`<{}>`", tag),
        )
    }

    /// For a value element: true when projection is on, the element is a
    /// member of the top-level object, and its name is not wanted.
    fn projected_away(&self, a: &Attrs) -> bool {
        let Some(wanted) = &self.projection else {
            return false;
        };
        if !self.at_top_members() {
            return false;
        }
        match &a.name {
            Some(name) => !wanted.iter().any(|w| w.eq_ignore_ascii_case(name)),
            None => false,
        }
    }

    /// True when the open element is `<Props>`/`<MS>` of a top-level object
    /// (stack: `[Objs?] Obj Members`).
    fn at_top_members(&self) -> bool {
        let n = self.stack.len();
        let base = usize::from(matches!(self.stack.first(), Some(Frame::Objs)));
        n == base + 2
            && matches!(self.stack[base], Frame::Obj(_))
            && matches!(self.stack[n - 1], Frame::Members { set_name: None, .. })
    }

    /// Whether the element's `N` attribute names a wanted property, when
    /// that can be told from the raw bytes (no `_x` escape, no entity);
    /// `None` otherwise.
    fn plain_name_wanted(&self, e: &BytesStart<'_>) -> Option<bool> {
        let wanted = self.projection.as_ref()?;
        let mut it = e.attributes();
        it.with_checks(false);
        for a in it {
            let a = a.ok()?;
            if a.key.local_name().as_ref() == "N" {
                let raw: &[u8] = a.value.as_bytes();
                if raw.iter().any(|&b| b == b'_' || b == b'&') {
                    return None;
                }
                return Some(
                    wanted
                        .iter()
                        .any(|w| w.as_bytes().eq_ignore_ascii_case(raw)),
                );
            }
        }
        None
    }

    fn known_or_skip(
        &mut self,
        empty: bool,
        tag: &'static str,
        name: Option<Name>,
        value: Option<Value>,
    ) -> Result<Step, ClixmlError> {
        if !empty {
            self.stack.push(Frame::Known { tag, name, value });
        }
        Ok(Step::More)
    }

    fn known_or_deliver(
        &mut self,
        empty: bool,
        tag: &'static str,
        name: Option<Name>,
        value: Value,
        pos: u64,
    ) -> Result<Step, ClixmlError> {
        if empty {
            self.deliver(name, value, pos)
        } else {
            self.known_or_skip(false, tag, name, Some(value))
        }
    }

    fn start_type_names(
        &mut self,
        e: &BytesStart<'_>,
        pos: u64,
        empty: bool,
    ) -> Result<Step, ClixmlError> {
        let a = self.attrs(e, pos)?;
        self.stack.push(Frame::TypeNames {
            key: a.ref_id,
            names: Vec::new(),
        });
        if empty {
            return self.on_end("TN", pos);
        }
        Ok(Step::More)
    }

    fn finish_type_name(&mut self, text: String) -> Result<Step, ClixmlError> {
        let decoded: Box<str> = decode_escapes(&text, &mut self.lone_surrogates).into();
        if let Some(Frame::TypeNames { names, .. }) = self.stack.last_mut() {
            names.push(decoded);
        }
        Ok(Step::More)
    }

    fn on_end(&mut self, tag: &str, pos: u64) -> Result<Step, ClixmlError> {
        let Some(frame) = self.stack.pop() else {
            return Err(self.error(
                K::Syntax,
                pos,
                "an opening element",
                format!("`</{}>`", tag),
            ));
        };
        match frame {
            Frame::Objs => Ok(Step::More),
            Frame::Skip(depth) => {
                if depth > 1 {
                    self.stack.push(Frame::Skip(depth - 1));
                }
                Ok(Step::More)
            }
            Frame::Known { name, value, .. } => match value {
                Some(v) => self.deliver(name, v, pos),
                None => Ok(Step::More),
            },
            Frame::Text { kind, name, start } => {
                let text = std::mem::take(&mut self.text);
                let step = match kind {
                    TextKind::T => {
                        let decoded: Box<str> =
                            decode_escapes(&text, &mut self.lone_surrogates).into();
                        if let Some(Frame::TypeNames { names, .. }) = self.stack.last_mut() {
                            names.push(decoded);
                        }
                        Ok(Step::More)
                    }
                    TextKind::ToString => {
                        let s: Box<str> = decode_escapes(&text, &mut self.lone_surrogates).into();
                        self.record_cost += s.len();
                        if let Some(Frame::Obj(o)) = self.stack.last_mut() {
                            o.obj.to_string = Some(s);
                        }
                        Ok(Step::More)
                    }
                    TextKind::Prim(prim) => {
                        let v = prim
                            .parse(&text, &mut self.lone_surrogates)
                            .map_err(|exp| {
                                let shown: String = text.chars().take(40).collect();
                                self.error(
                                    K::BadValue,
                                    start,
                                    format!("`<{}>` holding {exp}", prim.name()),
                                    format!("{shown:?}"),
                                )
                            })?;
                        self.record_cost += text.len();
                        self.deliver(name, v, pos)
                    }
                };
                self.text = text;
                self.text.clear();
                step
            }
            Frame::TypeNames { key, names } => {
                let list: TypeNames = Arc::from(names);
                if let Some(k) = key
                    && !self.type_names.insert(k, list.clone())
                {
                    return Err(self.error(
                        K::Limit,
                        pos,
                        format!(
                            "at most {} distinct type-name lists",
                            self.options.max_type_lists
                        ),
                        "more",
                    ));
                }
                if let Some(Frame::Obj(o)) = self.stack.last_mut() {
                    o.obj.type_names = Some(list);
                }
                Ok(Step::More)
            }
            Frame::Members {
                adapted,
                set_name,
                members,
                sets,
            } => {
                match (set_name, self.stack.last_mut()) {
                    (Some(name), Some(Frame::Members { sets: parent, .. })) => {
                        parent.push(MemberSet {
                            name,
                            members,
                            member_sets: sets,
                        });
                    }
                    (_, Some(Frame::Obj(o))) => {
                        let target = if adapted {
                            &mut o.obj.props
                        } else {
                            &mut o.obj.members
                        };
                        match target {
                            Some(existing) => existing.extend(members),
                            None => *target = Some(members),
                        }
                        o.obj.member_sets.extend(sets);
                    }
                    _ => {}
                }
                Ok(Step::More)
            }
            Frame::List(kind, items) => self.set_body(Body::List(kind, items), pos),
            Frame::Dict(entries) => self.set_body(Body::Dictionary(entries), pos),
            Frame::Entry { key, value } => {
                let Some(key) = key else {
                    return Err(self.error(
                        K::Structure,
                        pos,
                        "a value named Key in `<En>`",
                        "none",
                    ));
                };
                let value = value.unwrap_or(Value::Null);
                if let Some(Frame::Dict(entries)) = self.stack.last_mut() {
                    entries.push((key, value));
                }
                Ok(Step::More)
            }
            Frame::Obj(frame) => self.finish_obj(*frame, pos),
        }
    }

    fn set_body(&mut self, body: Body, pos: u64) -> Result<Step, ClixmlError> {
        let Some(Frame::Obj(o)) = self.stack.last_mut() else {
            return Err(self.error(
                K::Structure,
                pos,
                "a container directly inside `<Obj>`",
                "elsewhere",
            ));
        };
        if o.obj.body.is_some() {
            return Err(self.error(K::Structure, pos, "one body per `<Obj>`", "a second one"));
        }
        o.obj.body = Some(body);
        Ok(Step::More)
    }

    fn finish_obj(&mut self, frame: ObjFrame, pos: u64) -> Result<Step, ClixmlError> {
        let ObjFrame { name, slot, obj } = frame;
        self.record_cost += 96;
        let handle = match slot {
            Some(slot) => {
                let _ = slot.set(obj);
                ObjRef::strong(slot)
            }
            None => ObjRef::new(obj),
        };
        self.deliver(name, Value::Object(handle), pos)
    }

    /// Hands a finished value to the element that contains it.
    fn deliver(&mut self, name: Option<Name>, value: Value, pos: u64) -> Result<Step, ClixmlError> {
        self.record_cost += 32;
        match self.stack.last_mut() {
            None | Some(Frame::Objs) => {
                self.refs.end_record(std::mem::take(&mut self.record_cost));
                Ok(Step::Value(value))
            }
            Some(Frame::Obj(o)) => {
                if o.obj.body.is_some() {
                    return Err(self.error(
                        K::Structure,
                        pos,
                        "one body value per `<Obj>`",
                        "a second one",
                    ));
                }
                o.obj.body = Some(match value {
                    Value::Object(r) => {
                        if r.is_back_reference() {
                            return Err(self.error(
                                K::BadReference,
                                pos,
                                "a base object other than the object itself",
                                "a cyclic reference",
                            ));
                        }
                        Body::Object(r)
                    }
                    v => Body::Primitive(v),
                });
                Ok(Step::More)
            }
            Some(Frame::Members { members, .. }) => {
                let Some(name) = name else {
                    return Err(self.error(
                        K::Structure,
                        pos,
                        "an N attribute on a member value",
                        "none",
                    ));
                };
                members.push(Member { name, value });
                Ok(Step::More)
            }
            Some(Frame::List(_, items)) => {
                items.push(value);
                Ok(Step::More)
            }
            Some(Frame::Entry { key, value: slot }) => {
                match name.as_deref() {
                    Some(n) if n.eq_ignore_ascii_case("Key") => *key = Some(value),
                    Some(n) if n.eq_ignore_ascii_case("Value") => *slot = Some(value),
                    _ => {
                        return Err(self.error(
                            K::Structure,
                            pos,
                            "N=\"Key\" or N=\"Value\" inside `<En>`",
                            "another name",
                        ));
                    }
                }
                Ok(Step::More)
            }
            Some(f) => {
                let t = f.tag();
                Err(self.error(
                    K::Structure,
                    pos,
                    format!("no value inside `<{t}>`"),
                    "a value",
                ))
            }
        }
    }
}

enum Step {
    More,
    Value(Value),
    Eof,
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

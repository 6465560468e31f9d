//! Start tags: the checks every start tag passes, then one handler per
//! element, chosen from a table of element names.

use std::io::Read;
use std::sync::{Arc, OnceLock};

use quick_xml::events::BytesStart;

use super::super::error::{ClixmlError, ClixmlErrorKind as K};
use super::super::escape::decode_escapes;
use super::super::primitive::PrimTag;
use super::super::refs::{RefEntry, RefKey, Unresolved};
use super::super::value::{ListKind, Name, ObjRef, Object, Skipped, SkippedKind, Slot, Value};
use super::Reader;
use super::frame::{Attrs, Frame, ObjFrame, Step, TextKind};

/// One start tag (or empty element) being handled.
pub(super) struct Start<'a, 'x> {
    pub(super) e: &'a BytesStart<'x>,
    pub(super) tag: &'a str,
    pub(super) pos: u64,
    pub(super) empty: bool,
}

/// The handler of one element name.
type StartFn<R> = fn(&mut Reader<R>, &Start<'_, '_>) -> Result<Step, ClixmlError>;

impl<R: Read> Reader<R> {
    pub(super) fn on_start(
        &mut self,
        e: &BytesStart<'_>,
        pos: u64,
        empty: bool,
    ) -> Result<Step, ClixmlError> {
        let local = e.local_name();
        let s = Start {
            e,
            tag: local.as_ref(),
            pos,
            empty,
        };
        self.check_depth(pos)?;
        if matches!(self.stack.last(), Some(Frame::Skip(_))) {
            return self.start_in_skipped(&s);
        }
        if let Some(step) = self.start_in_special_parent(&s)? {
            return Ok(step);
        }
        if self.unwanted_plain_member(&s) {
            return Ok(self.skip_subtree(s.empty));
        }
        let in_obj = matches!(self.stack.last(), Some(Frame::Obj(_)));
        match Self::start_handler(s.tag, in_obj) {
            Some(handler) => handler(self, &s),
            None => self.start_primitive(&s, in_obj),
        }
    }

    /// The table of element names and their handlers (`None`: a primitive
    /// or an element that does not belong here).
    fn start_handler(tag: &str, in_obj: bool) -> Option<StartFn<R>> {
        let handler: StartFn<R> = match (tag, in_obj) {
            ("Objs", _) => Self::start_objs,
            ("Obj", _) => Self::start_obj,
            ("Ref", _) => Self::start_ref,
            ("Nil", _) => Self::start_nil,
            ("BA" | "SS" | "PR", _) => Self::start_opaque,
            ("TN", true) => Self::start_type_names,
            ("TNRef", true) => Self::start_type_name_ref,
            ("ToString", true) => Self::start_to_string,
            ("Props" | "MS", _) => Self::start_members,
            ("LST" | "IE" | "STK" | "QUE" | "DCT", true) => Self::start_container,
            _ => return None,
        };
        Some(handler)
    }

    fn check_depth(&self, pos: u64) -> Result<(), ClixmlError> {
        if self.stack.len() >= self.options.max_depth {
            return Err(self.error(
                K::TooDeep,
                pos,
                format!("at most {} nested elements", self.options.max_depth),
                "deeper nesting",
            ));
        }
        Ok(())
    }

    /// Inside a projected-away subtree: only keep what later records may
    /// refer to (type names, RefIds).
    fn start_in_skipped(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        if s.tag == "TN" {
            return self.start_type_names(s);
        }
        if let Some(Frame::Skip(depth)) = self.stack.last_mut()
            && !s.empty
        {
            *depth += 1;
        }
        if s.tag == "Obj" {
            let a = self.attrs(s.e, s.pos)?;
            if let Some(k) = a.ref_id {
                self.refs.insert(k, RefEntry::Skipped);
            }
        }
        Ok(Step::More)
    }

    /// Start tags inside the frames that hold no ordinary value: text,
    /// known values, `<TN>` (only `<T>`) and `<DCT>` (only `<En>`).
    fn start_in_special_parent(&mut self, s: &Start<'_, '_>) -> Result<Option<Step>, ClixmlError> {
        let tag = s.tag;
        match self.stack.last() {
            Some(Frame::Text { kind, .. }) => Err(self.error(
                K::Structure,
                s.pos,
                format!("text content or `</{}>`", kind.tag()),
                format!("element `<{tag}>`"),
            )),
            Some(Frame::Known { tag: t, .. }) => Err(self.error(
                K::Structure,
                s.pos,
                format!("`</{t}>`"),
                format!("element `<{tag}>`"),
            )),
            Some(Frame::TypeNames { .. }) => self.start_type_name(s).map(Some),
            Some(Frame::Dict(_)) => self.start_entry(s).map(Some),
            _ => Ok(None),
        }
    }

    /// `<T>` inside `<TN>`.
    fn start_type_name(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        if s.tag != "T" {
            return Err(self.unexpected(s.tag, s.pos, "`<T>` or `</TN>`"));
        }
        if s.empty {
            return self.finish_type_name("");
        }
        Ok(self.start_text(TextKind::T, None, s.pos))
    }

    /// `<En>` inside `<DCT>`.
    fn start_entry(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        if s.tag != "En" {
            return Err(self.unexpected(s.tag, s.pos, "`<En>` or `</DCT>`"));
        }
        if s.empty {
            return Err(self.error(
                K::Structure,
                s.pos,
                "a dictionary entry with Key and Value",
                "`<En/>`",
            ));
        }
        self.stack.push(Frame::Entry {
            key: None,
            value: None,
        });
        Ok(Step::More)
    }

    /// Fast path of projection: a primitive, `<Nil>` or `<Ref>` member of
    /// the top-level object whose plain name is not wanted is skipped
    /// without interning or decoding anything.
    fn unwanted_plain_member(&self, s: &Start<'_, '_>) -> bool {
        self.projection.is_some()
            && (s.tag == "Nil" || s.tag == "Ref" || PrimTag::from_name(s.tag.as_bytes()).is_some())
            && self.at_top_members()
            && self.plain_name_wanted(s.e) == Some(false)
    }

    /// Skips the element (and what it holds, when it has an end tag).
    fn skip_subtree(&mut self, empty: bool) -> Step {
        if !empty {
            self.stack.push(Frame::Skip(1));
        }
        Step::More
    }

    /// Starts collecting the text of an element.
    fn start_text(&mut self, kind: TextKind, name: Option<Name>, start: u64) -> Step {
        self.text.clear();
        self.stack.push(Frame::Text { kind, name, start });
        Step::More
    }

    fn start_objs(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        if !self.stack.is_empty() {
            return Err(self.unexpected(s.tag, s.pos, "a value element"));
        }
        let a = self.attrs(s.e, s.pos)?;
        if let Some(v) = &a.version
            && v.split('.').next().map(str::trim) != Some("1")
        {
            return Err(self.error(
                K::Structure,
                s.pos,
                "CLIXML version 1.x",
                format!("Version=\"{v}\""),
            ));
        }
        if !s.empty {
            self.stack.push(Frame::Objs);
        }
        Ok(Step::More)
    }

    fn start_obj(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        let a = self.attrs(s.e, s.pos)?;
        if self.projected_away(&a) {
            if let Some(k) = a.ref_id {
                self.refs.insert(k, RefEntry::Skipped);
            }
            return Ok(self.skip_subtree(s.empty));
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
        if s.empty {
            return self.finish_obj(frame, s.pos);
        }
        self.stack.push(Frame::Obj(Box::new(frame)));
        Ok(Step::More)
    }

    fn start_ref(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        let a = self.attrs(s.e, s.pos)?;
        if self.projected_away(&a) {
            return self.known_or_skip(s.empty, "Ref", None, None);
        }
        let Some(key) = a.ref_id else {
            return Err(self.missing_ref_id("`<Ref>`", s.pos));
        };
        let target = self.resolve_ref(&key, s.pos)?;
        self.known_or_deliver(s.empty, "Ref", a.name, Value::Object(target), s.pos)
    }

    fn missing_ref_id(&self, element: &str, pos: u64) -> ClixmlError {
        self.error(
            K::Structure,
            pos,
            format!("a RefId attribute on {element}"),
            "none",
        )
    }

    /// The object a `<Ref>` names.
    fn resolve_ref(&self, key: &RefKey, pos: u64) -> Result<ObjRef, ClixmlError> {
        match self.refs.get(key) {
            Ok(RefEntry::Object(slot)) if slot.get().is_some() => Ok(ObjRef::strong(slot.clone())),
            Ok(RefEntry::Object(slot)) => Ok(ObjRef::back(slot)),
            Ok(RefEntry::Skipped) => Err(self.error(
                K::SkippedByProjection,
                pos,
                format!("RefId {key} to name an object the projection kept"),
                "an object inside a skipped property (read without projection)",
            )),
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
                Err(self.error(K::BadReference, pos, "a RefId defined earlier", found))
            }
        }
    }

    fn start_nil(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        let a = self.attrs(s.e, s.pos)?;
        if self.projected_away(&a) {
            return self.known_or_skip(s.empty, "Nil", None, None);
        }
        self.known_or_deliver(s.empty, "Nil", a.name, Value::Null, s.pos)
    }

    /// `<BA>`, `<SS>`, `<PR>`: kept as their kind and encoded length only.
    fn start_opaque(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        let a = self.attrs(s.e, s.pos)?;
        let kind = match s.tag {
            "BA" => SkippedKind::ByteArray,
            "SS" => SkippedKind::SecureString,
            _ => SkippedKind::ProgressRecord,
        };
        let encoded_len = if s.empty { 0 } else { self.skip_to_end(s.e)? };
        if self.projected_away(&a) {
            return Ok(Step::More);
        }
        self.deliver(a.name, Value::Skipped(Skipped { kind, encoded_len }), s.pos)
    }

    /// Reads past the end tag of `e` without decoding; the bytes skipped.
    fn skip_to_end(&mut self, e: &BytesStart<'_>) -> Result<u64, ClixmlError> {
        let start = self.xml.buffer_position();
        let end_name = e.name().as_ref().to_string();
        let mut skip = std::mem::take(&mut self.skip_buf);
        let r = self
            .xml
            .read_to_end_into(quick_xml::name::QName(&end_name), &mut skip);
        skip.clear();
        self.skip_buf = skip;
        let span = r.map_err(|err| self.xml_error(err))?;
        Ok(span.end.saturating_sub(start))
    }

    fn start_type_name_ref(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        let a = self.attrs(s.e, s.pos)?;
        let Some(key) = a.ref_id else {
            return Err(self.missing_ref_id("`<TNRef>`", s.pos));
        };
        let Some(names) = self.type_names.get(&key).cloned() else {
            return Err(self.error(
                K::BadReference,
                s.pos,
                "a type-name RefId defined by an earlier `<TN>`",
                format!("TNRef RefId {key}"),
            ));
        };
        if let Some(Frame::Obj(o)) = self.stack.last_mut() {
            o.obj.type_names = Some(names);
        }
        self.known_or_skip(s.empty, "TNRef", None, None)
    }

    fn start_to_string(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        if !s.empty {
            return Ok(self.start_text(TextKind::ToString, None, s.pos));
        }
        if let Some(Frame::Obj(o)) = self.stack.last_mut() {
            o.obj.to_string = Some("".into());
        }
        Ok(Step::More)
    }

    /// `<Props>`, `<MS>` (directly in `<Obj>`, or named inside another `<MS>`).
    fn start_members(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        let adapted = s.tag == "Props";
        let in_obj = matches!(self.stack.last(), Some(Frame::Obj(_)));
        let nested_set = !adapted
            && matches!(
                self.stack.last(),
                Some(Frame::Members { adapted: false, .. })
            );
        if !in_obj && !nested_set {
            return Err(self.unexpected(
                s.tag,
                s.pos,
                "`<Props>`/`<MS>` only directly inside `<Obj>`",
            ));
        }
        let set_name = if nested_set {
            Some(self.member_set_name(s)?)
        } else {
            None
        };
        self.stack.push(Frame::Members {
            adapted,
            set_name,
            members: Vec::new(),
            sets: Vec::new(),
        });
        self.end_if_empty(s)
    }

    fn member_set_name(&mut self, s: &Start<'_, '_>) -> Result<Name, ClixmlError> {
        let a = self.attrs(s.e, s.pos)?;
        a.name.ok_or_else(|| {
            self.error(
                K::Structure,
                s.pos,
                "an N attribute on a nested `<MS>`",
                "none",
            )
        })
    }

    /// `<LST>`, `<IE>`, `<STK>`, `<QUE>`, `<DCT>`.
    fn start_container(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        let frame = match s.tag {
            "LST" => Frame::List(ListKind::List, Vec::new()),
            "IE" => Frame::List(ListKind::Enumerable, Vec::new()),
            "STK" => Frame::List(ListKind::Stack, Vec::new()),
            "QUE" => Frame::List(ListKind::Queue, Vec::new()),
            _ => Frame::Dict(Vec::new()),
        };
        self.stack.push(frame);
        self.end_if_empty(s)
    }

    /// Closes the frame just pushed when the element was written empty.
    fn end_if_empty(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        if s.empty {
            return self.on_end(s.tag, s.pos);
        }
        Ok(Step::More)
    }

    /// A primitive value element (`<S>`, `<I32>`, …), or an element that
    /// does not belong here.
    fn start_primitive(&mut self, s: &Start<'_, '_>, in_obj: bool) -> Result<Step, ClixmlError> {
        let Some(prim) = PrimTag::from_name(s.tag.as_bytes()) else {
            let expected = if in_obj {
                "one of TN, TNRef, ToString, Props, MS, LST, IE, STK, QUE, DCT or a value element"
            } else {
                "a value element (Obj, Ref, Nil, S, I32, …)"
            };
            return Err(self.unexpected(s.tag, s.pos, expected));
        };
        let a = self.attrs(s.e, s.pos)?;
        if self.projected_away(&a) {
            return Ok(self.skip_subtree(s.empty));
        }
        if !s.empty {
            return Ok(self.start_text(TextKind::Prim(prim), a.name, s.pos));
        }
        let v = prim.parse("", &mut self.lone_surrogates).map_err(|exp| {
            self.error(
                K::BadValue,
                s.pos,
                format!("`<{}>` holding {exp}", prim.name()),
                "an empty element",
            )
        })?;
        self.deliver(a.name, v, s.pos)
    }

    pub(super) fn unexpected(&self, tag: &str, pos: u64, expected: &str) -> ClixmlError {
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

    /// `<TN>`: a type-name list, kept even inside skipped subtrees.
    fn start_type_names(&mut self, s: &Start<'_, '_>) -> Result<Step, ClixmlError> {
        let a = self.attrs(s.e, s.pos)?;
        self.stack.push(Frame::TypeNames {
            key: a.ref_id,
            names: Vec::new(),
        });
        if s.empty {
            return self.on_end("TN", s.pos);
        }
        Ok(Step::More)
    }

    /// Adds the text of a `<T>` to the open `<TN>`.
    pub(super) fn finish_type_name(&mut self, text: &str) -> Result<Step, ClixmlError> {
        let decoded: Box<str> = decode_escapes(text, &mut self.lone_surrogates).into();
        if let Some(Frame::TypeNames { names, .. }) = self.stack.last_mut() {
            names.push(decoded);
        }
        Ok(Step::More)
    }
}

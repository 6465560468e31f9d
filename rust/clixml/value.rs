//! The values a CLIXML file holds, as the reader hands them out.
//!
//! Every primitive tag has its own variant so nothing is lost; complex
//! objects (`<Obj>`) are shared through [`ObjRef`] so a `<Ref>` to an earlier
//! object costs one reference count, never a copy. A `<Ref>` to an enclosing
//! (ancestor) object is a weak link, so cyclic graphs do not leak.
//!
//! "Missing" is not a value: a property that was not written is simply absent
//! from [`Object::props`]/[`Object::members`]; `<Nil/>` is [`Value::Null`];
//! `<S/>` is an empty [`Value::String`].

use std::fmt;
use std::sync::{Arc, OnceLock, Weak};

/// The pattern of the text-valued primitives, binding their text to `$s`.
macro_rules! text_valued {
    ($s:ident) => {
        Value::String($s)
            | Value::Uri($s)
            | Value::Version($s)
            | Value::XmlDocument($s)
            | Value::ScriptBlock($s)
            | Value::DateTime($s)
            | Value::Duration($s)
            | Value::Decimal($s)
    };
}

/// One CLIXML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `<Nil/>` — PowerShell `$null`.
    Null,
    /// `<S>` — a string (escapes decoded).
    String(Box<str>),
    /// `<C>` — one UTF-16 code unit (may be a lone surrogate).
    Char(u16),
    /// `<B>`.
    Bool(bool),
    /// `<DT>` — kept as written (xs:dateTime with its offset/kind).
    DateTime(Box<str>),
    /// `<TS>` — kept as written (xs:duration).
    Duration(Box<str>),
    /// `<By>`.
    U8(u8),
    /// `<SB>`.
    I8(i8),
    /// `<U16>`.
    U16(u16),
    /// `<I16>`.
    I16(i16),
    /// `<U32>`.
    U32(u32),
    /// `<I32>`.
    I32(i32),
    /// `<U64>`.
    U64(u64),
    /// `<I64>`.
    I64(i64),
    /// `<Sg>`.
    Single(f32),
    /// `<Db>`.
    Double(f64),
    /// `<D>` — decimal, kept as its invariant text so scale is preserved.
    Decimal(Box<str>),
    /// `<G>`.
    Guid(Guid),
    /// `<URI>`.
    Uri(Box<str>),
    /// `<Version>`.
    Version(Box<str>),
    /// `<XD>` — an XML document's outer XML.
    XmlDocument(Box<str>),
    /// `<SBK>` — script block source text.
    ScriptBlock(Box<str>),
    /// A skipped, undecoded element (`<BA>`, `<SS>`, `<PR>`).
    Skipped(Skipped),
    /// `<Obj>` or `<Ref>` to one.
    Object(ObjRef),
}

/// What an undecoded element was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkippedKind {
    /// `<BA>` byte array (base64), e.g. `SerializationData` blobs.
    ByteArray,
    /// `<SS>` secure string.
    SecureString,
    /// `<PR>` progress record (stream output only).
    ProgressRecord,
}

/// A skipped element and the size of its encoded content in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skipped {
    /// Which element was skipped.
    pub kind: SkippedKind,
    /// Length of its UTF-8 content in the stream.
    pub encoded_len: u64,
}

/// A GUID, printed lower-case with hyphens like PowerShell writes it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid(pub u128);

impl Guid {
    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (also with braces or no
    /// hyphens), either case.
    pub fn parse(text: &str) -> Option<Guid> {
        let t = text.trim();
        let t = t
            .strip_prefix('{')
            .and_then(|x| x.strip_suffix('}'))
            .unwrap_or(t);
        let mut v: u128 = 0;
        let mut digits = 0;
        for (i, b) in t.bytes().enumerate() {
            if b == b'-' {
                if t.len() != 36 || ![8, 13, 18, 23].contains(&i) {
                    return None;
                }
                continue;
            }
            let d = (b as char).to_digit(16)?;
            v = (v << 4) | u128::from(d);
            digits += 1;
        }
        (digits == 32 && (t.len() == 32 || t.len() == 36)).then_some(Guid(v))
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text = [b'-'; 36];
        let mut digit = 0;
        for (i, c) in text.iter_mut().enumerate() {
            if ![8, 13, 18, 23].contains(&i) {
                *c = HEX[((self.0 >> (124 - 4 * digit)) & 0xF) as usize];
                digit += 1;
            }
        }
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Guid({self})")
    }
}

/// The type-name list of an object (`<TN>`), most derived first. Shared by
/// every object that used the same `<TN>`/`<TNRef>`.
pub type TypeNames = Arc<[Box<str>]>;

/// A property name, interned: every record of a file shares the same `Arc`.
pub type Name = Arc<str>;

/// A named member of an object: an adapted property (`<Props>`) or a note /
/// instance member (`<MS>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The decoded `N` attribute.
    pub name: Name,
    /// Its value.
    pub value: Value,
}

/// A nested member set (`<MS N="name">…</MS>` inside `<MS>`).
#[derive(Debug, Clone, PartialEq)]
pub struct MemberSet {
    /// The member set's name.
    pub name: Name,
    /// Its members.
    pub members: Vec<Member>,
    /// Member sets nested inside it.
    pub member_sets: Vec<MemberSet>,
}

/// Which container element an object's body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// `<LST>` — IList.
    List,
    /// `<IE>` — other enumerable.
    Enumerable,
    /// `<STK>` — stack, items in file order (top first).
    Stack,
    /// `<QUE>` — queue, FIFO order.
    Queue,
}

/// The base value an object wraps, if any.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A primitive (extended primitive, enum value, beyond-depth string).
    Primitive(Value),
    /// `<LST>`/`<IE>`/`<STK>`/`<QUE>` items in file order.
    List(ListKind, Vec<Value>),
    /// `<DCT>` entries in file order.
    Dictionary(Vec<(Value, Value)>),
    /// A nested `<Obj>` (PSObject wrapping a PSObject) or a `<Ref>` to one.
    Object(ObjRef),
}

/// A complex object (`<Obj>`). `None` vs `Some(empty)` keeps "element absent"
/// apart from "element present but empty".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object {
    /// The `<TN>` list, if written.
    pub type_names: Option<TypeNames>,
    /// The `<ToString>` text, if written.
    pub to_string: Option<Box<str>>,
    /// The body (primitive, container or nested object), if any.
    pub body: Option<Body>,
    /// `<Props>` members in file order, if the element was written.
    pub props: Option<Vec<Member>>,
    /// `<MS>` members in file order, if the element was written.
    pub members: Option<Vec<Member>>,
    /// Nested member sets inside `<MS>`.
    pub member_sets: Vec<MemberSet>,
}

impl Object {
    /// Looks a property up like PowerShell does: `<MS>` first, then
    /// `<Props>`, names compared case-insensitively (ASCII folding plus exact
    /// match for non-ASCII names). Falls through to the nested object of a
    /// PSObject-in-PSObject body.
    pub fn get(&self, name: &str) -> Option<&Value> {
        fn find<'a>(list: &'a Option<Vec<Member>>, name: &str) -> Option<&'a Value> {
            list.as_ref()?
                .iter()
                .find(|m| m.name.eq_ignore_ascii_case(name))
                .map(|m| &m.value)
        }
        find(&self.members, name).or_else(|| find(&self.props, name))
    }

    /// All members in lookup order: `<MS>` ones first, then `<Props>` ones
    /// whose name no `<MS>` member shadows.
    pub fn properties(&self) -> impl Iterator<Item = &Member> {
        let ms = self.members.iter().flatten();
        let props = self.props.iter().flatten().filter(move |p| {
            !self
                .members
                .iter()
                .flatten()
                .any(|m| m.name.eq_ignore_ascii_case(&p.name))
        });
        ms.chain(props)
    }

    /// The type names, with an optional leading `Deserialized.` stripped
    /// (case-insensitive), most derived first.
    pub fn type_names_plain(&self) -> impl Iterator<Item = &str> {
        self.type_names
            .iter()
            .flat_map(|t| t.iter())
            .map(|t| strip_deserialized(t))
    }

    /// True if any type name (prefix stripped, generic arguments ignored)
    /// equals `name` case-insensitively.
    pub fn is_type(&self, name: &str) -> bool {
        self.type_names_plain().any(|t| {
            let base = t.split(['`', '[']).next().unwrap_or(t);
            base.eq_ignore_ascii_case(name)
        })
    }
}

/// Strips one leading `Deserialized.` (case-insensitive) from a type name.
pub fn strip_deserialized(type_name: &str) -> &str {
    const P: &str = "Deserialized.";
    // Compared as bytes: the name may have a multi-byte character across
    // byte 13. When the ASCII prefix matches, byte 13 is a character boundary.
    let bytes = type_name.as_bytes();
    if bytes.len() >= P.len() && bytes[..P.len()].eq_ignore_ascii_case(P.as_bytes()) {
        &type_name[P.len()..]
    } else {
        type_name
    }
}

/// The storage cell of one object: filled once, when its `</Obj>` is read.
pub(crate) type Slot = OnceLock<Object>;

/// A shared handle to an object. Cloning it is a reference-count bump.
///
/// A handle made from a `<Ref>` to an enclosing object is weak (it does not
/// keep the object alive, which avoids leaking cycles); it resolves as long
/// as the top-level value it belongs to is alive.
#[derive(Clone)]
pub struct ObjRef(Link);

#[derive(Clone)]
enum Link {
    Strong(Arc<Slot>),
    Back(Weak<Slot>),
}

impl ObjRef {
    pub(crate) fn strong(slot: Arc<Slot>) -> Self {
        ObjRef(Link::Strong(slot))
    }

    pub(crate) fn back(slot: &Arc<Slot>) -> Self {
        ObjRef(Link::Back(Arc::downgrade(slot)))
    }

    /// Wraps a finished object in a new handle.
    pub fn new(object: Object) -> Self {
        let slot = Arc::new(OnceLock::new());
        let _ = slot.set(object);
        ObjRef(Link::Strong(slot))
    }

    /// The object, or `None` for a back-reference whose top-level value was
    /// dropped.
    pub fn get(&self) -> Option<ObjGuard> {
        let slot = match &self.0 {
            Link::Strong(s) => s.clone(),
            Link::Back(w) => w.upgrade()?,
        };
        slot.get()?;
        Some(ObjGuard(slot))
    }

    /// True for a back-reference to an enclosing object (a cycle edge).
    pub fn is_back_reference(&self) -> bool {
        matches!(self.0, Link::Back(_))
    }

    /// True if both handles point at the same object.
    pub fn same_object(&self, other: &ObjRef) -> bool {
        let a = match &self.0 {
            Link::Strong(s) => Arc::as_ptr(s),
            Link::Back(w) => w.as_ptr(),
        };
        let b = match &other.0 {
            Link::Strong(s) => Arc::as_ptr(s),
            Link::Back(w) => w.as_ptr(),
        };
        std::ptr::eq(a, b)
    }
}

/// A resolved object handle; dereferences to [`Object`].
pub struct ObjGuard(Arc<Slot>);

impl std::ops::Deref for ObjGuard {
    type Target = Object;
    fn deref(&self) -> &Object {
        // `ObjRef::get` only builds a guard for a filled slot.
        self.0.get().expect("filled slot")
    }
}

impl fmt::Debug for ObjRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Link::Back(_) => f.write_str("ObjRef(<back-reference>)"),
            Link::Strong(s) => match s.get() {
                Some(o) => f.debug_tuple("ObjRef").field(o).finish(),
                None => f.write_str("ObjRef(<unfinished>)"),
            },
        }
    }
}

impl PartialEq for ObjRef {
    /// Structural equality; back-references compare by identity only.
    fn eq(&self, other: &Self) -> bool {
        if self.same_object(other) {
            return true;
        }
        match (&self.0, &other.0) {
            (Link::Strong(a), Link::Strong(b)) => a.get() == b.get(),
            _ => false,
        }
    }
}

impl Value {
    /// The string if this is `<S>` (or another text-valued primitive).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            text_valued!(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a text-valued primitive (see [`Value::as_str`]), taken
    /// out; any other value is given back.
    pub fn into_text(self) -> Result<Box<str>, Value> {
        match self {
            text_valued!(s) => Ok(s),
            other => Err(other),
        }
    }

    /// The object if this is `<Obj>`/`<Ref>` (and it is still alive).
    pub fn as_object(&self) -> Option<ObjGuard> {
        match self {
            Value::Object(o) => o.get(),
            _ => None,
        }
    }

    /// The value as a signed integer, for every integer tag that fits.
    pub fn as_i128(&self) -> Option<i128> {
        Some(match *self {
            Value::U8(v) => v.into(),
            Value::I8(v) => v.into(),
            Value::U16(v) => v.into(),
            Value::I16(v) => v.into(),
            Value::U32(v) => v.into(),
            Value::I32(v) => v.into(),
            Value::U64(v) => v.into(),
            Value::I64(v) => v.into(),
            _ => return None,
        })
    }

    /// The CLIXML tag this value was read from (`"Obj"` for objects).
    pub fn tag(&self) -> &'static str {
        match self {
            Value::Null => "Nil",
            Value::String(_) => "S",
            Value::Char(_) => "C",
            Value::Bool(_) => "B",
            Value::DateTime(_) => "DT",
            Value::Duration(_) => "TS",
            Value::U8(_) => "By",
            Value::I8(_) => "SB",
            Value::U16(_) => "U16",
            Value::I16(_) => "I16",
            Value::U32(_) => "U32",
            Value::I32(_) => "I32",
            Value::U64(_) => "U64",
            Value::I64(_) => "I64",
            Value::Single(_) => "Sg",
            Value::Double(_) => "Db",
            Value::Decimal(_) => "D",
            Value::Guid(_) => "G",
            Value::Uri(_) => "URI",
            Value::Version(_) => "Version",
            Value::XmlDocument(_) => "XD",
            Value::ScriptBlock(_) => "SBK",
            Value::Skipped(s) => match s.kind {
                SkippedKind::ByteArray => "BA",
                SkippedKind::SecureString => "SS",
                SkippedKind::ProgressRecord => "PR",
            },
            Value::Object(_) => "Obj",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_parses_and_prints_lowercase() {
        let g = Guid::parse("6D0B5A4E-1F2A-4C3B-9D8E-7F6A5B4C3D2E").unwrap();
        assert_eq!(g.to_string(), "6d0b5a4e-1f2a-4c3b-9d8e-7f6a5b4c3d2e");
        assert_eq!(
            Guid(0x1F).to_string(),
            "00000000-0000-0000-0000-00000000001f"
        );
        assert_eq!(Guid::parse("{6d0b5a4e1f2a4c3b9d8e7f6a5b4c3d2e}"), Some(g));
        assert_eq!(Guid::parse("6d0b5a4e-1f2a-4c3b-9d8e-7f6a5b4c3d2"), None);
        assert_eq!(Guid::parse("6d0b5a4e-1f2a4-c3b-9d8e-7f6a5b4c3d2e"), None);
    }

    #[test]
    fn lookup_prefers_ms_and_ignores_case() {
        let name = |s: &str| -> Name { Arc::from(s) };
        let o = Object {
            props: Some(vec![
                Member {
                    name: name("Department"),
                    value: Value::String("Props".into()),
                },
                Member {
                    name: name("Office"),
                    value: Value::Null,
                },
            ]),
            members: Some(vec![Member {
                name: name("DEPARTMENT"),
                value: Value::String("MS".into()),
            }]),
            ..Object::default()
        };
        assert_eq!(o.get("department"), Some(&Value::String("MS".into())));
        assert_eq!(o.get("office"), Some(&Value::Null));
        assert_eq!(o.get("Missing"), None);
        assert_eq!(o.properties().count(), 2);
    }

    #[test]
    fn type_names_strip_deserialized_and_generics() {
        let o = Object {
            type_names: Some(Arc::from(vec![
                Box::<str>::from(
                    "Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[[System.String]]",
                ),
                Box::<str>::from("Deserialized.System.Object"),
            ])),
            ..Object::default()
        };
        assert!(o.is_type("microsoft.exchange.data.multivaluedproperty"));
        assert!(o.is_type("System.Object"));
        assert!(!o.is_type("System.String"));
    }

    #[test]
    fn back_reference_does_not_keep_object_alive() {
        let strong = ObjRef::new(Object::default());
        let Link::Strong(slot) = &strong.0 else {
            unreachable!()
        };
        let back = ObjRef::back(slot);
        assert!(back.get().is_some());
        assert!(back.same_object(&strong));
        drop(strong);
        assert!(back.get().is_none());
    }
}

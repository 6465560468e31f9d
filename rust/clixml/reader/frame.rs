//! The reader's stack frames: one per open element, with the tag it closes.

use std::sync::Arc;

use super::super::primitive::PrimTag;
use super::super::refs::RefKey;
use super::super::value::{ListKind, Member, MemberSet, Name, Object, Slot, Value};

/// One open element.
pub(super) enum Frame {
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

/// What the text of a [`Frame::Text`] becomes.
#[derive(Clone, Copy)]
pub(super) enum TextKind {
    Prim(PrimTag),
    ToString,
    T,
}

impl TextKind {
    pub(super) fn tag(self) -> &'static str {
        match self {
            TextKind::Prim(p) => p.name(),
            TextKind::ToString => "ToString",
            TextKind::T => "T",
        }
    }
}

/// An `<Obj>` being built, with its name in the parent and its `RefId` slot.
pub(super) struct ObjFrame {
    pub(super) name: Option<Name>,
    pub(super) slot: Option<Arc<Slot>>,
    pub(super) obj: Object,
}

impl Frame {
    /// The element this frame stands for (named in errors).
    pub(super) fn tag(&self) -> &'static str {
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
pub(super) struct Attrs {
    pub(super) name: Option<Name>,
    pub(super) ref_id: Option<RefKey>,
    pub(super) version: Option<Box<str>>,
}

/// What one XML event did to the reader.
pub(super) enum Step {
    More,
    Value(Value),
    Eof,
}

//! End tags: the frame closed hands what it built to the frame around it.

use std::io::Read;
use std::sync::Arc;

use super::super::error::{ClixmlError, ClixmlErrorKind as K};
use super::super::escape::decode_escapes;
use super::super::primitive::PrimTag;
use super::super::refs::RefKey;
use super::super::value::{Body, Member, MemberSet, Name, ObjRef, TypeNames, Value};
use super::Reader;
use super::frame::{Frame, ObjFrame, Step, TextKind};

impl<R: Read> Reader<R> {
    pub(super) fn on_end(&mut self, tag: &str, pos: u64) -> Result<Step, ClixmlError> {
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
            Frame::Skip(depth) => Ok(self.end_skipped(depth)),
            Frame::Known { name, value, .. } => match value {
                Some(v) => self.deliver(name, v, pos),
                None => Ok(Step::More),
            },
            Frame::Text { kind, name, start } => self.end_text(kind, name, start, pos),
            Frame::TypeNames { key, names } => self.end_type_names(key, names, pos),
            Frame::Members {
                adapted,
                set_name,
                members,
                sets,
            } => Ok(self.end_members(adapted, set_name, members, sets)),
            Frame::List(kind, items) => self.set_body(Body::List(kind, items), pos),
            Frame::Dict(entries) => self.set_body(Body::Dictionary(entries), pos),
            Frame::Entry { key, value } => self.end_entry(key, value, pos),
            Frame::Obj(frame) => self.finish_obj(*frame, pos),
        }
    }

    fn end_skipped(&mut self, depth: usize) -> Step {
        if depth > 1 {
            self.stack.push(Frame::Skip(depth - 1));
        }
        Step::More
    }

    /// The collected text becomes a type name, the object's `ToString` or a
    /// primitive value.
    fn end_text(
        &mut self,
        kind: TextKind,
        name: Option<Name>,
        start: u64,
        pos: u64,
    ) -> Result<Step, ClixmlError> {
        let text = std::mem::take(&mut self.text);
        let step = match kind {
            TextKind::T => self.finish_type_name(&text),
            TextKind::ToString => Ok(self.end_to_string(&text)),
            TextKind::Prim(prim) => self.end_primitive(prim, &text, name, start, pos),
        };
        self.text = text;
        self.text.clear();
        step
    }

    fn end_to_string(&mut self, text: &str) -> Step {
        let s: Box<str> = decode_escapes(text, &mut self.lone_surrogates).into();
        self.record_cost += s.len();
        if let Some(Frame::Obj(o)) = self.stack.last_mut() {
            o.obj.to_string = Some(s);
        }
        Step::More
    }

    fn end_primitive(
        &mut self,
        prim: PrimTag,
        text: &str,
        name: Option<Name>,
        start: u64,
        pos: u64,
    ) -> Result<Step, ClixmlError> {
        let v = prim.parse(text, &mut self.lone_surrogates).map_err(|exp| {
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

    fn end_type_names(
        &mut self,
        key: Option<RefKey>,
        names: Vec<Box<str>>,
        pos: u64,
    ) -> Result<Step, ClixmlError> {
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

    /// A named `<MS>` joins its parent set; `<Props>`/`<MS>` join the object.
    fn end_members(
        &mut self,
        adapted: bool,
        set_name: Option<Name>,
        members: Vec<Member>,
        sets: Vec<MemberSet>,
    ) -> Step {
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
        Step::More
    }

    fn end_entry(
        &mut self,
        key: Option<Value>,
        value: Option<Value>,
        pos: u64,
    ) -> Result<Step, ClixmlError> {
        let Some(key) = key else {
            return Err(self.error(K::Structure, pos, "a value named Key in `<En>`", "none"));
        };
        let value = value.unwrap_or(Value::Null);
        if let Some(Frame::Dict(entries)) = self.stack.last_mut() {
            entries.push((key, value));
        }
        Ok(Step::More)
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

    pub(super) fn finish_obj(&mut self, frame: ObjFrame, pos: u64) -> Result<Step, ClixmlError> {
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
    pub(super) fn deliver(
        &mut self,
        name: Option<Name>,
        value: Value,
        pos: u64,
    ) -> Result<Step, ClixmlError> {
        self.record_cost += 32;
        match self.stack.last_mut() {
            None | Some(Frame::Objs) => {
                self.refs.end_record(std::mem::take(&mut self.record_cost));
                Ok(Step::Value(value))
            }
            Some(Frame::Obj(_)) => self.deliver_body(value, pos),
            Some(Frame::Members { .. }) => self.deliver_member(name, value, pos),
            Some(Frame::List(_, items)) => {
                items.push(value);
                Ok(Step::More)
            }
            Some(Frame::Entry { .. }) => self.deliver_entry_part(name, value, pos),
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

    /// A value directly inside `<Obj>` is its body (one at most).
    fn deliver_body(&mut self, value: Value, pos: u64) -> Result<Step, ClixmlError> {
        if matches!(self.stack.last(), Some(Frame::Obj(o)) if o.obj.body.is_some()) {
            return Err(self.error(
                K::Structure,
                pos,
                "one body value per `<Obj>`",
                "a second one",
            ));
        }
        let body = match value {
            Value::Object(r) if r.is_back_reference() => {
                return Err(self.error(
                    K::BadReference,
                    pos,
                    "a base object other than the object itself",
                    "a cyclic reference",
                ));
            }
            Value::Object(r) => Body::Object(r),
            v => Body::Primitive(v),
        };
        if let Some(Frame::Obj(o)) = self.stack.last_mut() {
            o.obj.body = Some(body);
        }
        Ok(Step::More)
    }

    fn deliver_member(
        &mut self,
        name: Option<Name>,
        value: Value,
        pos: u64,
    ) -> Result<Step, ClixmlError> {
        let Some(name) = name else {
            return Err(self.error(
                K::Structure,
                pos,
                "an N attribute on a member value",
                "none",
            ));
        };
        if let Some(Frame::Members { members, .. }) = self.stack.last_mut() {
            members.push(Member { name, value });
        }
        Ok(Step::More)
    }

    /// The `Key` or the `Value` of a dictionary entry.
    fn deliver_entry_part(
        &mut self,
        name: Option<Name>,
        value: Value,
        pos: u64,
    ) -> Result<Step, ClixmlError> {
        let Some(Frame::Entry { key, value: slot }) = self.stack.last_mut() else {
            return Ok(Step::More);
        };
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
}

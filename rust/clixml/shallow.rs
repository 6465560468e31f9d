//! Reads the top-level objects of a UTF-8 fragment straight from its bytes,
//! without the XML parser, when they have the shape `Export-Clixml` gives a
//! recipient: a `<TN>`/`<TNRef>`, a `<ToString>`, and `<Props>`/`<MS>` whose
//! members are primitives, `<Nil>` or multi-valued lists of primitives.
//!
//! Only the wanted members are read (compared like the reader's
//! projection: by their plain `N` name, ignoring ASCII case); the others are
//! stepped over with the [tag walk](super::tag_scan). Each object comes out
//! as the [`Object`] the [`Reader`](super::Reader) with that projection
//! would give (values with the five predefined entities and `_x` escapes
//! decoded) — or, when anything about it is not provably read the same way
//! (an entity or `_x` escape in a name, a character reference, another
//! entity or a carriage return in a value, a `<Ref>`, a nested object of
//! another shape, a `<TN>` defined inside a member, a repeated
//! `<TN>`/`<ToString>`/`<Props>`, text between elements, a primitive that
//! does not parse), as its bytes for the reader.
//! The `<TN>` lists such an object defines are carried on to the next ones.
//!
//! A fragment whose objects cannot even be delimited (see
//! [`tag_scan`](super::tag_scan)) ends the iteration with `Err(())`; the
//! caller then parses the whole fragment with the reader.

use std::borrow::Cow;
use std::sync::Arc;

use super::escape::decode_escapes;
use super::refs::RefKey;
use super::tag_scan::{
    Tag, TagKind, element_end, is_member_tag, is_space, next_tag, simple_member,
};
use super::value::{Body, ListKind, Member, Name, ObjRef, Object, TypeNames, Value};
use super::{PrimTag, SourceEncoding, type_name_definitions};

/// One top-level object of a fragment.
#[derive(Debug)]
pub enum ShallowItem<'a> {
    /// Read straight from the bytes, holding only the wanted members.
    Object(Object),
    /// An object of another shape: its bytes, for the reader (preloaded with
    /// [`ShallowObjects::definitions`]).
    Other(&'a [u8]),
}

/// Iterator over the top-level objects of a UTF-8 fragment.
pub struct ShallowObjects<'a> {
    b: &'a [u8],
    /// `b` as text.
    s: &'a str,
    pos: usize,
    wanted: &'a [String],
    /// Bit `n` set when a wanted name is `n` bytes long (`n` < 64).
    wanted_lengths: u64,
    /// Type-name lists as text: the ones given, then the fragment's own.
    definitions: Vec<(String, Vec<String>)>,
    /// The same lists, resolved; later definitions of a key come later.
    lists: Vec<(RefKey, TypeNames)>,
    /// Member names met so far, shared by every object.
    names: Vec<(Box<[u8]>, Name)>,
    /// The last [`ShallowItem::Other`], whose `<TN>` lists are taken in
    /// before the next object is read.
    pending: Option<(usize, usize)>,
    failed: bool,
    lone_surrogates: u32,
}

/// This object is read by the reader instead.
struct NotShallow;

type Step<T> = Result<T, NotShallow>;

impl<'a> ShallowObjects<'a> {
    /// Reads `b` (top-level `<Obj>` elements, as a parallel read cuts them),
    /// keeping the members named in `wanted`; `definitions` are the `<TN>`
    /// lists of earlier fragments. `None` when `b` is not UTF-8.
    pub fn new(
        b: &'a [u8],
        wanted: &'a [String],
        definitions: &[(String, Vec<String>)],
    ) -> Option<ShallowObjects<'a>> {
        let s = simdutf8::basic::from_utf8(b).ok()?;
        let mut objects = ShallowObjects {
            b,
            s,
            pos: 0,
            wanted,
            wanted_lengths: wanted
                .iter()
                .filter(|w| w.len() < 64)
                .fold(0, |mask, w| mask | 1 << w.len()),
            definitions: Vec::new(),
            lists: Vec::new(),
            names: Vec::new(),
            pending: None,
            failed: false,
            lone_surrogates: 0,
        };
        objects.define(definitions.iter().cloned());
        Some(objects)
    }

    /// The type-name lists defined so far (to preload a reader with).
    pub fn definitions(&self) -> &[(String, Vec<String>)] {
        &self.definitions
    }

    fn define(&mut self, definitions: impl IntoIterator<Item = (String, Vec<String>)>) {
        for (key, names) in definitions {
            let list: TypeNames = names.iter().map(|n| Box::<str>::from(n.as_str())).collect();
            self.lists.push((RefKey::from_raw(key.as_bytes()), list));
            self.definitions.push((key, names));
        }
    }

    fn text(&self, range: (usize, usize)) -> &'a str {
        // Ranges start and end at ASCII delimiters, so always on character
        // boundaries of the fragment checked as a whole.
        self.s.get(range.0..range.1).unwrap_or_default()
    }

    /// The next tag after nothing but white space.
    fn tag_after_space(&self, pos: usize) -> Step<Tag> {
        let tag = next_tag(self.b, pos)
            .map_err(|_| NotShallow)?
            .ok_or(NotShallow)?;
        if self.b[pos..tag.start].iter().all(|&c| is_space(c)) {
            Ok(tag)
        } else {
            Err(NotShallow)
        }
    }

    fn type_names(&self, ref_id: Option<(usize, usize)>) -> Step<TypeNames> {
        let (s, e) = plain(self.b, ref_id)?;
        let key = RefKey::from_raw(&self.b[s..e]);
        self.lists
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, list)| list.clone())
            .ok_or(NotShallow)
    }

    fn name(&mut self, raw: (usize, usize)) -> Name {
        let bytes = &self.b[raw.0..raw.1];
        if let Some((_, name)) = self.names.iter().find(|(n, _)| **n == *bytes) {
            return name.clone();
        }
        let name: Name = Arc::from(self.text(raw));
        self.names.push((bytes.into(), name.clone()));
        name
    }

    fn wanted(&self, raw: (usize, usize)) -> bool {
        let raw = &self.b[raw.0..raw.1];
        // Most names are told apart by their length alone.
        if raw.len() < 64 && self.wanted_lengths & (1 << raw.len()) == 0 {
            return false;
        }
        self.wanted
            .iter()
            .any(|w| w.as_bytes().eq_ignore_ascii_case(raw))
    }

    /// Element text with entities and `_x` escapes decoded; [`NotShallow`]
    /// for text the reader decodes itself (see [`Self::unescaped`]).
    fn decoded(&mut self, range: (usize, usize)) -> Step<Box<str>> {
        let text = self.unescaped(range)?;
        Ok(decode_escapes(&text, &mut self.lone_surrogates).into())
    }

    /// Element text with the predefined entities replaced, as the reader
    /// joins its text and entity events; other references and carriage
    /// returns are left to the reader.
    fn unescaped(&self, range: (usize, usize)) -> Step<Cow<'a, str>> {
        let text = self.text(range);
        if memchr::memchr(b'\r', text.as_bytes()).is_some() {
            return Err(NotShallow);
        }
        let Some(first) = memchr::memchr(b'&', text.as_bytes()) else {
            return Ok(Cow::Borrowed(text));
        };
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[..first]);
        let mut rest = &text[first..];
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let semi = after.find(';').ok_or(NotShallow)?;
            out.push(match &after[..semi] {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                _ => return Err(NotShallow),
            });
            rest = &after[semi + 1..];
        }
        out.push_str(rest);
        Ok(Cow::Owned(out))
    }

    /// A primitive's value from its tag and raw text.
    fn primitive(&mut self, tag: &[u8], text: Option<(usize, usize)>) -> Step<Value> {
        if tag == b"Nil" {
            return match text {
                None => Ok(Value::Null),
                Some(_) => Err(NotShallow),
            };
        }
        let prim = PrimTag::from_name(tag).ok_or(NotShallow)?;
        let text = match text {
            Some(range) => self.unescaped(range)?,
            None => Cow::Borrowed(""),
        };
        prim.parse(&text, &mut self.lone_surrogates)
            .map_err(|_| NotShallow)
    }

    /// The text of an element opened by `open` and closed right after it.
    fn element_text(&self, open: &Tag) -> Step<((usize, usize), usize)> {
        if open.kind == TagKind::Empty {
            return Err(NotShallow);
        }
        let close = next_tag(self.b, open.end)
            .map_err(|_| NotShallow)?
            .ok_or(NotShallow)?;
        if close.kind != TagKind::End
            || self.b[open.name.0..open.name.1] != self.b[close.name.0..close.name.1]
        {
            return Err(NotShallow);
        }
        Ok(((open.end, close.start), close.end))
    }

    /// Reads the top-level object opened by `open`; returns it and the
    /// offset after its `</Obj>`.
    fn object(&mut self, open: &Tag) -> Step<(Object, usize)> {
        let b = self.b;
        let mut obj = Object::default();
        let mut pos = open.end;
        loop {
            let child = self.tag_after_space(pos)?;
            let name = &b[child.name.0..child.name.1];
            pos = match (child.kind, name) {
                (TagKind::End, b"Obj") => return Ok((obj, child.end)),
                (TagKind::Start, b"TN") if obj.type_names.is_none() => {
                    let (list, end) = self.type_name_list(&child)?;
                    obj.type_names = Some(list);
                    end
                }
                (TagKind::Empty, b"TNRef") if obj.type_names.is_none() => {
                    obj.type_names = Some(self.type_names(child.ref_id)?);
                    child.end
                }
                (TagKind::Start, b"ToString") if obj.to_string.is_none() => {
                    let (text, end) = self.element_text(&child)?;
                    obj.to_string = Some(self.decoded(text)?);
                    end
                }
                (TagKind::Start | TagKind::Empty, b"Props") if obj.props.is_none() => {
                    let (members, end) = self.members(&child)?;
                    obj.props = Some(members);
                    end
                }
                (TagKind::Start | TagKind::Empty, b"MS") if obj.members.is_none() => {
                    let (members, end) = self.members(&child)?;
                    obj.members = Some(members);
                    end
                }
                _ => return Err(NotShallow),
            };
        }
    }

    /// Reads `<TN RefId="k"><T>…</T>…</TN>` and defines it.
    fn type_name_list(&mut self, open: &Tag) -> Step<(TypeNames, usize)> {
        let (s, e) = plain(self.b, open.ref_id)?;
        let mut names: Vec<String> = Vec::new();
        let mut pos = open.end;
        loop {
            let tag = self.tag_after_space(pos)?;
            match tag.kind {
                TagKind::End if tag.is(self.b, b"TN") => {
                    let key = self.text((s, e)).to_owned();
                    self.define([(key, names)]);
                    let list = self
                        .lists
                        .last()
                        .map(|(_, l)| l.clone())
                        .ok_or(NotShallow)?;
                    return Ok((list, tag.end));
                }
                TagKind::Start if tag.is(self.b, b"T") && tag.n.is_none() => {
                    let (text, end) = self.element_text(&tag)?;
                    names.push(self.decoded(text)?.into());
                    pos = end;
                }
                _ => return Err(NotShallow),
            }
        }
    }

    /// Reads the wanted members of a `<Props>`/`<MS>` opened by `open`.
    fn members(&mut self, open: &Tag) -> Step<(Vec<Member>, usize)> {
        let b = self.b;
        let mut members = Vec::with_capacity(self.wanted.len());
        if open.kind == TagKind::Empty {
            return Ok((members, open.end));
        }
        let mut pos = open.end;
        loop {
            if let Some(m) = simple_member(b, pos) {
                pos = m.end;
                if escaped_name(&b[m.n.0..m.n.1]) {
                    // Might decode to a wanted name.
                    return Err(NotShallow);
                }
                if !self.wanted(m.n) {
                    continue;
                }
                let value = self.primitive(&b[m.tag.0..m.tag.1], m.text)?;
                members.push(Member {
                    name: self.name(m.n),
                    value,
                });
                continue;
            }
            let member = self.tag_after_space(pos)?;
            if member.kind == TagKind::End {
                return if b[member.name.0..member.name.1] == b[open.name.0..open.name.1] {
                    Ok((members, member.end))
                } else {
                    Err(NotShallow)
                };
            }
            let Some(n) = member.n else {
                return Err(NotShallow);
            };
            if !is_member_tag(&b[member.name.0..member.name.1], open.is(b, b"MS"))
                || escaped_name(&b[n.0..n.1])
            {
                return Err(NotShallow);
            }
            if self.wanted(n) {
                let (value, end) = self.list_object(&member)?;
                members.push(Member {
                    name: self.name(n),
                    value,
                });
                pos = end;
                continue;
            }
            pos = match member.kind {
                TagKind::Empty => member.end,
                _ => match element_end(b, &member) {
                    Ok((end, false)) => end,
                    // A `<TN>` inside: the reader defines it.
                    _ => return Err(NotShallow),
                },
            };
        }
    }

    /// A wanted member that is a multi-valued list of primitives:
    /// `<Obj N="…" RefId="…"><TNRef RefId="…" /><LST>…</LST></Obj>`.
    fn list_object(&mut self, open: &Tag) -> Step<(Value, usize)> {
        if open.kind != TagKind::Start || !open.is(self.b, b"Obj") {
            return Err(NotShallow);
        }
        let mut obj = Object::default();
        let mut pos = open.end;
        loop {
            let child = self.tag_after_space(pos)?;
            let name = &self.b[child.name.0..child.name.1];
            pos = match (child.kind, name) {
                (TagKind::End, b"Obj") if obj.body.is_some() => {
                    return Ok((Value::Object(ObjRef::new(obj)), child.end));
                }
                (TagKind::Empty, b"TNRef") if obj.type_names.is_none() && obj.body.is_none() => {
                    obj.type_names = Some(self.type_names(child.ref_id)?);
                    child.end
                }
                (TagKind::Start | TagKind::Empty, b"LST" | b"IE") if obj.body.is_none() => {
                    let kind = if name == b"LST" {
                        ListKind::List
                    } else {
                        ListKind::Enumerable
                    };
                    let (items, end) = self.items(&child)?;
                    obj.body = Some(Body::List(kind, items));
                    end
                }
                _ => return Err(NotShallow),
            };
        }
    }

    /// The primitive items of a list opened by `open`.
    fn items(&mut self, open: &Tag) -> Step<(Vec<Value>, usize)> {
        let mut items = Vec::new();
        if open.kind == TagKind::Empty {
            return Ok((items, open.end));
        }
        let mut pos = open.end;
        loop {
            let item = self.tag_after_space(pos)?;
            if item.n.is_some() || item.ref_id.is_some() {
                return Err(NotShallow);
            }
            let tag = &self.b[item.name.0..item.name.1];
            pos = match item.kind {
                TagKind::End if tag == &self.b[open.name.0..open.name.1] => {
                    return Ok((items, item.end));
                }
                TagKind::End => return Err(NotShallow),
                TagKind::Empty => {
                    items.push(self.primitive(tag, None)?);
                    item.end
                }
                TagKind::Start => {
                    let (text, end) = self.element_text(&item)?;
                    if tag == b"Nil" {
                        return Err(NotShallow);
                    }
                    items.push(self.primitive(tag, Some(text))?);
                    end
                }
            };
        }
    }
}

/// Whether a raw `N` value may decode to another name: it holds an entity
/// or a `_x` escape.
fn escaped_name(raw: &[u8]) -> bool {
    raw.iter().any(|&c| c == b'&' || c == b'_')
        && (raw.contains(&b'&')
            || raw
                .windows(2)
                .any(|w| w[0] == b'_' && (w[1] | 0x20) == b'x'))
}

/// A `RefId` value the reader takes as it is: present, no entity, no
/// `_x` escape, no white space.
fn plain(b: &[u8], range: Option<(usize, usize)>) -> Step<(usize, usize)> {
    let (s, e) = range.ok_or(NotShallow)?;
    let raw = &b[s..e];
    if raw.is_empty() || raw.iter().any(|&c| c == b'_' || c == b'&' || is_space(c)) {
        return Err(NotShallow);
    }
    Ok((s, e))
}

impl<'a> Iterator for ShallowObjects<'a> {
    type Item = Result<ShallowItem<'a>, ()>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        if let Some((s, e)) = self.pending.take() {
            match type_name_definitions(&self.b[s..e], SourceEncoding::Utf8) {
                Some(defs) => self.define(defs),
                None => {
                    self.failed = true;
                    return Some(Err(()));
                }
            }
        }
        let open = match next_tag(self.b, self.pos) {
            Ok(None) if self.b[self.pos..].iter().all(|&c| is_space(c)) => return None,
            Ok(Some(open))
                if open.kind == TagKind::Start
                    && open.is(self.b, b"Obj")
                    && self.b[self.pos..open.start].iter().all(|&c| is_space(c)) =>
            {
                open
            }
            _ => {
                self.failed = true;
                return Some(Err(()));
            }
        };
        let defined = (self.definitions.len(), self.lists.len());
        if let Ok((obj, end)) = self.object(&open) {
            self.pos = end;
            return Some(Ok(ShallowItem::Object(obj)));
        }
        // The reader defines this object's `<TN>` lists itself, in order.
        self.definitions.truncate(defined.0);
        self.lists.truncate(defined.1);
        match element_end(self.b, &open) {
            Ok((end, _)) => {
                self.pos = end;
                self.pending = Some((open.start, end));
                Some(Ok(ShallowItem::Other(&self.b[open.start..end])))
            }
            Err(()) => {
                self.failed = true;
                Some(Err(()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"
  <Obj RefId="0">
    <TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.Management.User</T></TN>
    <Props>
      <S N="Name">Ann</S>
      <Obj N="ObjectClass" RefId="1">
        <TN RefId="1"><T>Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1</T></TN>
        <LST><S>top</S></LST>
      </Obj>
    </Props>
  </Obj>
  <Obj RefId="2">
    <TNRef RefId="0" />
    <ToString>Bob_x0021_&amp;_x0041_</ToString>
    <Props>
      <S N="name">Bob</S>
      <S N="Title">Boss &amp; more</S>
      <Obj N="ObjectClass" RefId="3"><TNRef RefId="1" /><LST><S>top</S></LST></Obj>
      <Obj N="EmailAddresses" RefId="4"><TNRef RefId="1" /><LST><S>SMTP:b@x</S></LST></Obj>
    </Props>
  </Obj>
  <Obj RefId="5">
    <TNRef RefId="0" />
    <Props><S N="Name">Cy &#38; Co</S></Props>
  </Obj>
"#;

    fn items(text: &str) -> Vec<Result<ShallowItem<'_>, ()>> {
        let wanted: &'static [String] =
            Box::leak(vec!["Name".to_string(), "EmailAddresses".to_string()].into_boxed_slice());
        ShallowObjects::new(text.as_bytes(), wanted, &[])
            .unwrap()
            .collect()
    }

    #[test]
    fn usual_objects_are_read_from_the_bytes_and_others_handed_on() {
        let items = items(DOC);
        assert_eq!(items.len(), 3);
        // A `<TN>` inside a member: the reader defines it.
        assert!(
            matches!(items[0], Ok(ShallowItem::Other(b)) if b.starts_with(b"<Obj RefId=\"0\">"))
        );
        let Ok(ShallowItem::Object(bob)) = &items[1] else {
            panic!("{:?}", items[1]);
        };
        // The list's `<TNRef>` resolved through the definitions carried on.
        assert_eq!(bob.to_string.as_deref(), Some("Bob!&A"));
        assert_eq!(
            bob.type_names.as_ref().unwrap()[0].as_ref(),
            "Deserialized.Microsoft.Exchange.Data.Directory.Management.User"
        );
        let names: Vec<&str> = bob
            .props
            .as_ref()
            .unwrap()
            .iter()
            .map(|m| m.name.as_ref())
            .collect();
        assert_eq!(names, ["name", "EmailAddresses"]);
        let Value::Object(list) = &bob.props.as_ref().unwrap()[1].value else {
            panic!()
        };
        let list = list.get().unwrap();
        assert_eq!(
            list.body,
            Some(Body::List(
                ListKind::List,
                vec![Value::String("SMTP:b@x".into())]
            ))
        );
        // A character reference in a wanted value: the reader decodes it.
        assert!(matches!(items[2], Ok(ShallowItem::Other(_))));
    }

    #[test]
    fn a_fragment_that_cannot_be_delimited_ends_with_an_error() {
        let unclosed = items("<Obj RefId=\"0\"><Props></Obj>");
        assert_eq!(unclosed.len(), 1);
        assert!(unclosed[0].is_err());
        assert!(items("<S>loose</S>")[0].is_err());
        assert!(ShallowObjects::new(b"<Obj>\xFF</Obj>", &[], &[]).is_none());
    }
}

//! Leaves the unwanted members of top-level objects out of a UTF-8 fragment
//! before the [`Reader`](super::Reader) parses it.
//!
//! A recipient export carries fifty-odd properties per object; a preview
//! needs a handful. The reader's projection already skips the others, but it
//! still runs the XML parser over every one of them. [`drop_unwanted_members`]
//! walks the fragment's tags with `memchr` only, never looks inside text, and
//! copies the fragment without the members of a top-level `<Props>`/`<MS>`
//! whose plain `N` name is not wanted — so the reader parses a quarter of the
//! bytes and yields the same projected objects.
//!
//! Only what is provably equal is dropped: a member is kept when its name
//! has an escape or an entity, when it defines a `<TN>` list (later
//! `<TNRef>`s need it), or when it has no name. Anything the walk does not
//! expect (comments, CDATA, processing instructions, DTDs, prefixed names,
//! mismatched end tags, invalid UTF-8, a top-level value that is not an
//! `<Obj>`) returns `None`, and the caller parses the fragment as it is, so
//! every malformed input reaches the reader untouched. A `<Ref>` to an
//! object that was left out fails to resolve; the caller then reads the
//! file again without this step.

use super::tag_scan::{TagKind, element_end, is_member_tag, next_tag, simple_member};

/// Whether a member named by the raw `N` value must stay.
fn wanted_name(raw: &[u8], wanted: &[String]) -> bool {
    raw.iter().any(|&c| c == b'_' || c == b'&')
        || wanted
            .iter()
            .any(|w| w.as_bytes().eq_ignore_ascii_case(raw))
}

/// Writes the fragment without the unwanted members of its top-level
/// objects to `out` (cleared first; a buffer the caller reuses from one
/// fragment to the next); false when it must be parsed as it is (see the
/// module docs), `out` then holding nothing of use.
pub fn drop_unwanted_members(b: &[u8], wanted: &[String], out: &mut Vec<u8>) -> bool {
    out.clear();
    if simdutf8::basic::from_utf8(b).is_err() {
        return false;
    }
    let mut copy = Compacted {
        b,
        out: std::mem::take(out),
        copied: 0,
    };
    let done = walk(&mut copy, wanted).is_ok();
    *out = copy.out;
    done
}

/// The copy being made: `b[..copied]` is settled in `out`.
struct Compacted<'a> {
    b: &'a [u8],
    out: Vec<u8>,
    copied: usize,
}

impl Compacted<'_> {
    /// Leaves `b[start..end]` out of the copy.
    fn skip(&mut self, start: usize, end: usize) {
        self.out.extend_from_slice(&self.b[self.copied..start]);
        self.copied = end;
    }
}

fn walk(copy: &mut Compacted<'_>, wanted: &[String]) -> Result<(), ()> {
    let b = copy.b;
    let mut pos = 0;
    while let Some(obj) = next_tag(b, pos)? {
        if obj.kind != TagKind::Start || !obj.is(b, b"Obj") {
            return Err(());
        }
        pos = obj_children(copy, obj.end, wanted)?;
    }
    copy.out.extend_from_slice(&b[copy.copied..]);
    Ok(())
}

/// Walks a top-level object's children from `pos`; returns the offset after
/// its `</Obj>`.
fn obj_children(copy: &mut Compacted<'_>, mut pos: usize, wanted: &[String]) -> Result<usize, ()> {
    let b = copy.b;
    loop {
        let child = next_tag(b, pos)?.ok_or(())?;
        let name = &b[child.name.0..child.name.1];
        pos = match child.kind {
            TagKind::End if name == b"Obj" => return Ok(child.end),
            TagKind::End => return Err(()),
            TagKind::Empty => child.end,
            TagKind::Start if name == b"Props" || name == b"MS" => {
                members(copy, child.end, name, wanted)?
            }
            TagKind::Start => element_end(b, &child)?.0,
        };
    }
}

/// Walks the members of a `<Props>`/`<MS>` (named `set`) from `pos`,
/// leaving the unwanted ones out; returns the offset after its end tag.
fn members(
    copy: &mut Compacted<'_>,
    mut pos: usize,
    set: &[u8],
    wanted: &[String],
) -> Result<usize, ()> {
    let b = copy.b;
    loop {
        if let Some(m) = simple_member(b, pos) {
            if !wanted_name(&b[m.n.0..m.n.1], wanted) {
                copy.skip(m.start, m.end);
            }
            pos = m.end;
            continue;
        }
        let member = next_tag(b, pos)?.ok_or(())?;
        if member.kind == TagKind::End {
            return if &b[member.name.0..member.name.1] == set {
                Ok(member.end)
            } else {
                Err(())
            };
        }
        if !is_member_tag(&b[member.name.0..member.name.1], set == b"MS") {
            return Err(());
        }
        let (end, has_tn) = if member.kind == TagKind::Empty {
            (member.end, false)
        } else {
            element_end(b, &member)?
        };
        let keep = has_tn || member.n.is_none_or(|(s, e)| wanted_name(&b[s..e], wanted));
        if !keep {
            copy.skip(member.start, end);
        }
        pos = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clixml::{Reader, ReaderOptions, Value};

    fn compact(b: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        drop_unwanted_members(b, &wanted(), &mut out).then_some(out)
    }

    fn wanted() -> Vec<String> {
        vec!["Name".into(), "Department".into()]
    }

    fn parse(bytes: &[u8]) -> Result<Vec<Value>, crate::clixml::ClixmlError> {
        let options = ReaderOptions {
            projection: Some(wanted()),
            ..ReaderOptions::default()
        };
        Reader::with_options(bytes, options).collect()
    }

    const DOC: &str = r#"
  <Obj RefId="0">
    <TN RefId="0">
      <T>Deserialized.Microsoft.Exchange.Data.Directory.Management.User</T>
      <T>Deserialized.System.Object</T>
    </TN>
    <ToString>Ann</ToString>
    <Props>
      <S N="Name">Ann</S>
      <S N="Title">Boss &amp; more</S>
      <Nil N="Manager" />
      <Obj N="ObjectClass" RefId="1">
        <TN RefId="1">
          <T>Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[[System.String]]</T>
        </TN>
        <LST><S>top</S><S>user</S></LST>
      </Obj>
      <S N='Department' >Sales</S>
      <S N="Other_x0020_Name">x</S>
      <Obj N="Extra" RefId="2"><TNRef RefId="1" /><LST><S>a</S></LST></Obj>
    </Props>
    <MS><S N="PSComputerName">ex01</S></MS>
  </Obj>
  <Obj RefId="3">
    <TNRef RefId="0" />
    <ToString>Bob</ToString>
    <Props>
      <Obj N="ObjectClass" RefId="4"><TNRef RefId="1" /><LST><S>top</S></LST></Obj>
      <S N="Name">Bob</S>
      <S N="Department"></S>
      <B N="AccountDisabled">true</B>
    </Props>
  </Obj>
"#;

    #[test]
    fn leaves_out_unwanted_members_and_parses_to_the_same_values() {
        let out = compact(DOC.as_bytes()).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(!text.contains("Title"), "{text}");
        assert!(!text.contains("Manager"));
        assert!(!text.contains("PSComputerName"));
        assert!(!text.contains("\"Extra\""));
        assert!(!text.contains("AccountDisabled"));
        assert!(!text.contains("RefId=\"4\""));
        // Kept: the member that defines a type-name list, the escaped name.
        assert!(text.contains("<TN RefId=\"1\">"));
        assert!(text.contains("Other_x0020_Name"));
        assert!(out.len() < DOC.len() * 3 / 4);
        assert_eq!(parse(&out).unwrap(), parse(DOC.as_bytes()).unwrap());
    }

    #[test]
    fn anything_unexpected_leaves_the_fragment_as_it_is() {
        for bad in [
            DOC.replace(
                "<ToString>Ann</ToString>",
                "<!-- c --><ToString>Ann</ToString>",
            ),
            DOC.replace("<S N=\"Title\">Boss &amp; more</S>", "<S N=\"Title\">x</B>"),
            DOC.replace("<S N=\"Title\">", "<S N=\"Title\" N=\"T\">"),
            DOC.replace(
                "<S N=\"Title\">Boss &amp; more",
                "<S N=\"Title\"><![CDATA[x]]>",
            ),
            DOC.replace("<Nil N=\"Manager\" />", "<ps:Nil N=\"Manager\" />"),
            DOC.replace("</Props>\n    <MS>", "<MS>"),
            DOC.replace("  <Obj RefId=\"3\">", "  <S>loose</S><Obj RefId=\"3\">"),
            DOC[..DOC.len() - 20].to_string(),
            DOC.replace("<S N=\"Title\">", "<S N=\"Title>"),
        ] {
            assert!(compact(bad.as_bytes()).is_none(), "{bad}");
        }
        let mut invalid = DOC.as_bytes().to_vec();
        let at = DOC.find("Boss").unwrap();
        invalid[at] = 0xFF;
        assert!(compact(&invalid).is_none());
    }

    #[test]
    fn a_ref_to_a_member_left_out_does_not_resolve() {
        let doc = DOC.replace(
            "<S N=\"Name\">Bob</S>",
            "<S N=\"Name\">Bob</S><Ref N=\"Department\" RefId=\"2\" />",
        );
        let out = compact(doc.as_bytes()).unwrap();
        assert!(parse(&out).is_err());
    }
}

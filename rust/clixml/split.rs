//! Splits an `Export-Clixml` file into fragments at top-level object
//! boundaries so several threads can parse it at once.
//!
//! `Export-Clixml` indents with two spaces per level and never leaves a raw
//! line break inside text (`_x000A_`), so a line that starts with exactly two
//! spaces and `<Obj` opens a direct child of `<Objs>`. [`Layout`] finds the
//! body between `<Objs …>` and `</Objs>`; [`last_boundary`] finds where a
//! fragment may end; [`type_name_definitions`] pulls the `<TN>` lists a
//! fragment defines, so later fragments can resolve their `<TNRef>`s. A file
//! of any other shape gets no layout and is read sequentially; a guess that
//! turns out wrong shows up as a parse error of a fragment, after which the
//! caller reads the file sequentially.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use super::escape::decode_escapes;
use super::transcode::SourceEncoding;

/// Where the top-level values of a file lie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// UTF-8 (with or without BOM) or UTF-16 LE.
    pub encoding: SourceEncoding,
    /// First byte after the `<Objs …>` start tag.
    pub body_start: u64,
    /// First byte of the `</Objs>` end tag.
    pub body_end: u64,
}

const HEAD: usize = 4096;
const TAIL: u64 = 256;

/// The ASCII text of `bytes` in `enc` (UTF-16 LE: every second byte, when
/// the high bytes are zero); `None` when it is not plain ASCII.
fn ascii(bytes: &[u8], enc: SourceEncoding) -> Option<String> {
    match enc {
        SourceEncoding::Utf16Le => {
            let mut s = String::with_capacity(bytes.len() / 2);
            for pair in bytes.chunks_exact(2) {
                if pair[1] != 0 || pair[0] >= 0x80 {
                    return None;
                }
                s.push(pair[0] as char);
            }
            Some(s)
        }
        _ => bytes
            .is_ascii()
            .then(|| String::from_utf8_lossy(bytes).into_owned()),
    }
}

impl Layout {
    /// Looks at the head and tail of `file` (of `size` bytes): UTF-8 or
    /// UTF-16 LE, `<Objs …>` first (no `#< CLIXML` line), `</Objs>` last.
    pub fn of(file: &mut File, size: u64) -> std::io::Result<Option<Layout>> {
        if size < 64 {
            return Ok(None);
        }
        let mut head = vec![0u8; HEAD.min(size as usize)];
        file.seek(SeekFrom::Start(0))?;
        file.read_exact(&mut head)?;
        let (enc, bom) = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (SourceEncoding::Utf8Bom, 3)
        } else if head.starts_with(&[0xFF, 0xFE]) && !head.starts_with(&[0xFF, 0xFE, 0, 0]) {
            (SourceEncoding::Utf16Le, 2)
        } else if head[0] == b'<' || head[0].is_ascii_whitespace() {
            (SourceEncoding::Utf8, 0)
        } else {
            return Ok(None);
        };
        let width = if enc == SourceEncoding::Utf16Le { 2 } else { 1 };
        // The start tag is ASCII (`<Objs Version="1.1.0.1" xmlns="…">`).
        let mut probe = head[bom..].to_vec();
        probe.truncate(probe.len() / width * width);
        let Some(text) = ascii(&probe[..probe.len().min(512 * width)], enc).or_else(|| {
            // Non-ASCII after the start tag is fine: cut at the first one.
            let units = probe.len() / width;
            let cut = (0..units)
                .find(|&i| probe[i * width] >= 0x80 || (width == 2 && probe[i * 2 + 1] != 0))
                .unwrap_or(units);
            ascii(&probe[..cut * width], enc)
        }) else {
            return Ok(None);
        };
        let lead = text.len() - text.trim_start().len();
        if !text[lead..].starts_with("<Objs") {
            return Ok(None);
        }
        let Some(gt) = text[lead..].find('>') else {
            return Ok(None);
        };
        if text[lead..lead + gt].ends_with('/') {
            return Ok(None);
        }
        let body_start = (bom + (lead + gt + 1) * width) as u64;

        let tail_len = TAIL.min(size - body_start);
        let mut tail = vec![0u8; tail_len as usize];
        file.seek(SeekFrom::Start(size - tail_len))?;
        file.read_exact(&mut tail)?;
        let mut end = tail.len() - (tail.len() - (size - tail_len) as usize % width) % width;
        let end_bytes = |end: usize| {
            end >= width
                && tail[end - width].is_ascii_whitespace()
                && (width == 1 || tail[end - 1] == 0)
        };
        while end_bytes(end) {
            end -= width;
        }
        let close = pattern("</Objs>", enc);
        if end < close.len() || tail[end - close.len()..end] != close[..] {
            return Ok(None);
        }
        let body_end = size - tail_len + (end - close.len()) as u64;
        file.seek(SeekFrom::Start(0))?;
        Ok((body_end > body_start).then_some(Layout {
            encoding: enc,
            body_start,
            body_end,
        }))
    }
}

fn pattern(text: &str, enc: SourceEncoding) -> Vec<u8> {
    match enc {
        SourceEncoding::Utf16Le => text.bytes().flat_map(|b| [b, 0]).collect(),
        _ => text.as_bytes().to_vec(),
    }
}

/// The position just after the last `\n` that starts a top-level `<Obj`
/// line in `bytes` (whose first byte sits at file offset `origin`), if any
/// lies after `min`.
pub fn last_boundary(bytes: &[u8], origin: u64, min: usize, enc: SourceEncoding) -> Option<usize> {
    let needle = pattern("\n  <Obj", enc);
    let width = if enc == SourceEncoding::Utf16Le { 2 } else { 1 };
    let mut end = bytes.len();
    while end > min {
        let at = memchr::memmem::rfind(&bytes[min..end], &needle)? + min;
        if (origin + at as u64).is_multiple_of(width as u64) {
            return Some(at + width);
        }
        end = at + needle.len() - 1;
    }
    None
}

/// The `<TN RefId="…">` lists defined in a fragment, in order, with their
/// `<T>` texts decoded. `None` when a definition cannot be read (the caller
/// then reads the file sequentially).
pub fn type_name_definitions(
    bytes: &[u8],
    enc: SourceEncoding,
) -> Option<Vec<(String, Vec<String>)>> {
    let open = pattern("<TN ", enc);
    let close = pattern("</TN>", enc);
    let width = if enc == SourceEncoding::Utf16Le { 2 } else { 1 };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], &open) {
        let start = from + i;
        if !start.is_multiple_of(width) {
            from = start + 1;
            continue;
        }
        let end = start + memchr::memmem::find(&bytes[start..], &close)? + close.len();
        let text = match enc {
            SourceEncoding::Utf16Le => {
                let (t, bad) =
                    encoding_rs::UTF_16LE.decode_without_bom_handling(&bytes[start..end]);
                if bad {
                    return None;
                }
                t.into_owned()
            }
            _ => std::str::from_utf8(&bytes[start..end]).ok()?.to_owned(),
        };
        out.push(parse_tn(&text)?);
        from = end;
    }
    Some(out)
}

/// Parses `<TN RefId="k"><T>a</T>…</TN>`.
fn parse_tn(text: &str) -> Option<(String, Vec<String>)> {
    let attr = text.find("RefId")?;
    let rest = text[attr + 5..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let value_end = rest[1..].find(quote)?;
    let ref_id = rest[1..1 + value_end].trim().to_owned();
    let mut names = Vec::new();
    let mut lone = 0;
    let mut body = &text[text.find('>')? + 1..];
    while let Some(open) = body.find("<T>") {
        let after = &body[open + 3..];
        let close = after.find("</T>")?;
        let raw = quick_xml::escape::unescape(&after[..close]).ok()?;
        names.push(decode_escapes(&raw, &mut lone).into_owned());
        body = &after[close + 4..];
    }
    Some((ref_id, names))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const DOC: &str = "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">\n  <Obj RefId=\"0\">\n    <TN RefId=\"0\">\n      <T>A_x0060_1</T>\n      <T>B &amp; C</T>\n    </TN>\n    <Obj N=\"x\">\n    </Obj>\n  </Obj>\n  <Obj RefId=\"1\">\n    <TNRef RefId=\"0\" />\n  </Obj>\n</Objs>\n";

    fn utf16(text: &str) -> Vec<u8> {
        let mut v = vec![0xFF, 0xFE];
        text.encode_utf16()
            .for_each(|u| v.extend_from_slice(&u.to_le_bytes()));
        v
    }

    fn layout_of(bytes: &[u8]) -> Option<Layout> {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(bytes).unwrap();
        Layout::of(&mut f, bytes.len() as u64).unwrap()
    }

    #[test]
    fn finds_body_boundaries_and_type_names_in_utf8_and_utf16() {
        let l = layout_of(DOC.as_bytes()).unwrap();
        let body = &DOC[l.body_start as usize..l.body_end as usize];
        assert!(body.starts_with("\n  <Obj RefId=\"0\">"), "{body:?}");
        assert!(body.ends_with("  </Obj>\n"), "{body:?}");
        let b = body.as_bytes();
        let cut = last_boundary(b, l.body_start, 0, l.encoding).unwrap();
        assert!(body[cut..].starts_with("  <Obj RefId=\"1\">"));
        assert_eq!(last_boundary(b, l.body_start, cut, l.encoding), None);
        let defs = type_name_definitions(b, l.encoding).unwrap();
        assert_eq!(
            defs,
            vec![(
                "0".to_string(),
                vec!["A`1".to_string(), "B & C".to_string()]
            )]
        );

        let wide = utf16(DOC);
        let l = layout_of(&wide).unwrap();
        assert_eq!(l.encoding, SourceEncoding::Utf16Le);
        let b = &wide[l.body_start as usize..l.body_end as usize];
        let cut = last_boundary(b, l.body_start, 0, l.encoding).unwrap();
        assert_eq!(cut % 2, 0);
        assert_eq!(
            &b[cut..cut + 6],
            &pattern("  <", SourceEncoding::Utf16Le)[..]
        );
        assert_eq!(
            type_name_definitions(b, l.encoding).unwrap()[0].1[1],
            "B & C"
        );
    }

    #[test]
    fn other_shapes_get_no_layout() {
        assert_eq!(layout_of(format!("#< CLIXML\n{DOC}").as_bytes()), None);
        assert_eq!(layout_of(DOC.replace("</Objs>", "").as_bytes()), None);
        assert_eq!(layout_of(b"<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\" />   "), None);
        assert_eq!(
            layout_of(
                b"Name,Department\nAnn,Sales\nBob,HR\nCid,IT\nDan,Ops\nEve,Sales\nFay,Legal\n"
            ),
            None
        );
    }
}

//! A tag walk over UTF-8 CLIXML bytes with `memchr` only: finds start, end
//! and empty-element tags and their `N`/`RefId` attributes without looking
//! inside text. Shared by the steps that take fragments apart before (or
//! instead of) the full [`Reader`](super::Reader): anything the walk does not
//! expect (comments, CDATA, processing instructions, DTDs, prefixed names,
//! malformed attributes) is an `Err(())`, and the caller then hands the bytes
//! to the reader as they are.

/// One tag found by the walk.
pub(super) struct Tag {
    /// Offset of `<`.
    pub start: usize,
    /// Offset just after `>`.
    pub end: usize,
    /// The tag name's bytes.
    pub name: (usize, usize),
    /// Start, end or empty-element tag.
    pub kind: TagKind,
    /// The `N` attribute's raw value.
    pub n: Option<(usize, usize)>,
    /// The `RefId` attribute's raw value.
    pub ref_id: Option<(usize, usize)>,
}

impl Tag {
    /// Whether the tag's name is `name`.
    pub fn is(&self, b: &[u8], name: &[u8]) -> bool {
        &b[self.name.0..self.name.1] == name
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TagKind {
    /// `<T …>`.
    Start,
    /// `</T>`.
    End,
    /// `<T …/>`.
    Empty,
}

pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_name_end(b: u8) -> bool {
    is_space(b) || b == b'>' || b == b'/' || b == b'='
}

/// The next tag at or after `from`; `Err(())` when something other than a
/// plain start, end or empty-element tag comes first, `Ok(None)` when no
/// `<` is left.
pub(super) fn next_tag(b: &[u8], from: usize) -> Result<Option<Tag>, ()> {
    let Some(i) = memchr::memchr(b'<', &b[from..]) else {
        return Ok(None);
    };
    let start = from + i;
    let mut p = start + 1;
    let end_tag = b.get(p) == Some(&b'/');
    if end_tag {
        p += 1;
    }
    let name = tag_name(b, p)?;
    p = name.1;
    let tag = |end, kind, n, ref_id| {
        Ok(Some(Tag {
            start,
            end,
            name,
            kind,
            n,
            ref_id,
        }))
    };
    if end_tag {
        p = skip_space(b, p);
        if b.get(p) != Some(&b'>') {
            return Err(());
        }
        return tag(p + 1, TagKind::End, None, None);
    }
    let mut n = None;
    let mut ref_id = None;
    loop {
        p = skip_space(b, p);
        match b.get(p) {
            Some(b'>') => return tag(p + 1, TagKind::Start, n, ref_id),
            Some(b'/') => {
                if b.get(p + 1) != Some(&b'>') {
                    return Err(());
                }
                return tag(p + 2, TagKind::Empty, n, ref_id);
            }
            Some(_) => {}
            None => return Err(()),
        }
        let (attr, value) = attribute(b, p)?;
        let slot = match attr {
            b"N" => Some(&mut n),
            b"RefId" => Some(&mut ref_id),
            _ => None,
        };
        if let Some(slot) = slot {
            if slot.is_some() {
                return Err(());
            }
            *slot = Some(value);
        }
        p = value.1 + 1;
        if !matches!(b.get(p), Some(&c) if is_space(c) || c == b'>' || c == b'/') {
            return Err(());
        }
    }
}

/// The span of the plain element name at `p` (no prefix, no markup).
fn tag_name(b: &[u8], mut p: usize) -> Result<(usize, usize), ()> {
    let name_start = p;
    while p < b.len() && !is_name_end(b[p]) {
        let c = b[p];
        if c == b':' || c == b'!' || c == b'?' || c == b'<' || c == b'"' || c == b'\'' {
            return Err(());
        }
        p += 1;
    }
    if p == name_start || p >= b.len() {
        return Err(());
    }
    Ok((name_start, p))
}

/// The attribute at `p`: its name and the span of its quoted value.
fn attribute(b: &[u8], mut p: usize) -> Result<(&[u8], (usize, usize)), ()> {
    let attr_start = p;
    while p < b.len() && !is_name_end(b[p]) {
        if matches!(b[p], b'<' | b'"' | b'\'' | b':') {
            return Err(());
        }
        p += 1;
    }
    if p == attr_start {
        return Err(());
    }
    let attr = &b[attr_start..p];
    p = skip_space(b, p);
    if b.get(p) != Some(&b'=') {
        return Err(());
    }
    p = skip_space(b, p + 1);
    let quote = match b.get(p) {
        Some(&q @ (b'"' | b'\'')) => q,
        _ => return Err(()),
    };
    let value_start = p + 1;
    let Some(len) = memchr::memchr(quote, &b[value_start..]) else {
        return Err(());
    };
    let value = (value_start, value_start + len);
    if b[value.0..value.1].contains(&b'<') {
        return Err(());
    }
    Ok((attr, value))
}

/// The end of the element opened by `open` (a start tag) and whether it
/// holds a `<TN>` list.
pub(super) fn element_end(b: &[u8], open: &Tag) -> Result<(usize, bool), ()> {
    // Open elements, innermost last; recipient members nest a few deep.
    let mut names: smallvec::SmallVec<[(usize, usize); 8]> = smallvec::smallvec![open.name];
    let mut has_tn = false;
    let mut pos = open.end;
    while let Some(&top) = names.last() {
        let tag = next_tag(b, pos)?.ok_or(())?;
        pos = tag.end;
        match tag.kind {
            TagKind::Start => {
                if &b[tag.name.0..tag.name.1] == b"TN" {
                    has_tn = true;
                }
                names.push(tag.name);
            }
            TagKind::Empty => {}
            TagKind::End => {
                if b[tag.name.0..tag.name.1] != b[top.0..top.1] {
                    return Err(());
                }
                names.pop();
            }
        }
    }
    Ok((pos, has_tn))
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes of `word` that equal `c`, as their high bits (exactly: no
/// carry crosses from one byte to the next).
fn matches_in(word: u64, c: u8) -> u64 {
    let x = word ^ (LOW * u64::from(c));
    let nonzero = ((x & !HIGH).wrapping_add(!HIGH) | x) & HIGH;
    !nonzero & HIGH
}

/// The first offset at or after `from` of `a` or `b`: eight bytes at a time
/// for the short distances between the parts of a member, then `memchr2`.
fn find2(bytes: &[u8], from: usize, a: u8, b: u8) -> Option<usize> {
    let mut at = from;
    for _ in 0..4 {
        let Some(word) = word_at(bytes, at) else {
            break;
        };
        let found = matches_in(word, a) | matches_in(word, b);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    memchr::memchr2(a, b, &bytes[at..]).map(|i| at + i)
}

/// The first offset at or after `from` that is not white space (or the
/// length), eight bytes at a time.
fn skip_space(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(word) = word_at(bytes, at) {
        let space = matches_in(word, b' ')
            | matches_in(word, b'\n')
            | matches_in(word, b'\r')
            | matches_in(word, b'\t');
        let other = !space & HIGH;
        if other != 0 {
            return at + (other.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && is_space(bytes[at]) {
        at += 1;
    }
    at
}

/// Whether the reader takes an element named `name` as a member of a
/// `<Props>` (`in_ms` false) or `<MS>` (true): a value element, or a nested
/// member set inside `<MS>`.
pub(super) fn is_member_tag(name: &[u8], in_ms: bool) -> bool {
    matches!(name, b"Obj" | b"Ref" | b"Nil" | b"BA" | b"SS" | b"PR")
        || (in_ms && name == b"MS")
        || super::PrimTag::from_name(name).is_some()
}

/// A member of the common shape (see [`simple_member`]).
pub(super) struct SimpleMember {
    /// Offset of `<`.
    pub start: usize,
    /// Offset just after the member's last `>`.
    pub end: usize,
    /// The tag name's bytes.
    pub tag: (usize, usize),
    /// The `N` attribute's raw value.
    pub n: (usize, usize),
    /// The raw text between start and end tag; `None` for `<T N="…" />`.
    pub text: Option<(usize, usize)>,
}

/// The common member shapes, recognised without the general tag walk:
/// after nothing but white space from `from`, `<T N="…" />` or
/// `<T N="…">text</T>` with `T` a primitive tag or `Nil`
/// (a `<Ref>` carries `RefId` as well and takes the general way). `None`
/// sends the member through [`next_tag`] and [`element_end`].
pub(super) fn simple_member(b: &[u8], from: usize) -> Option<SimpleMember> {
    // Members are a few bytes apart: step over the white space between
    // them rather than search.
    let start = skip_space(b, from);
    // `<`, the tag name and the space after it lie in the eight bytes at
    // `start` for every primitive tag but `<Version`.
    let head = word_at(b, start)?;
    if head as u8 != b'<' {
        return None;
    }
    let space = matches_in(head >> 8, b' ');
    if space == 0 {
        return None;
    }
    let name_start = start + 1;
    let name_len = (space.trailing_zeros() / 8) as usize;
    let name = &b[name_start..name_start + name_len];
    if name != b"Nil" && super::PrimTag::from_name(name).is_none() {
        return None;
    }
    let value_start = name_start + name_len + 4;
    if b.get(name_start + name_len..value_start)? != b" N=\"" {
        return None;
    }
    let value_end = find2(b, value_start, b'"', b'<')?;
    if b[value_end] != b'"' {
        return None;
    }
    let member = |end, text| SimpleMember {
        start,
        end,
        tag: (name_start, name_start + name_len),
        n: (value_start, value_end),
        text,
    };
    let after = value_end + 1;
    match b.get(after..after + 3)? {
        [b' ', b'/', b'>'] => return Some(member(after + 3, None)),
        [b'/', b'>', _] => return Some(member(after + 2, None)),
        [b'>', ..] => {}
        _ => return None,
    }
    let text = after + 1;
    let close = find2(b, text, b'<', b'<')?;
    let tail = b.get(close + 1..close + 3 + name_len)?;
    (tail[0] == b'/' && &tail[1..=name_len] == name && tail[name_len + 1] == b'>')
        .then(|| member(close + 3 + name_len, Some((text, close))))
}

/// The eight bytes at `at` as a little-endian word; `None` when fewer are
/// left.
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..at + 8)?;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    Some(u64::from_le_bytes(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The word-at-a-time searches agree with a byte-by-byte look.
        #[test]
        fn word_searches_agree_with_bytes(
            bytes in proptest::collection::vec(proptest::sample::select(
                vec![b' ', b'!', b'\n', b'\x0b', b'\r', b'\x0c', b'\t', b'\x08', b'<', b'"', b'#', b'a', 0xA0, 0x00]
            ), 0..80),
            from in 0usize..80,
        ) {
            let from = from.min(bytes.len());
            let naive_space = (from..bytes.len()).find(|&i| !is_space(bytes[i])).unwrap_or(bytes.len());
            proptest::prop_assert_eq!(skip_space(&bytes, from), naive_space);
            let naive = (from..bytes.len()).find(|&i| bytes[i] == b'"' || bytes[i] == b'<');
            proptest::prop_assert_eq!(find2(&bytes, from, b'"', b'<'), naive);
            let naive = (from..bytes.len()).find(|&i| bytes[i] == b'<');
            proptest::prop_assert_eq!(find2(&bytes, from, b'<', b'<'), naive);
        }
    }
}

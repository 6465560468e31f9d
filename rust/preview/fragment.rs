//! Turns one fragment of a large export (whole top-level objects, as the
//! parallel read cuts them) into projected recipients.
//!
//! UTF-8 fragments are read in the cheapest way that gives the same records:
//! objects of the usual shape straight from the bytes
//! ([`ShallowObjects`]), the others by the [`Reader`] after their unwanted
//! members were left out ([`drop_unwanted_members`]). When even that does
//! not work out (a `<Ref>` to an earlier object, a malformed fragment) the
//! whole fragment goes through the reader, whose error — with the file
//! offset — sends the file to a sequential read.

use crate::clixml::{
    ClixmlError, Reader, ReaderOptions, ShallowItem, ShallowObjects, SourceEncoding,
    drop_unwanted_members,
};
use crate::recipient::{Recipient, push_recipients};

/// One fragment of a file.
pub struct Fragment<'a> {
    /// The fragment's bytes.
    pub bytes: &'a [u8],
    /// Its offset in the file.
    pub origin: u64,
    /// Its encoding (never with a BOM).
    pub encoding: SourceEncoding,
    /// The `<TN>` lists earlier fragments defined (RefId, names).
    pub type_names: &'a [(String, Vec<String>)],
}

impl Fragment<'_> {
    /// The recipients of the fragment, projected to `wanted`. `scratch` is a
    /// buffer the caller reuses from one fragment to the next.
    pub fn recipients(
        &self,
        wanted: Option<&[String]>,
        scratch: &mut Vec<u8>,
    ) -> Result<Vec<Recipient>, ClixmlError> {
        if let (SourceEncoding::Utf8, Some(names)) = (self.encoding, wanted)
            && let Some(list) = self.shallow(names, scratch)
        {
            return Ok(list);
        }
        let mut out = Vec::new();
        self.read(self.bytes, wanted, self.type_names, scratch, &mut out)?;
        Ok(out)
    }

    /// Parses `bytes` (the fragment or one of its objects) with the reader
    /// preloaded with `type_names`, leaving unwanted members out first when
    /// that is provably equal (UTF-8 of the usual shape), and appends the
    /// recipients to `out`. Error offsets are moved by the fragment's
    /// origin: file offsets when `bytes` is the whole fragment.
    fn read(
        &self,
        bytes: &[u8],
        wanted: Option<&[String]>,
        type_names: &[(String, Vec<String>)],
        scratch: &mut Vec<u8>,
        out: &mut Vec<Recipient>,
    ) -> Result<(), ClixmlError> {
        let bytes = match (self.encoding, wanted) {
            (SourceEncoding::Utf8, Some(names)) if drop_unwanted_members(bytes, names, scratch) => {
                &scratch[..]
            }
            _ => bytes,
        };
        for value in self.reader(bytes, wanted, type_names) {
            let value = value.map_err(|mut e| {
                e.offset += self.origin;
                e
            })?;
            push_recipients(&value, wanted, out);
        }
        Ok(())
    }

    fn reader<'b>(
        &self,
        bytes: &'b [u8],
        wanted: Option<&[String]>,
        type_names: &[(String, Vec<String>)],
    ) -> Reader<&'b [u8]> {
        let options = ReaderOptions {
            projection: wanted.map(<[String]>::to_vec),
            encoding: Some(self.encoding),
            ..ReaderOptions::default()
        };
        let mut reader = Reader::with_options(bytes, options);
        reader.preload_type_names(type_names);
        reader
    }

    /// Reads objects of the usual shape straight from the bytes and the
    /// others one by one with the reader; `None` when anything fails.
    fn shallow(&self, wanted: &[String], scratch: &mut Vec<u8>) -> Option<Vec<Recipient>> {
        let mut objects = ShallowObjects::new(self.bytes, wanted, self.type_names)?;
        let mut out = Vec::new();
        while let Some(item) = objects.next() {
            match item.ok()? {
                ShallowItem::Object(obj) => {
                    out.push(Recipient::from_owned_object(obj, Some(wanted)));
                }
                ShallowItem::Other(bytes) => {
                    let definitions = objects.definitions();
                    self.read(bytes, Some(wanted), definitions, scratch, &mut out)
                        .ok()?;
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clixml::{Reader, ReaderOptions};

    fn wanted() -> Vec<String> {
        [
            "Name",
            "Department",
            "EmailAddresses",
            "Guid",
            "RecipientTypeDetails",
        ]
        .map(String::from)
        .to_vec()
    }

    /// Three objects of the shape Exchange exports give: type names defined
    /// inside a member of the first, lists, primitives of several kinds.
    const DOC: &str = r#"
  <Obj RefId="0">
    <TN RefId="0">
      <T>Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox</T>
      <T>Deserialized.System.Object</T>
    </TN>
    <ToString>Ann_x0020_Lee</ToString>
    <Props>
      <S N="Name">Ann Lee</S>
      <S N="Title">Boss &amp; more</S>
      <Nil N="Manager" />
      <Obj N="ObjectClass" RefId="1">
        <TN RefId="1">
          <T>Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[[System.String]]</T>
        </TN>
        <LST><S>top</S><S>user</S></LST>
      </Obj>
      <S N="Department">Sales_x000A_East</S>
      <G N="Guid">0b7e5f0e-3c1a-4e55-9d1e-2f7b9c1d0a11</G>
      <Obj N="EmailAddresses" RefId="2">
        <TNRef RefId="1" />
        <LST>
          <S>SMTP:ann@contoso.com</S>
          <S>smtp:a@contoso.com</S>
        </LST>
      </Obj>
    </Props>
    <MS><S N="PSComputerName">ex01</S><S N="RecipientTypeDetails">UserMailbox</S></MS>
  </Obj>
  <Obj RefId="3">
    <TNRef RefId="0" />
    <ToString>Bob</ToString>
    <Props>
      <Obj N="ObjectClass" RefId="4"><TNRef RefId="1" /><LST><S>top</S></LST></Obj>
      <S N="Name">Bob 😀</S>
      <S N="Department"></S>
      <S N="department">second</S>
      <B N="AccountDisabled">true</B>
      <Obj N="EmailAddresses" RefId="5"><TNRef RefId="1" /><LST /></Obj>
      <S N="RecipientTypeDetails">SharedMailbox</S>
    </Props>
  </Obj>
  <Obj RefId="6">
    <TNRef RefId="0" />
    <Props>
      <S N="Name">Cy</S>
      <I32 N="Department">42</I32>
      <Obj N="EmailAddresses" RefId="7"><TNRef RefId="1" /><IE><S>x</S><Nil /><S /></IE></Obj>
    </Props>
    <MS><S N="Name">Cy in MS</S></MS>
  </Obj>
"#;

    /// What the reader gives for the whole text, read sequentially.
    fn expected(text: &str) -> Result<Vec<Recipient>, ()> {
        let options = ReaderOptions {
            projection: Some(wanted()),
            ..ReaderOptions::default()
        };
        let mut out = Vec::new();
        for value in Reader::with_options(text.as_bytes(), options) {
            push_recipients(&value.map_err(|_| ())?, Some(&wanted()), &mut out);
        }
        Ok(out)
    }

    fn got(text: &str) -> Result<Vec<Recipient>, ()> {
        let fragment = Fragment {
            bytes: text.as_bytes(),
            origin: 0,
            encoding: SourceEncoding::Utf8,
            type_names: &[],
        };
        fragment
            .recipients(Some(&wanted()), &mut Vec::new())
            .map_err(|_| ())
    }

    fn first_difference(text: &str) -> String {
        let at = DOC
            .bytes()
            .zip(text.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        text[at.saturating_sub(20)..(at + 60).min(text.len())].to_string()
    }

    #[test]
    fn the_usual_shape_gives_the_readers_recipients() {
        let expected = expected(DOC).unwrap();
        assert_eq!(expected.len(), 3);
        assert_eq!(expected[0].first("Department"), Some("Sales\nEast"));
        assert_eq!(
            expected[0].record.values("EmailAddresses").unwrap().len(),
            2
        );
        assert_eq!(got(DOC).unwrap(), expected);
    }

    /// Each variant is either read the same way or, when the reader rejects
    /// it, rejected too — never read differently.
    #[test]
    fn variants_give_the_readers_recipients_or_its_refusal() {
        let variants: Vec<String> = [
            (
                "<S N=\"Name\">Ann Lee</S>",
                "<S N=\"N_x0061_me\">Ann Lee</S>",
            ),
            (
                "<S N=\"Name\">Ann Lee</S>",
                "<S N=\"Name\">Ann &amp; Lee</S>",
            ),
            ("<S N=\"Name\">Ann Lee</S>", "<S N=\"Name\">Ann\r\nLee</S>"),
            (
                "<S N=\"Name\">Ann Lee</S>",
                "<S N=\"Name\">&lt;Ann&gt; &quot;&apos;</S>",
            ),
            (
                "<S N=\"Name\">Ann Lee</S>",
                "<S N=\"Name\">Ann &#38; &#x41;</S>",
            ),
            (
                "<S N=\"Name\">Ann Lee</S>",
                "<S N=\"Name\">Ann &nbsp; Lee</S>",
            ),
            ("<S N=\"Name\">Ann Lee</S>", "<S N=\"Name\">Ann & Lee</S>"),
            ("<S N=\"Name\">Ann Lee</S>", "<S N=\"Name\">Ann &amp</S>"),
            ("<S N=\"Name\">Ann Lee</S>", "<S N=\"Name\">&#95;x0041_</S>"),
            ("<S N=\"Name\">Ann Lee</S>", "<S N='Name'>Ann Lee</S>"),
            ("<S N=\"Name\">Ann Lee</S>", "<S  N=\"Name\" >Ann Lee</S>"),
            (
                "<S N=\"Name\">Ann Lee</S>",
                "<S N=\"Name\"><![CDATA[Ann]]></S>",
            ),
            (
                "<S N=\"Name\">Ann Lee</S>",
                "<S N=\"Name\">Ann<!-- c --></S>",
            ),
            (
                "<S N=\"Name\">Ann Lee</S>",
                "<Ref N=\"Name\" RefId=\"1\" />",
            ),
            ("<S N=\"Name\">Ann Lee</S>", "<S N=\"Name\">Ann</S>stray"),
            ("<S N=\"Name\">Ann Lee</S>", "<S N=\"Name\" />"),
            ("<S N=\"Name\">Ann Lee</S>", "<Nil N=\"Name\"></Nil>"),
            ("<S N=\"Name\">Ann Lee</S>", "<S>Ann Lee</S>"),
            ("<S N=\"Name\">Ann Lee</S>", "<S N=\"Name\">Ann Lee</B>"),
            ("<G N=\"Guid\">0b7e", "<G N=\"Guid\">zz7e"),
            (
                "<I32 N=\"Department\">42</I32>",
                "<I32 N=\"Department\">4x2</I32>",
            ),
            (
                "<I32 N=\"Department\">42</I32>",
                "<I32 N=\"Department\"> 42 </I32>",
            ),
            (
                "<TNRef RefId=\"0\" />\n    <Props>\n      <S N=\"Name\">Cy",
                "<TNRef RefId=\"9\" />\n    <Props>\n      <S N=\"Name\">Cy",
            ),
            (
                "<TNRef RefId=\"0\" />\n    <ToString>Bob",
                "<TNRef RefId=\"1\" />\n    <ToString>Bob",
            ),
            ("<ToString>Bob</ToString>", "<ToString />"),
            (
                "<ToString>Bob</ToString>",
                "<ToString>Bob</ToString><ToString>B</ToString>",
            ),
            ("<ToString>Bob</ToString>", "<ToString>B&lt;b</ToString>"),
            ("<ToString>Bob</ToString>", "<LST><S>a</S></LST>"),
            (
                "<Props>\n      <S N=\"Name\">Cy",
                "<Props />\n    <Props>\n      <S N=\"Name\">Cy",
            ),
            (
                "<LST /></Obj>",
                "<LST><Obj RefId=\"8\"><S>x</S></Obj></LST></Obj>",
            ),
            ("<LST /></Obj>", "<LST><S N=\"x\">a</S></LST></Obj>"),
            ("<LST /></Obj>", "<DCT /></Obj>"),
            ("<LST /></Obj>", "<ToString>x</ToString><LST /></Obj>"),
            ("<LST /></Obj>", "<LST /><LST /></Obj>"),
            ("<LST /></Obj>", "</Obj>"),
            ("<LST /></Obj>", "<STK><S>b</S><S>a</S></STK></Obj>"),
            (
                "<TNRef RefId=\"1\" /><LST /></Obj>",
                "<TN RefId=\"9\"><T>X</T></TN><LST /></Obj>",
            ),
            (
                "<B N=\"AccountDisabled\">true</B>",
                "<Obj N=\"Extra\" RefId=\"9\"><TN RefId=\"0\"><T>Other</T></TN></Obj>",
            ),
            (
                "<B N=\"AccountDisabled\">true</B>",
                "<Ref N=\"RecipientTypeDetails\" RefId=\"0\" />",
            ),
            (
                "<B N=\"AccountDisabled\">true</B>",
                "<Obj N=\"Name\" RefId=\"9\"><TNRef RefId=\"1\" /><LST><S>n</S></LST></Obj>",
            ),
            (
                "<B N=\"AccountDisabled\">true</B>",
                "<Obj N=\"Name\" RefId=\"9\"><ToString>Enum</ToString><I32>1</I32></Obj>",
            ),
            (
                "<B N=\"AccountDisabled\">true</B>",
                "<MS N=\"set\"><S N=\"Name\">in set</S></MS>",
            ),
            (
                "<B N=\"AccountDisabled\">true</B>",
                "<S N=\"Name\">x</S><S N=\"NAME\">y</S>",
            ),
            ("<Obj RefId=\"6\">", "<Obj RefId=\"6\" N=\"top\">"),
            ("  <Obj RefId=\"6\">", "  <S>loose</S>\n  <Obj RefId=\"6\">"),
            ("  <Obj RefId=\"6\">", "  junk\n  <Obj RefId=\"6\">"),
            ("<MS><S N=\"Name\">Cy in MS</S></MS>", "<MS />"),
            (
                "<MS><S N=\"Name\">Cy in MS</S></MS>",
                "<MS><S N=\"Name\">Cy in MS</S></MS><MS><S N=\"Name\">again</S></MS>",
            ),
            (
                "</Props>\n  </Obj>\n  <Obj RefId=\"6\">",
                "</Props>\n  </Obj>\n<Obj RefId=\"6\">",
            ),
        ]
        .iter()
        .map(|(from, to)| {
            assert!(DOC.contains(from), "{from}");
            DOC.replacen(from, to, 1)
        })
        .chain([DOC[..DOC.len() - 30].to_string()])
        .collect();
        for text in &variants {
            let expected = expected(text);
            match &expected {
                Ok(list) => assert_eq!(got(text).as_ref(), Ok(list), "{text}"),
                Err(()) => assert!(
                    got(text).is_err(),
                    "accepted what the reader refuses: {}",
                    first_difference(text)
                ),
            }
        }
    }
}

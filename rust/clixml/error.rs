//! The error a CLIXML read stops with: what went wrong, where (byte offset in
//! the file as stored on disk) and what the reader expected there.

use std::fmt;

/// What kind of problem stopped the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClixmlErrorKind {
    /// The underlying `Read` failed.
    Io,
    /// The bytes are not in a supported encoding (invalid UTF-8, UTF-32…).
    Encoding,
    /// The XML itself is broken (bad tag syntax, mismatched end tag…).
    Syntax,
    /// The file ended in the middle of an object.
    Truncated,
    /// Well-formed XML that is not valid CLIXML (unknown tag, text where an
    /// element belongs, a value without a required attribute…).
    Structure,
    /// A primitive element whose text does not parse (e.g. `<I32>x</I32>`).
    BadValue,
    /// A `<Ref>` or `<TNRef>` that names no earlier definition, or an object
    /// whose base object is itself.
    BadReference,
    /// A `<!DOCTYPE>` / entity declaration, or an entity other than the five
    /// predefined ones.
    Dtd,
    /// Nesting deeper than the configured limit.
    TooDeep,
    /// A configured resource limit was hit (type-name table size…).
    Limit,
    /// A `<Ref>` in a projected property points at an object the projection
    /// skipped; read again without projection.
    SkippedByProjection,
    /// The caller cancelled the read.
    Cancelled,
    /// The file has no content (0 bytes, or only a byte-order mark and white
    /// space).
    Empty,
    /// The file holds binary data, not text.
    NotText,
}

impl ClixmlErrorKind {
    /// Short lower-case label used in messages and across the C ABI.
    pub fn label(self) -> &'static str {
        match self {
            ClixmlErrorKind::Io => "I/O error",
            ClixmlErrorKind::Encoding => "encoding error",
            ClixmlErrorKind::Syntax => "XML syntax error",
            ClixmlErrorKind::Truncated => "truncated file",
            ClixmlErrorKind::Structure => "not valid CLIXML",
            ClixmlErrorKind::BadValue => "bad value",
            ClixmlErrorKind::BadReference => "bad reference",
            ClixmlErrorKind::Dtd => "DTD or entity declaration",
            ClixmlErrorKind::TooDeep => "nesting too deep",
            ClixmlErrorKind::Limit => "limit exceeded",
            ClixmlErrorKind::SkippedByProjection => "reference into a skipped property",
            ClixmlErrorKind::Cancelled => "cancelled",
            ClixmlErrorKind::Empty => "empty file",
            ClixmlErrorKind::NotText => "not a text file",
        }
    }

    /// The likely cause and its fix, for a person reading the message
    /// (empty when the finding says it all).
    pub fn likely_cause(self) -> &'static str {
        match self {
            ClixmlErrorKind::Encoding => {
                "Likely cause: the file is not in an encoding it declares. Export-Clixml writes UTF-8, or UTF-16 with a byte-order mark; save the file that way (for example Get-Content x.xml | Set-Content -Encoding UTF8 y.xml) or export it again."
            }
            ClixmlErrorKind::Syntax => {
                "Likely cause: the file was damaged or edited after the export. Export it again (Export-Clixml or Export-Csv)."
            }
            ClixmlErrorKind::Truncated => {
                "Likely cause: the file was cut short (an interrupted export or copy, a full disk). Export it again."
            }
            ClixmlErrorKind::Structure
            | ClixmlErrorKind::BadValue
            | ClixmlErrorKind::BadReference => {
                "Likely cause: the file is not one Export-Clixml or Export-Csv wrote, or was edited after the export. Export it again."
            }
            ClixmlErrorKind::Dtd => {
                "Likely cause: the file is not one Export-Clixml wrote (it never writes a DOCTYPE); such declarations are refused."
            }
            ClixmlErrorKind::Empty => {
                "Likely cause: the export wrote nothing (Export-Csv of no objects writes an empty file) or the copy failed. Check that the export returned recipients and export it again."
            }
            ClixmlErrorKind::NotText => {
                "Likely cause: the file is not an export but another format (a .zip, an encrypted or binary file). Give the file Export-Clixml or Export-Csv wrote."
            }
            ClixmlErrorKind::Io
            | ClixmlErrorKind::TooDeep
            | ClixmlErrorKind::Limit
            | ClixmlErrorKind::SkippedByProjection
            | ClixmlErrorKind::Cancelled => "",
        }
    }
}

/// A read failure: kind, byte offset in the original file (after mapping
/// UTF-16 positions back to file bytes), what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClixmlError {
    /// What went wrong.
    pub kind: ClixmlErrorKind,
    /// Byte offset in the file (0-based) at or just before the problem.
    pub offset: u64,
    /// What the reader expected at that point (e.g. "`</Obj>`").
    pub expected: String,
    /// What it found instead, or further detail.
    pub found: String,
}

impl ClixmlError {
    pub(crate) fn new(
        kind: ClixmlErrorKind,
        offset: u64,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        ClixmlError {
            kind,
            offset,
            expected: expected.into(),
            found: found.into(),
        }
    }
}

impl fmt::Display for ClixmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at byte offset {}: expected {}",
            self.kind.label(),
            self.offset,
            self.expected
        )?;
        if !self.found.is_empty() {
            write!(f, ", found {}", self.found)?;
        }
        let cause = self.kind.likely_cause();
        if !cause.is_empty() {
            write!(f, ". {cause}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ClixmlError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_offset_expectation_and_finding() {
        let e = ClixmlError::new(ClixmlErrorKind::Truncated, 42, "`</Obj>`", "end of file");
        let text = e.to_string();
        assert!(text.contains("byte offset 42"), "{text}");
        assert!(text.contains("expected `</Obj>`"), "{text}");
        assert!(text.contains("found end of file"), "{text}");
        assert!(
            text.contains("Likely cause: the file was cut short"),
            "{text}"
        );
    }
}

//! Streaming reader for PowerShell CLIXML exports (`Export-Clixml`).
//!
//! [`Reader`] iterates over the top-level values of a file read from any
//! `Read`: UTF-8 (with or without BOM) and UTF-16 LE/BE with BOM, the
//! `#< CLIXML` marker line, `<Objs>` or a bare value sequence, the file-wide
//! `<TN>`/`<TNRef>` and `<Ref>` tables, every primitive tag, `_xHHHH_`
//! decoding, `<Props>`/`<MS>`, containers; `<BA>` and other blobs are skipped
//! undecoded. Facts: `docs/clixml.md`.

mod compact;
mod error;
mod escape;
mod primitive;
mod reader;
mod refs;
mod shallow;
mod split;
mod tag_scan;
mod transcode;
mod value;

pub use compact::drop_unwanted_members;
pub use error::{ClixmlError, ClixmlErrorKind};
pub use escape::{decode_escapes, encode_escapes};
pub use primitive::PrimTag;
pub use reader::{Reader, ReaderOptions};
pub use shallow::{ShallowItem, ShallowObjects};
pub use split::{Layout, last_boundary, type_name_definitions};
pub use transcode::{SourceEncoding, Utf8Stream};
pub use value::{
    Body, Guid, ListKind, Member, MemberSet, Name, ObjGuard, ObjRef, Object, Skipped, SkippedKind,
    TypeNames, Value, strip_deserialized,
};

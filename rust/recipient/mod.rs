//! The recipient model: records for the OPATH evaluator built from
//! `Get-User`, `Get-Mailbox` and `Get-Recipient` exports (CLIXML in the
//! remote/EMS and snap-in shapes, or CSV), and merging of a `Get-User` with a
//! `Get-Mailbox` export by Guid / DistinguishedName.

mod bounded;
mod import;
mod merge;
mod prefetch;
mod record;
mod reduce;
mod source;

pub use bounded::{Bounded, Bounds, MAX_FILE_BYTES, MAX_RECORD_BYTES};
pub use import::{ImportReader, MAX_DEPTH, MAX_NODES, value_json};
pub use merge::MergeIndex;
pub use prefetch::PrefetchedImport;
pub use record::{IDENTITY_PROPERTIES, Recipient, RecipientKind};
pub use reduce::{Reduced, object_text, reduce, scalar_text};
pub use source::{ExportFormat, RecipientReader, push_recipients};

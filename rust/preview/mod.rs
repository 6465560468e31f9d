//! The scope preview engine: streams recipient records from exports (or from
//! objects handed over in batches) through a compiled OPATH filter and
//! reports who is inside the scope, with a summary.

mod aggregate;
mod findings;
mod fragment;
mod job;
mod parallel;
mod result;
mod table;
mod threads;

pub use aggregate::Aggregator;
pub use findings::findings;
pub use job::{JobMonitor, PreviewError, PreviewJob, PreviewRequest, Progress, preview_files};
pub use parallel::{Parallel, ParallelOptions, read_parallel};
pub use result::{PreviewMatch, PreviewResult, PreviewSummary, SourceSummary, TypeCount};
pub use table::{MatchRecord, MatchTable, NO_TEXT, ROW_WIDTH};

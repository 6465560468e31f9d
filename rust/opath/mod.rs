//! OPATH recipient filters: lexer, parser, property catalog, canonical form,
//! evaluator — the filter language of `New-ManagementScope
//! -RecipientRestrictionFilter`, known offline as Exchange knows it
//! (`docs/opath.md`).
//!
//! Entry point: [`Filter::compile`].

mod analyze;
pub mod builder;
pub mod canonical;
pub mod catalog;
mod countries;
pub mod diagnostic;
mod enums;
pub mod environment;
pub mod evaluate;
pub mod filter;
pub mod lexer;
mod lint;
pub mod parser;
pub mod record;
pub mod tree;
pub mod value;

pub use diagnostic::{Diagnostic, Severity};
pub use environment::Environment;
pub use evaluate::{Engine, Evaluation};
pub use filter::Filter;
pub use record::Record;

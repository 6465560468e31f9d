//! Typed filter values and their conversion from filter text (spec §5.6).

use super::catalog::{Property, PropertyType};
use super::diagnostic::{Diagnostic, codes};

/// A value converted to its property's type.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Text, compared ignoring case.
    Text(String),
}

impl Value {
    /// The value's text in the canonical form (before quoting).
    pub fn canonical_text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
        }
    }
}

/// Converts filter text to `property`'s type.
pub fn convert(property: &Property, text: &str) -> Result<Value, Diagnostic> {
    match property.kind {
        PropertyType::String => Ok(Value::Text(text.to_owned())),
        _ => Err(Diagnostic::error(
            codes::INVALID_VALUE,
            format!(
                "Values of {} properties are not checked yet.",
                property.kind.name()
            ),
        )),
    }
}

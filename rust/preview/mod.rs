//! Scope preview.
